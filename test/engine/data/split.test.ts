import { describe, expect, it } from 'vitest'
import { DataError, splitRows } from '../../../src/engine/data'

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i)

describe('splitRows', () => {
  it('is a partition of the rows', () => {
    const s = splitRows(range(100), { train: 0.6, val: 0.2, test: 0.2 }, 7)
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b)
    expect(all).toEqual([...range(100)])
    expect([s.train.length, s.val.length, s.test.length]).toEqual([60, 20, 20])
  })

  it('gives the same split for the same seed and a different one for another seed', () => {
    const a = splitRows(range(50), { train: 0.7, val: 0.15, test: 0.15 }, 3)
    const b = splitRows(range(50), { train: 0.7, val: 0.15, test: 0.15 }, 3)
    const c = splitRows(range(50), { train: 0.7, val: 0.15, test: 0.15 }, 4)
    expect(a).toEqual(b)
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test))
  })

  it('stratifies: each class is split in the same proportions', () => {
    // 90 rows of class 0, 10 of class 1: a 20 % test split holds 18 and 2.
    const labels = Int32Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 1 : 0))
    const s = splitRows(range(100), { train: 0.6, val: 0.2, test: 0.2 }, 11, labels)
    const count = (rows: Int32Array, k: number) => Array.from(rows).filter((r) => labels[r] === k).length
    expect([count(s.train, 0), count(s.val, 0), count(s.test, 0)]).toEqual([54, 18, 18])
    expect([count(s.train, 1), count(s.val, 1), count(s.test, 1)]).toEqual([6, 2, 2])
  })

  it('keeps at least one row of every class for training', () => {
    const labels = Int32Array.of(0, 0, 0, 0, 1)
    const s = splitRows(range(5), { train: 0.2, val: 0.4, test: 0.4 }, 1, labels)
    expect(Array.from(s.train).some((r) => labels[r] === 1)).toBe(true)
  })

  it('rejects fractions without a training share', () => {
    expect(() => splitRows(range(5), { train: 0, val: 0.5, test: 0.5 }, 1)).toThrow(DataError)
    expect(() => splitRows(range(5), { train: NaN, val: 0.5, test: 0.5 }, 1)).toThrow(/split fractions/)
  })
})
