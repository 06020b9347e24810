import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataStore, type ImportRunner } from '../../../src/main/services/data-store'
import { importFiles } from '../../../src/main/data'
import { loadProjectData, projectDataRef } from '../../../src/main/projects/project-data'
import { dispatch } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { AppInfo } from '../../../src/shared/dto'

const COLORS = 'age,color,score,label\n1,red,10,yes\n2,blue,20,no\n3,green,30,yes\n4,red,40,no\n5,blue,50,yes\n6,green,60,no\n'
/** `sha256sum` of COLORS. */
const COLORS_SHA = '03e18377addf49d2012c21791f4c9a30843c1ec740658739760ddda7ded84620'

/** Parses in the test thread, reading files given by path the way the worker runner does. */
const inProcess: ImportRunner = (sources, o) =>
  importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array(readFileSync(s.path)) })), { maxBytes: o.maxBytes, signal: o.signal, onProgress: o.onProgress })
const storeFor = (host: AppInfo['host']) => new DataStore({ host, sink: { emit: () => {} }, runner: inProcess })

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-project-data-'))
  file = join(dir, 'colors.csv')
  writeFileSync(file, COLORS)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function importByPath(store: DataStore, path: string) {
  return store.import(store.begin({ paths: [path] }))
}

describe('projectDataRef (what a project saves for its data)', () => {
  it('saves a file imported by path as its path and SHA-256, with the choices', async () => {
    const store = storeFor('electron')
    const preview = await importByPath(store, file)
    const data = { ...preview.data, target: 'color', scaling: 'minmax' as const }
    expect(projectDataRef(store, data as typeof preview.data)).toEqual({ kind: 'file', name: 'colors.csv', path: file, sha256: COLORS_SHA, size: 103, choices: { target: 'color', scaling: 'minmax' } })
  })

  it('saves an uploaded file (browser) by its name and SHA-256', async () => {
    const store = storeFor('web')
    const bytes = Buffer.from(COLORS)
    const id = store.begin({ files: [{ name: 'colors.csv', size: bytes.length }] })
    store.chunk({ importId: id, file: 0, offset: 0, base64: bytes.toString('base64') })
    const preview = await store.import(id)
    expect(projectDataRef(store, preview.data)).toEqual({ kind: 'file', name: 'colors.csv', path: 'colors.csv', sha256: COLORS_SHA, size: 103, choices: { target: 'label' } })
  })

  it('keeps a built-in reference as it is', () => {
    expect(projectDataRef(storeFor('web'), { kind: 'builtin', name: 'xor' })).toEqual({ kind: 'builtin', name: 'xor' })
  })
})

describe('loadProjectData (reopening a project with file data)', () => {
  const ref = () => ({ kind: 'file' as const, name: 'colors.csv', path: file, sha256: COLORS_SHA })

  it('imports the file by path when its hash matches: 6 rows, ready to train', async () => {
    const store = storeFor('electron')
    const preview = await loadProjectData(store, ref(), 'electron')
    expect(preview.data.kind).toBe('imported')
    expect(preview.rows).toBe(6)
    // the data set is now kept by the store, so training can read it without another import
    expect(store.tables((preview.data as { id: string }).id).table.rows).toBe(6)
  })

  it('applies the saved choices to the loaded data set', async () => {
    const preview = await loadProjectData(storeFor('electron'), { ...ref(), choices: { target: 'color' } }, 'electron')
    expect(preview.data).toMatchObject({ kind: 'imported', target: 'color' })
    expect(preview.task).toBe('multiclass')
  })

  it('refuses a file that moved, asking to locate it', async () => {
    rmSync(file)
    await expect(loadProjectData(storeFor('electron'), ref(), 'electron')).rejects.toThrow(/no longer at .*locate it/)
  })

  it('refuses a file whose content changed', async () => {
    writeFileSync(file, 'a,b\n1,2\n')
    await expect(loadProjectData(storeFor('electron'), ref(), 'electron')).rejects.toThrow(/has changed since the project was saved/)
  })

  it('never opens a path for a browser page: it asks the user to pick the file', async () => {
    await expect(loadProjectData(storeFor('web'), ref(), 'web')).rejects.toThrow(/pick “colors.csv”/)
  })

  it('loads a located file (a fresh reference from the Locate dialog) the same way', async () => {
    const moved = join(dir, 'moved.csv')
    writeFileSync(moved, COLORS)
    rmSync(file)
    const preview = await loadProjectData(storeFor('electron'), { ...ref(), name: 'moved.csv', path: moved }, 'electron')
    expect(preview.rows).toBe(6)
  })
})

describe('project:data-ref and project:load-data channels', () => {
  const handlers = (host: AppInfo['host']) =>
    createHandlers({ jobs: {} as JobManager, info: { name: 'Layerwise', version: 'test', host, engine: { kernels: 'ts' } }, data: storeFor(host) })

  it('loads a project data file through the desktop app channel', async () => {
    const reply = await dispatch(handlers('electron'), 'project:load-data', [{ kind: 'file', name: 'colors.csv', path: file, sha256: COLORS_SHA }])
    expect(reply).toMatchObject({ ok: true, value: { rows: 6 } })
  })

  it('refuses a malformed hash, unknown keys and extra arguments', async () => {
    const good = { kind: 'file', name: 'colors.csv', path: file, sha256: COLORS_SHA }
    for (const args of [[{ ...good, sha256: 'abc' }], [{ ...good, extra: 1 }], [{ ...good, choices: { target: 'x', evil: 1 } }], [good, good]]) {
      expect((await dispatch(handlers('electron'), 'project:load-data', args)).ok).toBe(false)
    }
  })

  it('answers a built-in reference unchanged', async () => {
    expect(await dispatch(handlers('web'), 'project:data-ref', [{ kind: 'builtin', name: 'xor' }])).toEqual({ ok: true, value: { kind: 'builtin', name: 'xor' } })
  })
})
