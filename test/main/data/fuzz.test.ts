// Property-based fuzzing of every parser (issue 5): whatever the bytes, an import returns a consistent
// table or rejects with a DataError of a known kind, never anything else, and never hangs (`timeout`).
// Inputs are kept small so that > 10,000 cases per parser fit in a few seconds.
import fc from 'fast-check'
import Papa from 'papaparse'
import { gzipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import { DataError, prepareData, type Table } from '../../../src/engine/data'
import { importFiles, type ImportFile } from '../../../src/main/data'

const SEED = 20261121
// Thousands of cases per test: allow for a busy shared CI machine (each case still has its own `timeout`).
vi.setConfig({ testTimeout: 60_000 })
const TIMEOUT_MS = 2000

/** Import, then check the outcome: a well-formed table or a DataError that is not `internal`. */
async function outcome(files: ImportFile[]): Promise<Table | DataError> {
  try {
    const { table, test } = await importFiles(files, { maxBytes: 1 << 20 })
    for (const t of test ? [table, test] : [table]) {
      expect(t.rows).toBeGreaterThan(0)
      expect(t.columns.length).toBeGreaterThan(0)
      for (const c of t.columns) {
        expect(c.values.length).toBe(t.rows)
        if (c.type === 'numeric') for (const v of c.values) expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true)
      }
    }
    return table
  } catch (e) {
    if (!(e instanceof DataError)) throw e
    expect(e.code).not.toBe('internal')
    expect(e.message.length).toBeGreaterThan(10)
    return e
  }
}

const run = <T extends unknown[]>(prop: fc.IAsyncPropertyWithHooks<T>, numRuns: number) => fc.assert(prop, { numRuns, seed: SEED, timeout: TIMEOUT_MS })

const bytes = (max: number) => fc.uint8Array({ maxLength: max })
const csvChars = fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r', '\r\n', ' ', 'a', 'b', '1', '2', '.', '-', 'e', 'NA', '?', 'inf', '1e999', '\ufeff', 'é', '\u0000')
const text = (max: number) => fc.array(csvChars, { maxLength: max }).map((a) => a.join(''))
const enc = (s: string) => new TextEncoder().encode(s)

describe('CSV parser (10,000 cases)', () => {
  it('random bytes', async () => {
    await run(fc.asyncProperty(bytes(80), async (b) => void (await outcome([{ name: 'f.csv', bytes: b }]))), 3000)
  })

  it('random CSV-like text with quotes, delimiters, line breaks and odd tokens', async () => {
    await run(fc.asyncProperty(text(60), fc.constantFrom('f.csv', 'f.tsv', 'f.txt'), async (s, name) => void (await outcome([{ name, bytes: enc(s) }]))), 4000)
  })

  it('round trip: a table written by Papa.unparse reads back the same numbers', async () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())
    const grid = fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 8 }))
    await run(
      fc.asyncProperty(grid, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'), async (rows, delimiter, newline) => {
        const names = rows[0].map((_, i) => `c${i}`)
        const csv = Papa.unparse({ fields: names, data: rows }, { delimiter, newline })
        const t = await outcome([{ name: 'r.csv', bytes: enc(csv) }])
        expect(t).not.toBeInstanceOf(DataError)
        const table = t as Table
        expect(table.columns.map((c) => c.name)).toEqual(names)
        table.columns.forEach((c, j) => expect(Array.from(c.values as Float64Array)).toEqual(rows.map((r) => (Object.is(r[j], -0) ? 0 : r[j]))))
      }),
      3000,
    )
  })
})

describe('CSV chunking', () => {
  it('parsing in chunks of a few bytes gives the same table or error as in one piece (2,000 cases)', async () => {
    const cell = fc.constantFrom('1', '-2.5', 'abc', '"q,uo""te"', '"multi\nline"', '', 'NA', 'é', '1e5')
    const doc = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).chain(([w, nl, bom]) =>
      fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 10 }).map((rows) => (bom ? '\ufeff' : '') + rows.map((r) => r.join(',')).join(nl) + nl),
    )
    const settle = async (b: Uint8Array, chunkBytes?: number) => {
      try {
        return (await importFiles([{ name: 'c.csv', bytes: b }], { chunkBytes })).table
      } catch (e) {
        if (!(e instanceof DataError)) throw e
        return e.message
      }
    }
    await run(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 9 }), async (s, chunk) => {
        const b = enc(s)
        expect(await settle(b, chunk)).toEqual(await settle(b))
      }),
      2000,
    )
  })
})

