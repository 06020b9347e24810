import { describe, expect, it } from 'vitest'
import { bucketMean, emaSmooth, lttb } from '../../../src/renderer/src/composables/use-series'

describe('emaSmooth (TensorBoard, debiased)', () => {
  it('starts at the first value instead of 0', () => {
    expect(emaSmooth([5], 0.6)).toEqual([5])
  })

  it('weights the past by w: [1, 0] with w = 0.6 gives 1 then 0.24/0.64 = 0.375', () => {
    const [a, b] = emaSmooth([1, 0], 0.6)
    expect(a).toBeCloseTo(1, 12)
    expect(b).toBeCloseTo(0.375, 12)
  })

  it('returns the raw values when w = 0', () => {
    expect(emaSmooth([3, 1, 2], 0)).toEqual([3, 1, 2])
  })

  it('lets a NaN through without poisoning the values after it', () => {
    const out = emaSmooth([1, Number.NaN, 1], 0.5)
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(1, 12)
  })
})

describe('lttb', () => {
  const xs = Array.from({ length: 100_000 }, (_, i) => i)
  const ys = xs.map((i) => (i === 50_003 ? 100 : Math.sin(i / 1000)))

  it('reduces 100,000 points to exactly the threshold', () => {
    expect(lttb(xs, ys, 2000)).toHaveLength(2000)
  })

  it('keeps the first and the last point', () => {
    const out = lttb(xs, ys, 2000)
    expect(out[0]).toEqual([0, ys[0]])
    expect(out.at(-1)).toEqual([99_999, ys[99_999]])
  })

  it('keeps a single spike that averaging would flatten', () => {
    expect(lttb(xs, ys, 2000).some(([x, y]) => x === 50_003 && y === 100)).toBe(true)
  })

  it('returns short series unchanged', () => {
    expect(lttb([0, 1, 2], [5, 6, 7], 2000)).toEqual([[0, 5], [1, 6], [2, 7]])
  })

  it('cuts 100,000 points to exactly the drawn size, keeping the first and last point (speed is in bench/ui-fps.mjs)', () => {
    const out = lttb(xs, ys, 2000)
    expect(out).toHaveLength(2000)
    expect(out[0]).toEqual([xs[0], ys[0]])
    expect(out.at(-1)).toEqual([xs.at(-1), ys.at(-1)])
  })
})

describe('bucketMean', () => {
  it('averages equal runs: 6 points into 3 buckets of 2', () => {
    expect(bucketMean([0, 1, 2, 3, 4, 5], [1, 3, 5, 7, 9, 11], 3)).toEqual([[0.5, 2], [2.5, 6], [4.5, 10]])
  })

  it('returns short series unchanged', () => {
    expect(bucketMean([0, 1], [5, 6], 10)).toEqual([[0, 5], [1, 6]])
  })
})
