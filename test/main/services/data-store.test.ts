import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataStore, type DataStoreOptions, type ImportRunner } from '../../../src/main/services/data-store'
import { importFiles } from '../../../src/main/data'
import type { ImportProgressDto } from '../../../src/shared/dto'
import type { EventSink } from '../../../src/main/services/event-sink'

const COLORS = 'age,color,score,label\n1,red,10,yes\n2,blue,20,no\n3,green,30,yes\n4,red,40,no\n5,blue,50,yes\n6,green,60,no\n'

/** Parses in the test thread (the worker runner has its own test below). */
const inProcess: ImportRunner = (sources, o) =>
  importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array() })), { maxBytes: o.maxBytes, signal: o.signal, onProgress: o.onProgress })

function makeStore(options: Partial<DataStoreOptions> = {}) {
  const events: ImportProgressDto[] = []
  const sink: EventSink = { emit: (channel, ...args) => channel === 'data:progress' && events.push(args[0] as ImportProgressDto) }
  const store = new DataStore({ host: 'web', sink, runner: inProcess, ...options })
  return { store, events }
}

/** Uploads `text` as the file `name` in chunks of `step` bytes and imports it. */
async function upload(store: DataStore, name: string, text: string, step = 16) {
  const bytes = Buffer.from(text)
  const id = store.begin({ files: [{ name, size: bytes.length }] })
  for (let at = 0; at < bytes.length; at += step) store.chunk({ importId: id, file: 0, offset: at, base64: bytes.subarray(at, at + step).toString('base64') })
  return { id, preview: await store.import(id) }
}

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

describe('DataStore import', () => {
  it('imports an uploaded CSV and previews it with the last column as the binary target', async () => {
    const { store } = makeStore()
    const { id, preview } = await upload(store, 'colors.csv', COLORS)
    expect(preview.data).toEqual({ kind: 'imported', id, name: 'colors.csv', target: 'label' })
    expect([preview.rows, preview.columns.length, preview.task]).toEqual([6, 4, 'binary'])
    expect(preview.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'numeric', 'categorical'])
    expect(preview.classes).toEqual([{ label: 'no', count: 3 }, { label: 'yes', count: 3 }])
    // age + one-hot color (3) + score = 5 inputs; a binary target is one sigmoid unit.
    expect([preview.inputs, preview.outputs]).toEqual([5, 1])
    expect(preview.head[0]).toEqual(['1', 'red', '10', 'yes'])
    expect(store.tables(id).table.rows).toBe(6)
  })

  it('reports a ragged row by file and line, and keeps the data set imported before', async () => {
    const { store } = makeStore()
    const { id } = await upload(store, 'colors.csv', COLORS)
    await expect(upload(store, 'ragged.csv', 'a,b,y\n1,2,0\n3,4,1\n5,6\n7,8,0\n')).rejects.toThrow(/ragged\.csv, line 4\b/)
    expect(store.ids()).toEqual([id])
    expect(store.tables(id).table.name).toBe('colors.csv')
  })

  it('refuses a file over the size limit before any byte is sent, naming the limit', () => {
    const { store } = makeStore({ maxBytes: 1000 })
    expect(() => store.begin({ files: [{ name: 'huge.csv', size: 2_500_000 }] })).toThrow('huge.csv: the file is 2.5 MB, over the import limit of 1.0 kB')
  })

  it('refuses an empty file at once', () => {
    const { store } = makeStore()
    expect(() => store.begin({ files: [{ name: 'empty.csv', size: 0 }] })).toThrow('empty.csv: the file is empty')
  })

  it('refuses chunks that arrive out of order', () => {
    const { store } = makeStore()
    const id = store.begin({ files: [{ name: 'a.csv', size: 8 }] })
    expect(() => store.chunk({ importId: id, file: 0, offset: 4, base64: Buffer.from('1234').toString('base64') })).toThrow(/out of order \(expected 0\)/)
  })

  it('refuses to import an incomplete upload', async () => {
    const { store } = makeStore()
    const id = store.begin({ files: [{ name: 'a.csv', size: 8 }] })
    store.chunk({ importId: id, file: 0, offset: 0, base64: Buffer.from('a,b\n').toString('base64') })
    await expect(store.import(id)).rejects.toThrow('a.csv: the upload is incomplete (4 of 8 bytes).')
  })

  it('cancels a running import: it rejects as cancelled and adds nothing', async () => {
    const waitForAbort: ImportRunner = (_sources, o) => new Promise((_resolve, reject) => o.signal.addEventListener('abort', () => reject(new Error('aborted'))))
    const { store } = makeStore()
    const { id: first } = await upload(store, 'colors.csv', COLORS)
    const slow = new DataStore({ host: 'web', sink: { emit: () => {} }, runner: waitForAbort })
    const id = slow.begin({ files: [{ name: 'a.csv', size: 4 }] })
    slow.chunk({ importId: id, file: 0, offset: 0, base64: Buffer.from('a,b\n').toString('base64') })
    const running = slow.import(id)
    slow.cancel(id)
    await expect(running).rejects.toThrow('a.csv: the import was cancelled')
    expect(slow.ids()).toEqual([])
    expect(store.ids()).toEqual([first])
  })

  it('keeps at most maxDatasets data sets, forgetting the least recently used', async () => {
    const { store } = makeStore({ maxDatasets: 2 })
    const { id: a } = await upload(store, 'a.csv', COLORS)
    const { id: b } = await upload(store, 'b.csv', COLORS)
    store.tables(a)
    const { id: c } = await upload(store, 'c.csv', COLORS)
    expect(store.ids().sort()).toEqual([a, c].sort())
    expect(() => store.tables(b)).toThrow(/no longer loaded/)
  })

  it('sends progress events tagged with the import id', async () => {
    const rows = 'x,y\n' + Array.from({ length: 20000 }, (_, i) => `${i % 7},${i % 2}`).join('\n')
    const { store, events } = makeStore({ progressIntervalMs: 0 })
    const { id } = await upload(store, 'long.csv', rows, 1 << 20)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.importId === id)).toBe(true)
    expect(events.at(-1)!.phase).toBe('schema')
  })
})

