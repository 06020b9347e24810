import { describe, expect, it, vi } from 'vitest'
import { DataError, describeColumns } from '../../../src/engine/data'
import { importInWorker, warmImportWorker, type ImportProgress } from '../../../src/main/data'

const enc = (s: string) => new TextEncoder().encode(s)
const csv = (rows: number) => 'a,b,y\n' + Array.from({ length: rows }, (_, i) => `${i},${i % 5},${i % 2}`).join('\n') + '\n'

vi.setConfig({ testTimeout: 30_000 })

describe('importInWorker', () => {
  it('parses in a worker thread with progress and returns typed columns', async () => {
    const progress: ImportProgress[] = []
    const bytes = enc(csv(50_000))
    const { table } = await importInWorker([{ name: 'w.csv', bytes }], { chunkBytes: 64 * 1024, progressIntervalMs: 0, onProgress: (p) => progress.push(p), transfer: true })
    expect(table.rows).toBe(50_000)
    expect(table.columns[0].values).toBeInstanceOf(Float64Array)
    expect(table.columns[0].values[49_999]).toBe(49_999)
    expect(progress.length).toBeGreaterThan(3)
    expect(bytes.byteLength).toBe(0) // transferred
  })

  it('describes the columns in the worker, with schema progress, when asked to', async () => {
    const progress: ImportProgress[] = []
    const result = await importInWorker([{ name: 'w.csv', bytes: enc(csv(1000)) }], { describe: true, progressIntervalMs: 0, onProgress: (p) => progress.push(p) })
    expect(result.columns).toEqual(describeColumns(result.table))
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'schema', fraction: 1 })
  })

  it('imports in a worker started ahead of time, and again in a fresh one after it', async () => {
    warmImportWorker()
    warmImportWorker()
    const first = await importInWorker([{ name: 'a.csv', bytes: enc(csv(10)) }])
    const second = await importInWorker([{ name: 'b.csv', bytes: enc(csv(20)) }])
    expect([first.table.rows, second.table.rows]).toEqual([10, 20])
  })

  it('rebuilds the DataError of a bad file', async () => {
    const err = await importInWorker([{ name: 'bad.csv', bytes: enc('a,b\n1,2\n3\n') }]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as DataError).message).toBe('bad.csv, line 3: found 1 field but the header has 2')
    expect((err as DataError).line).toBe(3)
  })

  it('cancels', async () => {
    const controller = new AbortController()
    const p = importInWorker([{ name: 'big.csv', bytes: enc(csv(100_000)) }], { signal: controller.signal, chunkBytes: 32 * 1024, progressIntervalMs: 0, onProgress: () => controller.abort() })
    await expect(p).rejects.toMatchObject({ code: 'cancelled' })
  })
})
