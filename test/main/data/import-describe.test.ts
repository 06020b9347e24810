import { describe, expect, it, vi } from 'vitest'
import { DataError, describeColumns } from '../../../src/engine/data'
import type { ImportProgress } from '../../../src/main/data/bytes'
import { importFile } from '../../../src/main/data/import'

vi.setConfig({ testTimeout: 30_000 })
const enc = (s: string) => new TextEncoder().encode(s)

/** `rows` lines of `x,k`: a real-valued column and an integer class. */
function csv(rows: number): Uint8Array {
  const lines = ['x,k']
  for (let i = 0; i < rows; i++) lines.push(`${(i % 1000) / 8},${i % 3}`)
  return enc(lines.join('\n') + '\n')
}

describe('importFile with describe', () => {
  it('describes the columns after parsing, with the same result as describeColumns', async () => {
    const result = await importFile({ name: 'big.csv', bytes: csv(150_000) }, { describe: true })
    expect(result.columns).toEqual(describeColumns(result.table))
  })

  it('reports the schema phase after the parse phase, its fraction rising to 1', async () => {
    const seen: ImportProgress[] = []
    await importFile({ name: 'big.csv', bytes: csv(150_000) }, { describe: true, progressIntervalMs: 0, onProgress: (p) => seen.push(p) })
    const phases = seen.map((p) => p.phase)
    const firstSchema = phases.indexOf('schema')
    expect(firstSchema).toBeGreaterThan(0)
    expect(phases.slice(firstSchema).every((p) => p === 'schema')).toBe(true)
    // 150,000 rows = 3 blocks of 65,536 per pass: 3 + 3 + 1 + 1 steps per column, 2 columns
    const fractions = seen.slice(firstSchema).map((p) => p.fraction)
    expect(fractions.length).toBe(16)
    expect(fractions[fractions.length - 1]).toBe(1)
  })

  it('leaves the columns out without the option', async () => {
    const result = await importFile({ name: 'small.csv', bytes: csv(10) })
    expect(result.columns).toBeUndefined()
  })

  it('is cancelled during the schema phase with a "cancelled" DataError', async () => {
    const controller = new AbortController()
    const onProgress = (p: ImportProgress): void => {
      if (p.phase === 'schema') controller.abort()
    }
    const error = await importFile({ name: 'big.csv', bytes: csv(150_000) }, { describe: true, signal: controller.signal, progressIntervalMs: 0, onProgress }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DataError)
    expect((error as DataError).code).toBe('cancelled')
  })
})