describe('DataStore with image files', () => {
  it('pairs an IDX image file with its label file and previews the images with their labels', async () => {
    const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/data', name))
    const images = fixture('train-images-idx3-ubyte')
    const labels = fixture('train-labels-idx1-ubyte')
    const { store } = makeStore()
    const id = store.begin({ files: [{ name: 'train-labels-idx1-ubyte', size: labels.length }, { name: 'train-images-idx3-ubyte', size: images.length }] })
    store.chunk({ importId: id, file: 0, offset: 0, base64: labels.toString('base64') })
    store.chunk({ importId: id, file: 1, offset: 0, base64: images.toString('base64') })
    const preview = await store.import(id)
    // 6 images of 4×4 pixels; labels 3 1 4 1 5 9.
    expect(preview.image).toEqual({ width: 4, height: 4, channels: 1 })
    expect(preview.samples.map((s) => s.label)).toEqual(['3', '1', '4', '1', '5', '9'])
    expect(preview.samples[0]!.pixels).toHaveLength(16)
    expect(preview.headColumns).toEqual(['label'])
  })
})

describe('DataStore preview', () => {
  it('previews another target: color as a 3-class target with 4 inputs', async () => {
    const { store } = makeStore()
    const { id } = await upload(store, 'colors.csv', COLORS)
    const preview = await store.preview({ kind: 'imported', id, name: 'colors.csv', target: 'color' })
    expect(preview.task).toBe('multiclass')
    // age + score + one-hot label (2) = 4 inputs; 3 classes = 3 softmax units.
    expect([preview.inputs, preview.outputs, preview.target]).toEqual([4, 3, 1])
  })

  it('explains a target with one class as a problem instead of failing', async () => {
    const { store } = makeStore()
    const { id } = await upload(store, 'one.csv', 'a,b,y\n1,2,yes\n3,4,yes\n5,6,yes\n')
    const preview = await store.preview({ kind: 'imported', id, name: 'one.csv' })
    expect([preview.inputs, preview.outputs]).toEqual([null, null])
    expect(preview.problem).toMatch(/one\.csv.*class/)
  })

  it('counts rows dropped for missing values, and none when they are filled with the mean', async () => {
    const { store } = makeStore()
    const { id } = await upload(store, 'missing.csv', 'a,b,y\n1,,0\nNA,2,1\n3,3,0\n4,5,1\n5,6,0\n')
    expect((await store.preview({ kind: 'imported', id, name: 'm' })).dropped).toBe(2)
    expect((await store.preview({ kind: 'imported', id, name: 'm', missing: 'mean' })).dropped).toBe(0)
  })

  it('previews a built-in data set', async () => {
    const { store } = makeStore()
    const preview = await store.preview({ kind: 'builtin', name: 'xor' })
    expect([preview.rows, preview.inputs, preview.outputs, preview.task]).toEqual([4, 2, 1, 'binary'])
  })
})

