import { describe, expect, it } from 'vitest'
import { describeColumns, describeColumnsStepwise, inferSchema, type Table } from '../../../src/engine/data'

const small: Table = {
  name: 's.csv',
  rows: 12,
  columns: [
    { name: 'v', type: 'numeric', values: Float64Array.from([0, 1, 2, 2.5, 3, 4, 5, 6, 7, 8, 9, 10]) },
    { name: 'colour', type: 'categorical', values: ['red', 'blue', 'red', null, 'red', 'blue', 'red', 'blue', 'red', 'red', 'blue', 'red'] },
    { name: 'y', type: 'numeric', values: Float64Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]) },
  ],
}

/** `rows` rows of a real-valued column and an integer class column. */
function tall(rows: number): Table {
  return {
    name: 'tall.csv',
    rows,
    columns: [
      { name: 'x', type: 'numeric', values: Float64Array.from({ length: rows }, (_, i) => (i % 1000) / 8) },
      { name: 'k', type: 'numeric', values: Float64Array.from({ length: rows }, (_, i) => i % 3) },
    ],
  }
}

describe('describeColumns', () => {
  it('bins 0…10 into ten bins of width 1, the last one holding 9 and 10, and 2.5 in bin 2', () => {
    const [v] = describeColumns(small)
    expect(v.histogram).toEqual({ min: 0, max: 10, counts: [1, 1, 2, 1, 1, 1, 1, 1, 1, 2] })
  })

  it('gives mean and population standard deviation of a numeric column', () => {
    const [, , y] = describeColumns(small)
    // six 0s and six 1s: mean 0.5, every deviation 0.5
    expect([y.mean, y.std, y.distinct, y.integer]).toEqual([0.5, 0.5, 2, true])
  })

  it('counts categories and missing values of a text column', () => {
    const [, colour] = describeColumns(small)
    expect([colour.missing, colour.distinct, colour.top]).toEqual([1, 2, [{ value: 'red', count: 7 }, { value: 'blue', count: 4 }]])
  })
})

describe('describeColumnsStepwise', () => {
  it('yields increasing fractions up to 1 in steps of at most 65,536 values, then the same descriptions', () => {
    const table = tall(200_000)
    const steps = describeColumnsStepwise(table)
    const fractions: number[] = []
    let step = steps.next()
    while (!step.done) {
      fractions.push(step.value)
      step = steps.next()
    }
    // per column: 4 blocks in each of two passes, one step for the distinct count, one at its end
    expect(fractions.length).toBe(2 * (4 + 4 + 1 + 1))
    expect(fractions.every((f, i) => f > (fractions[i - 1] ?? 0))).toBe(true)
    expect(fractions[fractions.length - 1]).toBe(1)
    expect(step.value).toEqual(describeColumns(table))
  })
})

describe('inferSchema with given column descriptions', () => {
  it('uses them instead of describing the columns again', () => {
    const columns = describeColumns(small).map((c) => (c.name === 'v' ? { ...c, kind: 'constant' as const } : c))
    expect(inferSchema(small).features).toEqual(['v', 'colour'])
    expect(inferSchema(small, { columns }).features).toEqual(['colour'])
  })

  it('describes the columns itself when the given ones do not match the table', () => {
    const columns = describeColumns(small).slice(0, 2)
    expect(inferSchema(small, { columns }).columns.length).toBe(3)
  })
})
