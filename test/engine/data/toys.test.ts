import { describe, expect, it } from 'vitest'
import { DataError, TOYS, classCounts, generateToy, inferSchema, irisTable, type NumericColumn } from '../../../src/engine/data'

const mean = (c: NumericColumn) => Array.from(c.values).reduce((a, b) => a + b, 0) / c.values.length

describe('toy data sets', () => {
  it('logic gates have their truth tables', () => {
    const y = (name: 'and' | 'or' | 'nand' | 'xor') => Array.from(generateToy(name).columns[2].values as Float64Array)
    expect(y('and')).toEqual([0, 0, 0, 1])
    expect(y('or')).toEqual([0, 1, 1, 1])
    expect(y('nand')).toEqual([1, 1, 1, 0])
    expect(y('xor')).toEqual([0, 1, 1, 0])
    expect(inferSchema(generateToy('xor')).task).toBe('binary')
  })

  for (const { name } of TOYS.filter((t) => !['and', 'or', 'nand', 'xor'].includes(t.name))) {
    it(`${name} is deterministic by seed and has finite values`, () => {
      const a = generateToy(name, { seed: 5, noise: 0.2, count: 120 })
      const b = generateToy(name, { seed: 5, noise: 0.2, count: 120 })
      const c = generateToy(name, { seed: 6, noise: 0.2, count: 120 })
      expect(a).toEqual(b)
      expect(a).not.toEqual(c)
      expect(a.rows).toBe(120)
      for (const col of a.columns) expect((col.values as Float64Array).every(Number.isFinite)).toBe(true)
    })
  }

  it('classification toys are balanced and detected as classification', () => {
    for (const name of ['circles', 'moons', 'spirals'] as const) {
      const t = generateToy(name, { count: 200 })
      expect(classCounts(t.columns[2]).map((c) => c.count)).toEqual([100, 100])
      expect(inferSchema(t).task).toBe('binary')
    }
    const blobs = generateToy('blobs', { count: 300, classes: 3 })
    expect(classCounts(blobs.columns[2]).map((c) => c.count)).toEqual([100, 100, 100])
    expect(inferSchema(blobs).task).toBe('multiclass')
    expect(inferSchema(generateToy('line')).task).toBe('regression')
  })

  it('flu risk follows its documented rule without noise', () => {
    const t = generateToy('flu', { noise: 0, count: 500, seed: 2 })
    const [x1, x2, y] = t.columns.map((c) => c.values as Float64Array)
    for (let i = 0; i < t.rows; i++) {
      expect(x1[i]).toBeGreaterThanOrEqual(0)
      expect(x2[i]).toBeLessThan(1)
      const season = (1 + Math.cos(2 * Math.PI * x1[i])) / 2
      expect(y[i]).toBe(season * (0.25 + 0.75 * x2[i]) > 0.35 ? 1 : 0)
    }
    const sick = y.reduce((a, b) => a + b, 0)
    expect(sick).toBeGreaterThan(50)
    expect(sick).toBeLessThan(450)
  })

  it('circles without noise: class 1 inside r = 0.5, class 0 in the ring 0.7…1', () => {
    const t = generateToy('circles', { noise: 0, count: 200 })
    const [x, y, k] = t.columns.map((c) => c.values as Float64Array)
    for (let i = 0; i < t.rows; i++) {
      const r = Math.hypot(x[i], y[i])
      if (k[i] === 1) expect(r).toBeLessThanOrEqual(0.5 + 1e-12)
      else expect(r).toBeGreaterThanOrEqual(0.7 - 1e-12)
    }
  })

  it('rejects bad options with a DataError', () => {
    expect(() => generateToy('moons', { noise: -1 })).toThrow(DataError)
    expect(() => generateToy('moons', { count: 1 })).toThrow(/count/)
    expect(() => generateToy('blobs', { classes: 1 })).toThrow(/classes/)
  })
})

describe('iris', () => {
  const iris = irisTable()
  it('has 150 rows, 50 per species', () => {
    expect(iris.rows).toBe(150)
    expect(classCounts(iris.columns[4])).toEqual([
      { label: 'setosa', count: 50 },
      { label: 'versicolor', count: 50 },
      { label: 'virginica', count: 50 },
    ])
  })

  it('has the known column means 5.843, 3.057, 3.758, 1.199', () => {
    const means = iris.columns.slice(0, 4).map((c) => mean(c as NumericColumn))
    expect(means.map((m) => m.toFixed(3))).toEqual(['5.843', '3.057', '3.758', '1.199'])
  })

  it('has the known per-species means (R datasets::iris)', () => {
    const expected = [
      [5.006, 3.428, 1.462, 0.246],
      [5.936, 2.77, 4.26, 1.326],
      [6.588, 2.974, 5.552, 2.026],
    ]
    for (let s = 0; s < 3; s++) {
      for (let c = 0; c < 4; c++) {
        const v = (iris.columns[c].values as Float64Array).subarray(50 * s, 50 * s + 50)
        expect(v.reduce((a, b) => a + b, 0) / 50).toBeCloseTo(expected[s][c], 10)
      }
    }
  })
})
