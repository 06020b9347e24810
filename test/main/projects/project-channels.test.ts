import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { DataStore } from '../../../src/main/services/data-store'
import type { ProjectService } from '../../../src/main/projects/project-service'
import { xorProject } from './fixtures'

const projects = { save: vi.fn(async () => ({ handle: 'h1', name: 'x', path: '/p', savedAt: 'now' })), open: vi.fn(), parse: vi.fn() }
const handlers = createHandlers({
  jobs: {} as JobManager,
  info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } },
  data: {} as DataStore,
  projects: projects as unknown as ProjectService,
})

describe('project:* channels', () => {
  it('passes a valid document and target to the service', async () => {
    const reply = await dispatch(handlers, 'project:save', [xorProject(), { via: 'dialog' }])
    expect(reply.ok).toBe(true)
    expect(projects.save).toHaveBeenCalledWith(xorProject(), { via: 'dialog' })
  })

  it('refuses a path where a handle is expected (paths never come from the renderer)', async () => {
    const reply = await dispatch(handlers, 'project:save', [xorProject(), { via: 'path', path: '/etc/passwd' }])
    expect(reply.ok).toBe(false)
  })

  it('refuses a handle that is not an opaque id', async () => {
    const reply = await dispatch(handlers, 'project:open', [{ via: 'recent', handle: '../../etc/passwd' }])
    expect(reply.ok).toBe(false)
  })

  it('refuses a document with an unknown node kind', async () => {
    const bad = xorProject()
    ;(bad.graph.nodes[1] as { kind: string }).kind = 'conv2d'
    expect((await dispatch(handlers, 'project:save', [bad, { via: 'dialog' }])).ok).toBe(false)
  })

  it('answers a newer-version upload with the message of the parser', async () => {
    const web = createHandlers({ jobs: {} as JobManager, info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }, data: {} as DataStore })
    const reply = await dispatch(web, 'project:parse', [JSON.stringify({ ...xorProject(), version: 3 })])
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/newer Layerwise \(project format version 3/) })
  })
})