describe('JSON parser (10,000 cases)', () => {
  it('random bytes', async () => {
    await run(fc.asyncProperty(bytes(60), async (b) => void (await outcome([{ name: 'f.json', bytes: b }]))), 2500)
  })

  it('random JSON documents', async () => {
    await run(fc.asyncProperty(fc.json({ maxDepth: 3 }), async (s) => void (await outcome([{ name: 'f.json', bytes: enc(s) }]))), 3500)
  })

  it('random arrays of row objects and { inputs, outputs }', async () => {
    const value = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant([1]))
    const rows = fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'y', '', '__proto__'), value, { maxKeys: 4 }), { maxLength: 6 })
    const io = fc.record({ inputs: fc.array(fc.array(fc.double(), { maxLength: 3 }), { maxLength: 4 }), outputs: fc.array(fc.array(fc.constantFrom(0, 1, 2, 0.5), { maxLength: 3 }), { maxLength: 4 }) })
    await run(fc.asyncProperty(fc.oneof(rows, io), async (doc) => void (await outcome([{ name: 'f.json', bytes: enc(JSON.stringify(doc)) }]))), 4000)
  })
})

describe('IDX parser (10,000 cases)', () => {
  const header = (type: number, dims: number[]) => Uint8Array.from([0, 0, type, dims.length, ...dims.flatMap((d) => [d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])])
  const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b])

  it('random bytes after a plausible magic number', async () => {
    const magic = fc.tuple(fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x07), fc.integer({ min: 0, max: 5 }))
    await run(fc.asyncProperty(magic, bytes(60), async ([type, nd], tail) => void (await outcome([{ name: 'x-idx3-ubyte', bytes: concat(Uint8Array.of(0, 0, type, nd), tail) }]))), 4000)
  })

  it('valid headers with the right, short or long payload', async () => {
    const dims = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 })
    const size: Record<number, number> = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }
    await run(
      fc.asyncProperty(fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e), dims, fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 1 << 30 }), async (type, d, delta, seed) => {
        const n = d.reduce((a, b) => a * b, 1) * size[type]
        const payload = Uint8Array.from({ length: Math.max(0, n + delta) }, (_, i) => (seed >>> (i % 24)) & 255)
        const r = await outcome([{ name: 'x-idx-ubyte', bytes: concat(header(type, d), payload) }])
        if (delta !== 0 && n + delta >= 0) expect(r).toBeInstanceOf(DataError)
      }),
      4000,
    )
  })

  it('image + label pairs with random counts, plain or gzip', async () => {
    await run(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), async (ni, nl, gz) => {
        const img = concat(header(8, [ni, 2, 2]), new Uint8Array(ni * 4).fill(7))
        const lab = concat(header(8, [nl]), new Uint8Array(nl).fill(1))
        const z = (b: Uint8Array) => (gz ? gzipSync(b) : b)
        const r = await outcome([{ name: 'a-images-idx3-ubyte', bytes: z(img) }, { name: 'a-labels-idx1-ubyte', bytes: z(lab) }])
        if (ni !== nl || ni === 0) expect(r).toBeInstanceOf(DataError)
        else expect((r as Table).rows).toBe(ni)
      }),
      2000,
    )
  })
})

describe('gzip layer', () => {
  it('random bytes behind a gzip magic number, and gzipped random text (3,000 cases)', async () => {
    await run(fc.asyncProperty(bytes(60), async (b) => void (await outcome([{ name: 'f.csv.gz', bytes: Uint8Array.from([0x1f, 0x8b, ...b]) }]))), 1500)
    await run(fc.asyncProperty(text(40), async (s) => void (await outcome([{ name: 'f.csv.gz', bytes: gzipSync(enc(s)) }]))), 1500)
  })
})

describe('prepareData on imported tables', () => {
  it('returns data sets or a DataError for random small CSVs and options (2,000 cases)', async () => {
    const cell = fc.constantFrom('0', '1', '2', '1.5', '-3', 'a', 'b', '', 'NA')
    const csv = fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }))
    const options = fc.record({
      scaling: fc.constantFrom('none', 'minmax', 'zscore' as const),
      missing: fc.constantFrom('drop', 'mean', 'mostFrequent' as const),
      task: fc.constantFrom(undefined, 'binary', 'multiclass', 'regression' as const),
      seed: fc.integer(),
    })
    await run(
      fc.asyncProperty(csv, options, async (rows, o) => {
        const t = await outcome([{ name: 'p.csv', bytes: enc(['h' + rows[0].map((_, i) => i).join(',h'), ...rows.map((r) => r.join(','))].join('\n')) }])
        if (t instanceof DataError) return
        try {
          const p = prepareData(t, o)
          for (const d of [p.train, p.val, p.test]) {
            expect(d.x.length).toBe(d.rows * d.inputs)
            expect(d.y.length).toBe(d.rows * d.outputs)
            expect(d.x.every(Number.isFinite)).toBe(true)
          }
        } catch (e) {
          if (!(e instanceof DataError)) throw e
          expect(e.code).not.toBe('internal')
        }
      }),
      2000,
    )
  })
})
