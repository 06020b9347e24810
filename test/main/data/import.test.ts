import { gzipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import { DataError, type NumericColumn } from '../../../src/engine/data'
import { detectFormat, importFile, type ImportProgress } from '../../../src/main/data'

const enc = (s: string) => new TextEncoder().encode(s)
vi.setConfig({ testTimeout: 30_000 })

/** `rows` lines of `a,b,c,label` with a quoted label that sometimes holds a comma and a line break. */
function bigCsv(rows: number): string {
  const lines = ['a,b,c,label']
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 0.5).toFixed(1)},${i % 7},${i % 100 === 0 ? '"x,\ny"' : `"k${i % 3}"`}`)
  return lines.join('\r\n') + '\r\n'
}

describe('importFile', () => {
  it('parses a multi-chunk CSV with quotes across chunk boundaries, reporting progress', async () => {
    const rows = 30_000
    const seen: ImportProgress[] = []
    const { table } = await importFile({ name: 'big.csv', bytes: enc(bigCsv(rows)) }, { chunkBytes: 50_000, onProgress: (p) => seen.push(p), progressIntervalMs: 0 })
    expect(table.rows).toBe(rows)
    const a = table.columns[0] as NumericColumn
    expect(a.values[rows - 1]).toBe(rows - 1)
    expect(table.columns[3].values[100]).toBe('x,\ny')
    expect(seen.length).toBeGreaterThan(5)
    expect(seen.map((p) => p.fraction)).toEqual([...seen.map((p) => p.fraction)].sort((x, y) => x - y))
    expect(seen[seen.length - 1].fraction).toBe(1)
  })

  it('reports the right line for a ragged row deep in a multi-chunk file', async () => {
    const text = bigCsv(30_000).replace('\r\n25000,', '\r\n25000,9,')
    // Header line 1, data row i on line i + 2, plus one extra line for every quoted break before it.
    const err = await importFile({ name: 'big.csv', bytes: enc(text) }, { chunkBytes: 50_000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as DataError).message).toBe('big.csv, line 25252: found 5 fields but the header has 4')
  })

  it('cancels through an AbortSignal with a "cancelled" DataError', async () => {
    const controller = new AbortController()
    const promise = importFile({ name: 'big.csv', bytes: enc(bigCsv(100_000)) }, { signal: controller.signal, chunkBytes: 50_000, onProgress: () => controller.abort(), progressIntervalMs: 0 })
    await expect(promise).rejects.toMatchObject({ name: 'DataError', code: 'cancelled', message: 'big.csv: the import was cancelled' })
  })

  it('reads one huge quoted field in linear time, even in tiny chunks', async () => {
    const t0 = performance.now()
    const { table } = await importFile({ name: 'long.csv', bytes: enc('a,b\n"' + 'x'.repeat(2_000_000) + '",1\n') }, { chunkBytes: 2048 })
    expect(table.rows).toBe(1)
    expect((table.columns[0].values[0] as string).length).toBe(2_000_000)
    expect(performance.now() - t0).toBeLessThan(20_000)
  })

  it('refuses absurdly wide rows and quotes huge cells briefly', async () => {
    await expect(importFile({ name: 'wide.csv', bytes: enc(','.repeat(200_000) + '\n') })).rejects.toThrow('wide.csv, line 1: the first row has 200001 fields; at most 100,000 columns are supported')
    const err = (await importFile({ name: 'n.csv', bytes: enc('a\n' + '9'.repeat(100_000) + '\n') }).catch((e: unknown) => e)) as DataError
    expect(err.code).toBe('non-finite')
    expect(err.message.length).toBeLessThan(120)
  })

  it('honours forced delimiter and header settings', async () => {
    const { table } = await importFile({ name: 'x.csv', bytes: enc('a;b\n1;2\n') }, { delimiter: ';', header: false })
    expect(table.rows).toBe(2)
    expect(table.columns.map((c) => c.type)).toEqual(['categorical', 'categorical'])
  })

  it('detects formats by content and name', () => {
    expect(detectFormat({ name: 'data', bytes: enc('[{"a":1}]') })).toBe('json')
    expect(detectFormat({ name: 'x.csv', bytes: enc('[1]') })).toBe('csv')
    expect(detectFormat({ name: 'train-images-idx3-ubyte.gz', bytes: new Uint8Array(4) })).toBe('idx')
    expect(detectFormat({ name: 'blob', bytes: Uint8Array.of(0, 0, 8, 1) })).toBe('idx')
  })

  it('reads gzip with a name that does not say so', async () => {
    const { table } = await importFile({ name: 'download', bytes: gzipSync(enc('a,b,y\n1,2,0\n')) })
    expect(table.rows).toBe(1)
  })
})
