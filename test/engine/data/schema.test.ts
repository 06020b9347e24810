import { describe, expect, it } from 'vitest'
import { DataError, compareLabels, inferSchema, irisTable, previewRows, type Table } from '../../../src/engine/data'

const n = 30
const table: Table = {
  name: 't.csv',
  rows: n,
  columns: [
    { name: 'id', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
    { name: 'const', type: 'numeric', values: new Float64Array(n).fill(7) },
    { name: 'x', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => (i === 4 ? NaN : i / 10)) },
    { name: 'name', type: 'categorical', values: Array.from({ length: n }, (_, i) => `p${i}`) },
    { name: 'colour', type: 'categorical', values: Array.from({ length: n }, (_, i) => (i < 3 ? null : i % 3 ? 'red' : 'blue')) },
    { name: 'grade', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 3) },
  ],
}

describe('inferSchema', () => {
  const s = inferSchema(table)

  it('tells numeric, categorical, constant and id-like columns apart', () => {
    expect(s.columns.map((c) => c.kind)).toEqual(['id', 'constant', 'numeric', 'id', 'categorical', 'numeric'])
    expect(s.features).toEqual(['x', 'colour'])
  })

  it('counts missing values and gives range, mean and a 10-bin histogram', () => {
    const x = s.columns[2]
    expect(x.missing).toBe(1)
    expect(x.min).toBe(0)
    expect(x.max).toBeCloseTo(2.9, 12)
    expect(x.histogram?.counts.length).toBe(10)
    expect(x.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(29)
    expect(s.columns[4].missing).toBe(3)
    expect(s.columns[4].top).toEqual([
      { value: 'red', count: 18 },
      { value: 'blue', count: 9 },
    ])
  })

  it('takes the last column as target and detects the task with class balance', () => {
    expect(s.target).toBe(5)
    expect(s.task).toBe('multiclass')
    expect(s.classes).toEqual([
      { label: '0', count: 10 },
      { label: '1', count: 10 },
      { label: '2', count: 10 },
    ])
    expect(inferSchema(table, { target: 'x' }).task).toBe('regression')
    expect(inferSchema(table, { target: 'colour' }).task).toBe('binary')
    const over = inferSchema(table, { task: 'regression' })
    expect([over.task, over.detectedTask, over.classes]).toEqual(['regression', 'multiclass', undefined])
    expect(inferSchema(irisTable()).classes?.map((c) => c.count)).toEqual([50, 50, 50])
  })

  it('names a missing target column in a DataError', () => {
    expect(() => inferSchema(table, { target: 'nope' })).toThrow(DataError)
    expect(() => inferSchema(table, { target: 99 })).toThrow('t.csv: there is no column "99" to predict')
  })

  it('sorts labels naturally and previews rows as text', () => {
    expect(['10', 'b', '2', 'a', '-1'].sort(compareLabels)).toEqual(['-1', '2', '10', 'a', 'b'])
    expect(previewRows(table, 2)).toEqual([
      ['1', '7', '0', 'p0', '', '0'],
      ['2', '7', '0.1', 'p1', '', '1'],
    ])
  })
})