describe('DataStore by path and in a worker', () => {
  it('refuses paths under the web host', () => {
    const { store } = makeStore()
    expect(() => store.begin({ paths: ['/etc/passwd'] })).toThrow(/only in the desktop app/)
  })

  it('reads a file by path in the desktop app and parses it in a worker thread', async () => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-data-'))
    const path = join(dir, 'colors.csv')
    writeFileSync(path, COLORS)
    const store = new DataStore({ host: 'electron', sink: { emit: () => {} } })
    const id = store.begin({ paths: [path] })
    const preview = await store.import(id)
    expect([preview.title, preview.rows, preview.inputs]).toEqual(['colors.csv', 6, 5])
  })

  it('cancels an import running in a worker thread within a second', async () => {
    const rows = 'a,b,c,y\n' + Array.from({ length: 400_000 }, (_, i) => `${i % 97},${(i * 7) % 13},${i % 5}.25,${i % 2}`).join('\n')
    let cancelledAt = 0
    const sink: EventSink = { emit: () => void (cancelledAt ||= (store.cancel(id), performance.now())) }
    const store = new DataStore({ host: 'web', sink })
    const bytes = Buffer.from(rows)
    const id = store.begin({ files: [{ name: 'long.csv', size: bytes.length }] })
    for (let at = 0; at < bytes.length; at += 1 << 20) store.chunk({ importId: id, file: 0, offset: at, base64: bytes.subarray(at, at + (1 << 20)).toString('base64') })
    await expect(store.import(id)).rejects.toThrow('long.csv: the import was cancelled')
    expect(cancelledAt).toBeGreaterThan(0)
    expect(performance.now() - cancelledAt).toBeLessThan(1000)
    expect(store.ids()).toEqual([])
  })

  it('reports a missing path as a file that cannot be opened', async () => {
    const store = new DataStore({ host: 'electron', sink: { emit: () => {} } })
    const id = store.begin({ paths: ['/nonexistent/nothing.csv'] })
    await expect(store.import(id)).rejects.toThrow('nothing.csv: the file cannot be opened (ENOENT)')
  })
})

describe('DataStore preview of a large table', () => {
  it('counts dropped rows over all rows when the widths come from a sample', async () => {
    // 60,000 rows (over the 20,000-row sample): every 1000th row misses its feature value.
    const lines = Array.from({ length: 60_000 }, (_, i) => `${i % 1000 === 0 ? '' : i % 13},${i % 3 === 0 ? 'red' : 'blue'},${i % 2}`)
    const { store } = makeStore()
    const { preview } = await upload(store, 'large.csv', 'a,color,y\n' + lines.join('\n') + '\n', 1 << 20)
    expect([preview.rows, preview.dropped]).toEqual([60_000, 60])
    // a + one-hot color (2) = 3 inputs; y in {0, 1} = one unit.
    expect([preview.inputs, preview.outputs]).toEqual([3, 1])
  })
})
