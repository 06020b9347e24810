import { describe, expect, it, vi } from 'vitest'
import type { ImportProgress } from '../../../src/main/data/bytes'
import { importFile, importFiles } from '../../../src/main/data/import'

vi.setConfig({ testTimeout: 30_000 })

/** An IDX file: magic 0x0000 08 nd, big-endian sizes, then unsigned bytes. */
function idx(dims: number[], fill: (i: number) => number): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1)
  const out = new Uint8Array(4 + 4 * dims.length + count)
  const view = new DataView(out.buffer)
  out.set([0, 0, 0x08, dims.length])
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  for (let i = 0; i < count; i++) out[4 + 4 * dims.length + i] = fill(i)
  return out
}

describe('parse progress of JSON and IDX files', () => {
  it('JSON: one step after JSON.parse (0.3), then steps by rows while the columns are built', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: i % 2 }))
    const seen: ImportProgress[] = []
    const { table } = await importFile({ name: 'rows.json', bytes: new TextEncoder().encode(JSON.stringify(rows)) }, { progressIntervalMs: 0, onProgress: (p) => seen.push(p) })
    expect(table.rows).toBe(10_000)
    // start, parsed, then 8,192 rows of 10,000 built in steps of 4,096 rows: 0.3 + 0.7 · 4096/10000, 0.3 + 0.7 · 8192/10000
    expect(seen.map((p) => [p.phase, Number(p.fraction.toFixed(4)), p.rows])).toEqual([
      ['parse', 0, 0],
      ['parse', 0.3, 0],
      ['parse', 0.5867, 4096],
      ['parse', 0.8734, 8192],
    ])
  })

  it('IDX: steps of 2,048 images while they are turned into pixel columns', async () => {
    const images = idx([5000, 2, 2], (i) => i % 256)
    const labels = idx([5000], (i) => i % 10)
    const seen: ImportProgress[] = []
    const { table } = await importFiles(
      [
        { name: 'train-images-idx3-ubyte', bytes: images },
        { name: 'train-labels-idx1-ubyte', bytes: labels },
      ],
      { progressIntervalMs: 0, onProgress: (p) => seen.push(p) },
    )
    expect([table.rows, table.columns.length]).toEqual([5000, 5])
    expect(seen.map((p) => [p.fraction, p.rows])).toEqual([
      [2048 / 5000, 2048],
      [4096 / 5000, 4096],
      [1, 5000],
    ])
  })
})
