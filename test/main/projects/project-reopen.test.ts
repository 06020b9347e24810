// A project that trains on an imported file keeps its data across a restart: it saves the file's path,
// name, size and SHA-256; a new backend instance opens it and re-imports the file when it is still
// there with the same content, and otherwise says which file to drop again while the rest opens.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBackend, type Backend } from '../../../src/main/backend'
import { dispatch } from '../../../src/main/api/dispatch'
import type { DataPreview, DataRef } from '../../../src/shared/dto'
import type { DataFileRef, OpenedProject, ProjectDocument, ProjectHandle } from '../../../src/shared/project'
import { xorProject } from './fixtures'

const COLORS = 'age,color,score,label\n1,red,10,yes\n2,blue,20,no\n3,green,30,yes\n4,red,40,no\n5,blue,50,yes\n6,green,60,no\n'
/** `sha256sum` of COLORS (103 bytes). */
const COLORS_SHA = '03e18377addf49d2012c21791f4c9a30843c1ec740658739760ddda7ded84620'

let dir: string
let dataFile: string
let projectFile: string
const backends: Backend[] = []

/** A desktop-app backend whose Save dialog answers `projectFile`, sharing one state folder (the recent files) across instances. */
function desktopBackend(): Backend {
  const dialogs = { openProject: async () => projectFile, saveProject: async () => projectFile, openDataFile: async () => dataFile }
  const backend = createBackend({ host: 'electron', sink: { emit: () => undefined }, kernels: 'ts', projects: { stateDir: join(dir, 'state'), dialogs } })
  backends.push(backend)
  return backend
}

async function call<T>(backend: Backend, channel: string, ...args: unknown[]): Promise<T> {
  const reply = await dispatch(backend.handlers, channel, args)
  if (!reply.ok) throw new Error(reply.error)
  return reply.value as T
}

/** First session: import the file by path, choose `color` as the target, save the project. */
async function saveProjectWithFile(): Promise<DataFileRef> {
  const backend = desktopBackend()
  const importId = await call<string>(backend, 'data:begin', { paths: [dataFile] })
  const preview = await call<DataPreview>(backend, 'data:import', importId)
  const data = { ...preview.data, target: 'color' } as DataRef
  const ref = await call<DataFileRef>(backend, 'project:data-ref', data)
  const document: ProjectDocument = { ...xorProject('colors'), data: ref, network: null, results: null }
  await call(backend, 'project:save', document, { via: 'dialog' })
  await backend.dispose()
  return ref
}

/** Second session: a new backend opens the project from its recent files. */
async function reopen(): Promise<{ backend: Backend; opened: OpenedProject }> {
  const backend = desktopBackend()
  const [recent] = await call<ProjectHandle[]>(backend, 'project:recent')
  return { backend, opened: await call<OpenedProject>(backend, 'project:open', { via: 'recent', handle: recent!.handle }) }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-reopen-'))
  dataFile = join(dir, 'colors.csv')
  projectFile = join(dir, 'colors.layerwise.json')
  writeFileSync(dataFile, COLORS)
})
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.dispose()))
  rmSync(dir, { recursive: true, force: true })
})

describe('a project with an imported file across a restart', () => {
  it('saves the file as its path, name, size, SHA-256 and the choices', async () => {
    expect(await saveProjectWithFile()).toEqual({ kind: 'file', name: 'colors.csv', path: dataFile, sha256: COLORS_SHA, size: 103, choices: { target: 'color' } })
  })

  it('re-imports the file in a new backend instance, with the saved choices, ready to train', async () => {
    await saveProjectWithFile()
    const { backend, opened } = await reopen()
    expect(opened.data).toEqual({ status: 'ok', message: null })
    const preview = await call<DataPreview>(backend, 'project:load-data', opened.document.data)
    expect(preview.rows).toBe(6)
    expect(preview.data).toMatchObject({ kind: 'imported', target: 'color' })
    expect(backend.data.tables((preview.data as { id: string }).id).table.rows).toBe(6)
  })

  it('names the missing file, its size and where it was, and opens the rest of the project', async () => {
    await saveProjectWithFile()
    rmSync(dataFile)
    const { opened } = await reopen()
    expect(opened.data).toEqual({
      status: 'missing',
      message: `The data file “colors.csv” (103 bytes) is no longer at ${dataFile}: drop it on the window again, or locate it, to train this project.`,
    })
    expect(opened.document.graph.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'output'])
    expect(opened.document.settings.learningRate).toBe(0.5)
  })

  it('tells a file of another size apart and asks for the original', async () => {
    await saveProjectWithFile()
    writeFileSync(dataFile, 'a,b\n1,2\n')
    const { opened } = await reopen()
    expect(opened.data).toEqual({
      status: 'changed',
      message: `The data file “colors.csv” at ${dataFile} has changed since the project was saved (it is 8 bytes now): drop the original “colors.csv” (103 bytes) on the window again, or locate it, to train this project.`,
    })
    expect(opened.document.name).toBe('colors')
  })

  it('tells a file of the same size with other content apart by its hash', async () => {
    await saveProjectWithFile()
    writeFileSync(dataFile, COLORS.replace('red', 'tan'))
    const { opened } = await reopen()
    expect(opened.data.status).toBe('changed')
    expect(opened.data.message).toContain('(same size, different content)')
  })

  it('refuses to load a changed file, with the same message', async () => {
    const ref = await saveProjectWithFile()
    writeFileSync(dataFile, 'a,b\n1,2\n')
    const backend = desktopBackend()
    await expect(call(backend, 'project:load-data', ref)).rejects.toThrow(/has changed since the project was saved \(it is 8 bytes now\): drop the original “colors.csv”/)
  })

  it('still opens a project saved before the size was recorded', async () => {
    const ref = await saveProjectWithFile()
    const { size: _size, ...old } = ref
    const backend = desktopBackend()
    const document: ProjectDocument = { ...xorProject('colors'), data: old, network: null, results: null }
    await call(backend, 'project:save', document, { via: 'dialog' })
    const { opened } = await reopen()
    expect(opened.data.status).toBe('ok')
  })
})

describe('a project with an uploaded file (web mode)', () => {
  it('saves the name, size and SHA-256, and asks for the file on open instead of reading a path', async () => {
    const backend = createBackend({ host: 'web', sink: { emit: () => undefined }, kernels: 'ts' })
    backends.push(backend)
    const bytes = Buffer.from(COLORS)
    const importId = await call<string>(backend, 'data:begin', { files: [{ name: 'colors.csv', size: bytes.length }] })
    await call(backend, 'data:chunk', { importId, file: 0, offset: 0, base64: bytes.toString('base64') })
    const preview = await call<DataPreview>(backend, 'data:import', importId)
    const ref = await call<DataFileRef>(backend, 'project:data-ref', preview.data)
    expect(ref).toEqual({ kind: 'file', name: 'colors.csv', path: 'colors.csv', sha256: COLORS_SHA, size: 103, choices: { target: 'label' } })
    const fresh = createBackend({ host: 'web', sink: { emit: () => undefined }, kernels: 'ts' })
    backends.push(fresh)
    await expect(call(fresh, 'project:load-data', ref)).rejects.toThrow('In the browser a data file cannot be opened by its path: pick “colors.csv” to load it.')
  })
})
