import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { describeColumns } from '../../../src/engine/data'
import { importFiles } from '../../../src/main/data/import'
import { DataStore, type ImportRunner } from '../../../src/main/services/data-store'
import type { ImportProgressDto } from '../../../src/shared/dto'

const COLORS = 'age,color,score,label\n1,red,10,yes\n2,blue,20,no\n3,green,30,yes\n4,red,40,no\n5,blue,50,yes\n6,green,60,no\n'

function makeStore(runner: ImportRunner) {
  const events: ImportProgressDto[] = []
  const store = new DataStore({ host: 'web', sink: { emit: (channel, ...args) => channel === 'data:progress' && events.push(args[0] as ImportProgressDto) }, runner })
  return { store, events }
}

async function upload(store: DataStore, name: string, text: string, step = 16) {
  const bytes = Buffer.from(text)
  const id = store.begin({ files: [{ name, size: bytes.length }] })
  for (let at = 0; at < bytes.length; at += step) store.chunk({ importId: id, file: 0, offset: at, base64: bytes.subarray(at, at + step).toString('base64') })
  return { id, preview: await store.import(id) }
}

/** Parses in the test thread with the column descriptions, as the worker runner does. */
const describing: ImportRunner = (sources, o) =>
  importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array() })), { describe: true, signal: o.signal, onProgress: o.onProgress, progressIntervalMs: 0 })

describe('DataStore with column descriptions from the import', () => {
  it('builds the preview from the descriptions the import made, not from a second pass', async () => {
    // a runner whose descriptions call "age" constant: the preview must say so (it did not describe again)
    const runner: ImportRunner = async (sources, o) => {
      const result = await describing(sources, o)
      return { ...result, columns: describeColumns(result.table).map((c) => (c.name === 'age' ? { ...c, kind: 'constant' as const } : c)) }
    }
    const { preview } = await upload(makeStore(runner).store, 'colors.csv', COLORS)
    expect(preview.columns.map((c) => c.kind)).toEqual(['constant', 'categorical', 'numeric', 'categorical'])
    expect(preview.features).toEqual(['color', 'score'])
  })

  it('passes the schema phase on as data:progress events, ending at 1', async () => {
    const { store, events } = makeStore(describing)
    await upload(store, 'colors.csv', COLORS)
    const schema = events.filter((e) => e.phase === 'schema')
    expect(schema.length).toBeGreaterThan(1)
    expect(schema[schema.length - 1]!.fraction).toBe(1)
  })

  it('keeps the SHA-256 of an uploaded file, hashed chunk by chunk as it arrived', async () => {
    const { store } = makeStore(describing)
    const { id } = await upload(store, 'colors.csv', COLORS, 7)
    expect(store.origin(id)).toEqual({ name: 'colors.csv', path: null, sha256: createHash('sha256').update(COLORS).digest('hex'), size: Buffer.byteLength(COLORS) })
  })
})

describe('DataStore previews of built-in sets', () => {
  it('previews MNIST from the menu: 784 pixel inputs, 10 classes, no problem, 24 samples', async () => {
    const { store } = makeStore(describing)
    const preview = await store.preview({ kind: 'builtin', name: 'mnist' })
    expect([preview.rows, preview.inputs, preview.outputs, preview.problem, preview.dropped, preview.samples.length]).toEqual([10_000, 784, 10, null, 0, 24])
  })

  it('answers the same preview again from its cached tables and column descriptions', async () => {
    const { store } = makeStore(describing)
    const first = await store.preview({ kind: 'builtin', name: 'iris' })
    const again = await store.preview({ kind: 'builtin', name: 'iris' })
    expect(again).toEqual(first)
    expect([first.inputs, first.outputs, first.classes?.map((c) => c.count)]).toEqual([4, 3, [50, 50, 50]])
  })
})
