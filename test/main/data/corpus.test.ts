// Table-driven import corpus (issue 5): every hostile or odd file in test/fixtures/data with its expected
// outcome, written down in corpus.json by make-corpus.py. Errors must be DataErrors with that message.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DataError, inferSchema, prepareData } from '../../../src/engine/data'
import { importFiles } from '../../../src/main/data'

interface Entry {
  files: string[]
  note: string
  rows?: number
  columns?: number
  types?: string
  names?: string[]
  missing?: number[]
  features?: string[]
  firstCell?: string
  image?: [number, number]
  testRows?: number
  task?: string
  options?: { maxBytes?: number }
  error?: { code: string; message: string }
  prepareError?: { code: string; message: string }
}

const dir = fileURLToPath(new URL('../../fixtures/data/', import.meta.url))
const corpus = JSON.parse(readFileSync(dir + 'corpus.json', 'utf8')) as Entry[]
const load = (files: string[]) => files.map((name) => ({ name, bytes: new Uint8Array(readFileSync(dir + name)) }))

async function importError(e: Entry): Promise<DataError> {
  try {
    await importFiles(load(e.files), e.options)
  } catch (err) {
    if (err instanceof DataError) return err
    throw err
  }
  throw new Error(`${e.files.join(' + ')} imported but should fail`)
}

describe('import corpus', () => {
  it('has at least 40 files', () => {
    expect(new Set(corpus.flatMap((e) => e.files)).size).toBeGreaterThanOrEqual(40)
  })

  for (const e of corpus.filter((x) => x.error)) {
    it(`${e.files.join(' + ')} → ${e.error?.code}`, async () => {
      const err = await importError(e)
      expect(err.code).toBe(e.error?.code)
      expect(err.message).toContain(e.error?.message)
    })
  }

  for (const e of corpus.filter((x) => !x.error)) {
    it(`${e.files.join(' + ')}: ${e.note}`, async () => {
      const { table, test } = await importFiles(load(e.files), e.options)
      expect(table.rows).toBe(e.rows)
      expect(table.columns.length).toBe(e.columns)
      for (const c of table.columns) expect(c.values.length).toBe(table.rows)
      if (e.types) expect(table.columns.map((c) => (c.type === 'numeric' ? 'n' : 'c')).join('')).toBe(e.types)
      if (e.names) expect(table.columns.map((c) => c.name)).toEqual(e.names)
      if (e.missing) {
        const missing = table.columns.map((c) => (c.values as ArrayLike<number | string | null>) )
          .map((v) => Array.from(v).filter((x) => x === null || Number.isNaN(x)).length)
        expect(missing).toEqual(e.missing)
      }
      if (e.firstCell) expect(table.columns[0].values[0]).toBe(e.firstCell)
      if (e.image) expect([table.image?.width, table.image?.height]).toEqual(e.image)
      if (e.task) expect(inferSchema(table).task).toBe(e.task)
      if (e.testRows !== undefined) expect(test?.rows).toBe(e.testRows)
      else expect(test).toBeUndefined()
      if (e.features) expect(prepareData(table, { split: { train: 1, val: 0, test: 0 } }).preprocessing.features.map((f) => f.name)).toEqual(e.features)
      if (e.prepareError) {
        let err: unknown
        try {
          prepareData(table)
        } catch (x) {
          err = x
        }
        expect(err).toBeInstanceOf(DataError)
        expect((err as DataError).code).toBe(e.prepareError.code)
        expect((err as DataError).message).toContain(e.prepareError.message)
      }
    })
  }
})
