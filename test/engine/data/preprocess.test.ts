import { describe, expect, it } from 'vitest'
import {
  DataError,
  applyPreprocessing,
  generateToy,
  inputNames,
  irisTable,
  prepareData,
  selectRows,
  type Table,
} from '../../../src/engine/data'

/** 40 rows: x numeric, colour categorical (with a rare "green"), y binary label. */
function sample(): Table {
  const n = 40
  const x = Float64Array.from({ length: n }, (_, i) => i * 1.5 - 7)
  const colour = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 'green' : i % 2 ? 'red' : 'blue'))
  const y = Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 'no' : 'yes'))
  return {
    name: 'sample.csv',
    rows: n,
    columns: [
      { name: 'x', type: 'numeric', values: x },
      { name: 'colour', type: 'categorical', values: colour },
      { name: 'y', type: 'categorical', values: y },
    ],
  }
}

describe('prepareData', () => {
  it('fits z-score statistics on the training split only', () => {
    const table = sample()
    const p = prepareData(table, { seed: 3, scaling: 'zscore' })
    const x = table.columns[0].values as Float64Array
    const train = Array.from(p.train.sourceRows, (r) => x[r])
    const mean = train.reduce((a, b) => a + b, 0) / train.length
    const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length)
    const allMean = x.reduce((a, b) => a + b, 0) / x.length
    expect(p.preprocessing.offset[0]).toBeCloseTo(mean, 12)
    expect(p.preprocessing.scale[0]).toBeCloseTo(std, 12)
    expect(p.preprocessing.offset[0]).not.toBeCloseTo(allMean, 6)
    // Training inputs then have mean 0 and σ 1.
    const enc = Array.from({ length: p.train.rows }, (_, i) => p.train.x[i * p.train.inputs])
    expect(enc.reduce((a, b) => a + b, 0) / enc.length).toBeCloseTo(0, 5)
  })

  it('min-max maps the training split onto [0, 1] and leaves other splits unclipped', () => {
    const p = prepareData(sample(), { seed: 1, scaling: 'minmax' })
    const col = (d: typeof p.train) => Array.from({ length: d.rows }, (_, i) => d.x[i * d.inputs])
    expect(Math.min(...col(p.train))).toBe(0)
    expect(Math.max(...col(p.train))).toBe(1)
    const others = [...col(p.val), ...col(p.test)]
    expect(others.length).toBeGreaterThan(0)
  })

  it('one-hot encodes categorical features with categories of the training split, unscaled', () => {
    const p = prepareData(sample(), { seed: 2 })
    expect(inputNames(p.preprocessing)).toEqual(['x', 'colour=blue', 'colour=green', 'colour=red'])
    for (let r = 0; r < p.train.rows; r++) {
      const hot = Array.from(p.train.x.subarray(r * 4 + 1, r * 4 + 4))
      expect(hot.filter((v) => v === 1).length).toBe(1)
      expect(hot.filter((v) => v === 0).length).toBe(2)
    }
  })

  it('encodes the target as one 0/1 unit or one-hot over K, as asked', () => {
    const one = prepareData(sample(), { seed: 4 })
    expect(one.train.outputs).toBe(1)
    expect(Array.from(one.train.y)).toEqual(Array.from(one.train.labels ?? []))
    const two = prepareData(sample(), { seed: 4, outputs: 2 })
    expect(two.train.outputs).toBe(2)
    for (let r = 0; r < two.train.rows; r++) {
      const k = two.train.labels?.[r] ?? -1
      expect(Array.from(two.train.y.subarray(2 * r, 2 * r + 2))).toEqual(k === 0 ? [1, 0] : [0, 1])
    }
    expect(() => prepareData(irisTable(), { outputs: 1 })).toThrow(/3 classes, so it needs 3 output units/)
    const iris = prepareData(irisTable())
    expect(iris.train.outputs).toBe(3)
    expect(iris.preprocessing.target.labels).toEqual(['setosa', 'versicolor', 'virginica'])
  })

  it('is deterministic: same table and options give identical data sets', () => {
    const a = prepareData(irisTable(), { seed: 9 })
    const b = prepareData(irisTable(), { seed: 9 })
    expect(a).toEqual(b)
    expect(prepareData(irisTable(), { seed: 10 }).train.sourceRows).not.toEqual(a.train.sourceRows)
  })

  it('stratifies Iris: every split has the three species in equal numbers', () => {
    const p = prepareData(irisTable(), { seed: 5, split: { train: 0.6, val: 0.2, test: 0.2 } })
    for (const d of [p.train, p.val, p.test]) {
      const counts = [0, 0, 0]
      for (const k of d.labels ?? []) counts[k]++
      expect(new Set(counts).size).toBe(1)
    }
  })

  it('round trip: applyPreprocessing on the same rows reproduces the training inputs, also after JSON', () => {
    const table = sample()
    const p = prepareData(table, { seed: 6, scaling: 'zscore' })
    const stored = JSON.parse(JSON.stringify(p.preprocessing)) as typeof p.preprocessing
    const again = applyPreprocessing(stored, selectRows(table, p.train.sourceRows))
    expect(again.x).toEqual(p.train.x)
    expect(again.y).toEqual(p.train.y)
    expect(again.labels).toEqual(p.train.labels)
  })

  it('predicts on a file without the target column', () => {
    const table = sample()
    const p = prepareData(table, { seed: 6 })
    const unlabelled: Table = { ...table, columns: table.columns.slice(0, 2) }
    const d = applyPreprocessing(p.preprocessing, unlabelled)
    expect(d.hasTarget).toBe(false)
    expect(d.rows).toBe(40)
    expect(d.labels).toBeUndefined()
  })

  it('encodes an unknown category as all zeros and rejects an unknown class', () => {
    const p = prepareData(sample(), { seed: 6 })
    const odd: Table = {
      name: 'new.csv',
      rows: 1,
      columns: [
        { name: 'x', type: 'numeric', values: Float64Array.of(1) },
        { name: 'colour', type: 'categorical', values: ['purple'] },
        { name: 'y', type: 'categorical', values: ['no'] },
      ],
    }
    expect(Array.from(applyPreprocessing(p.preprocessing, odd).x.subarray(1))).toEqual([0, 0, 0])
    odd.columns[2] = { name: 'y', type: 'categorical', values: ['maybe'] }
    expect(() => applyPreprocessing(p.preprocessing, odd)).toThrow('new.csv, row 1, column "y": the class "maybe" is not one the model knows (no, yes)')
  })

  it('missing values: drop rows, or fill with the training mean / most frequent value', () => {
    const table = sample()
    const x = table.columns[0].values as Float64Array
    x[3] = NaN
    x[8] = NaN
    ;(table.columns[1].values as (string | null)[])[5] = null
    const dropped = prepareData(table, { seed: 1 })
    expect(dropped.dropped).toBe(3)
    expect(dropped.train.rows + dropped.val.rows + dropped.test.rows).toBe(37)

    const mean = prepareData(table, { seed: 1, missing: 'mean', scaling: 'none' })
    expect(mean.dropped).toBe(0)
    const trainX = Array.from(mean.train.sourceRows, (r) => x[r]).filter((v) => !Number.isNaN(v))
    const fill = trainX.reduce((a, b) => a + b, 0) / trainX.length
    expect(mean.preprocessing.features[0].fill).toBeCloseTo(fill, 12)
    expect(mean.preprocessing.features[1].fill).toBe('blue')
    const all = [mean.train, mean.val, mean.test]
    const row3 = all.flatMap((d) => Array.from(d.sourceRows, (r, i) => (r === 3 ? d.x[i * d.inputs] : []))).flat()
    expect(row3[0]).toBeCloseTo(fill, 4)

    const mode = prepareData(table, { seed: 1, missing: 'mostFrequent' })
    expect(mode.dropped).toBe(0)
    expect(mode.preprocessing.features[1].fill).toBe('blue')
  })

  it('uses a separate test table as the test split', () => {
    const table = sample()
    const test = selectRows(table, Int32Array.of(0, 1, 2, 3))
    const p = prepareData(table, { seed: 1, testTable: test, split: { train: 0.8, val: 0.2 } })
    expect(p.test.rows).toBe(4)
    expect(p.train.rows + p.val.rows).toBe(40)
  })

  it('regression keeps target values as they are', () => {
    const p = prepareData(generateToy('line', { count: 50 }), { seed: 1 })
    expect(p.preprocessing.target.task).toBe('regression')
    expect(p.train.outputs).toBe(1)
    const y = generateToy('line', { count: 50 }).columns[1].values as Float64Array
    expect(p.train.y[0]).toBeCloseTo(y[p.train.sourceRows[0]], 5)
    expect(p.train.labels).toBeUndefined()
  })

  it('explains bad settings and bad targets with DataErrors', () => {
    const t = sample()
    expect(() => prepareData(t, { target: 'nope' })).toThrow('sample.csv: there is no column "nope" to predict')
    expect(() => prepareData(t, { task: 'regression' })).toThrow(/cannot be predicted by regression/)
    expect(() => prepareData(t, { features: ['y'] })).toThrow(/is the target/)
    expect(() => prepareData(t, { features: [] })).toThrow(DataError)
    const oneClass = { ...t, columns: [t.columns[0], { name: 'y', type: 'categorical' as const, values: Array.from({ length: 40 }, () => 'a') }] }
    expect(() => prepareData(oneClass)).toThrow('sample.csv, column "y": the target has a single class ("a"); a classifier needs at least two')
    const infinite = { ...t, columns: [{ name: 'x', type: 'numeric' as const, values: Float64Array.from({ length: 40 }, (_, i) => (i === 7 ? Infinity : i)) }, t.columns[2]] }
    expect(() => prepareData(infinite, { split: { train: 1, val: 0, test: 0 } })).toThrow('sample.csv, row 8, column "x": Infinity is not a finite number')
  })

  it('keeps images unscaled and all pixels as features, even constant ones', () => {
    const n = 20
    const pixels = Array.from({ length: 4 }, (_, p) => ({ name: `pixel${p}`, type: 'numeric' as const, values: Float32Array.from({ length: n }, (_, r) => (p === 0 ? 0 : ((r * p) % 7) / 7)) }))
    const table: Table = { name: 'img', rows: n, columns: [...pixels, { name: 'label', type: 'categorical', values: Array.from({ length: n }, (_, r) => String(r % 2)) }], image: { width: 2, height: 2, channels: 1 } }
    const p = prepareData(table, { seed: 1 })
    expect(p.preprocessing.scaling).toBe('none')
    expect(p.train.inputs).toBe(4)
  })
})
