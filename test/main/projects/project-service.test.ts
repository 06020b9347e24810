import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProjectService, hashFile, type ProjectDialogs } from '../../../src/main/projects/project-service'
import { parseProject, serializeProject } from '../../../src/main/projects/project-file'
import { xorProject } from './fixtures'

let dir: string
let picked: { open: string | null; save: string | null; data: string | null }
const dialogs: ProjectDialogs = {
  openProject: async () => picked.open,
  saveProject: async () => picked.save,
  openDataFile: async () => picked.data,
}
const service = () => new ProjectService({ stateDir: join(dir, 'state'), dialogs })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-projects-'))
  picked = { open: null, save: null, data: null }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('project files', () => {
  it('round-trips: what is saved opens as the same document', async () => {
    picked.save = join(dir, 'xor')
    const saved = await service().save(xorProject(), { via: 'dialog' })
    picked.open = saved.path
    const opened = await service().open({ via: 'dialog' })
    expect(opened.document).toEqual({ ...xorProject(), name: 'xor' })
  })

  it('adds the .layerwise.json extension and names the project after the file', async () => {
    picked.save = join(dir, 'my net')
    const saved = await service().save(xorProject(), { via: 'dialog' })
    expect(saved.path).toBe(join(dir, 'my net.layerwise.json'))
    expect(saved.name).toBe('my net')
  })

  it('saves again to the same file through its handle, leaving no temp file behind', async () => {
    picked.save = join(dir, 'p.layerwise.json')
    const s = service()
    const first = await s.save(xorProject('p'), { via: 'dialog' })
    await s.save({ ...xorProject('p'), settings: { ...xorProject().settings, epochs: 7 } }, { via: 'handle', handle: first.handle })
    expect(parseProject(readFileSync(first.path, 'utf8')).settings.epochs).toBe(7)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses a file from a newer format version with a clear message', () => {
    const newer = { ...xorProject(), version: 2 }
    expect(() => parseProject(JSON.stringify(newer))).toThrow(/saved by a newer Layerwise \(project format version 2; this version reads up to 1\)\. Update Layerwise to open it\./)
  })

  it('refuses a file that is not a project', () => {
    expect(() => parseProject('{"format":"nn-model","version":1}')).toThrow(/is not a Layerwise project/)
  })

  it('refuses a damaged project (a node with a negative unit count)', () => {
    const bad = xorProject()
    ;(bad.graph.nodes[1]!.config as { units: number }).units = -4
    expect(() => parseProject(serializeProject(bad))).toThrow(/damaged or not a valid Layerwise project/)
  })
})

describe('recent files and handles', () => {
  it('lists saved and opened projects, newest first, across restarts', async () => {
    picked.save = join(dir, 'a')
    await service().save(xorProject(), { via: 'dialog' })
    picked.save = join(dir, 'b')
    await service().save(xorProject(), { via: 'dialog' })
    expect((await service().list()).map((r) => r.name)).toEqual(['b', 'a'])
  })

  it('opens a recent file by its handle', async () => {
    picked.save = join(dir, 'a')
    await service().save(xorProject(), { via: 'dialog' })
    const [recent] = await service().list()
    const opened = await service().open({ via: 'recent', handle: recent!.handle })
    expect(opened.name).toBe('a')
  })

  it('refuses a handle it did not hand out', async () => {
    await expect(service().open({ via: 'recent', handle: 'not-mine' })).rejects.toThrow(/no longer in the recent files/)
  })

  it('without dialogs (web host) says to use upload and download', async () => {
    const web = new ProjectService({ stateDir: null, dialogs: null })
    await expect(web.open({ via: 'dialog' })).rejects.toThrow(/opened by upload and saved by download/)
  })

  it('autosaves an untitled project into a recovery file listed among the recent files', async () => {
    const s = service()
    await s.autosave(xorProject('draft'), null)
    const [recent] = await s.list()
    expect(recent!.name).toBe('draft (autosaved)')
    expect(parseProject(readFileSync(recent!.path, 'utf8')).name).toBe('draft')
  })
})

describe('data files', () => {
  function withDataFile(path: string, sha256: string) {
    return { ...xorProject(), data: { kind: 'file' as const, name: 'points.csv', path, sha256 } }
  }

  it('reports a data file that moved instead of failing, and says what to do', async () => {
    const project = join(dir, 'p.layerwise.json')
    writeFileSync(project, serializeProject(withDataFile(join(dir, 'gone.csv'), 'a'.repeat(64))))
    picked.open = project
    const opened = await service().open({ via: 'dialog' })
    expect(opened.data.status).toBe('missing')
    expect(opened.data.message).toMatch(/no longer at .*gone\.csv: drop it on the window again, or locate it/)
  })

  it('reports a data file whose content changed (hash mismatch)', async () => {
    const data = join(dir, 'points.csv')
    writeFileSync(data, 'x,y\n1,0\n')
    const project = join(dir, 'p.layerwise.json')
    writeFileSync(project, serializeProject(withDataFile(data, 'b'.repeat(64))))
    picked.open = project
    expect((await service().open({ via: 'dialog' })).data.status).toBe('changed')
  })

  it('accepts an unchanged data file', async () => {
    const data = join(dir, 'points.csv')
    writeFileSync(data, 'x,y\n1,0\n')
    const project = join(dir, 'p.layerwise.json')
    writeFileSync(project, serializeProject(withDataFile(data, await hashFile(data))))
    picked.open = project
    expect((await service().open({ via: 'dialog' })).data.status).toBe('ok')
  })

  it('locates a moved data file through the dialog and hashes it', async () => {
    picked.data = join(dir, 'found.csv')
    writeFileSync(picked.data, 'abc')
    const ref = await service().locateData('points.csv')
    expect(ref).toEqual({ kind: 'file', name: 'found.csv', path: picked.data, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', size: 3 })
  })

  it('keeps no state on disk without a state folder', async () => {
    await new ProjectService({ stateDir: null, dialogs }).list()
    expect(existsSync(join(dir, 'state'))).toBe(false)
  })
})
