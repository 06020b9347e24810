import { describe, expect, it } from 'vitest'
import { bucketMean, emaSmooth, incrementalEma, lttb, minMaxBuckets } from '../../../src/renderer/src/composables/use-series'
import { compact } from '../../../src/renderer/src/stores/training'

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

describe('minMaxBuckets', () => {
  it('keeps the lowest and highest point of each bucket in x order: 8 points into 2 buckets', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7]
    expect(minMaxBuckets(xs, [5, 9, 1, 4, 3, 2, 8, 6], 2)).toEqual([[1, 9], [2, 1], [5, 2], [6, 8]])
  })

  it('keeps one point for a flat bucket', () => {
    expect(minMaxBuckets([0, 1, 2, 3, 4, 5], [2, 2, 2, 7, 7, 7], 2)).toEqual([[0, 2], [3, 7]])
  })

  it('skips values that cannot be drawn', () => {
    expect(minMaxBuckets([0, 1, 2, 3, 4, 5], [Number.NaN, 4, 1, Number.NaN, Number.NaN, Number.NaN], 2)).toEqual([[1, 4], [2, 1]])
  })

  it('returns a short series unchanged but for its non-finite values', () => {
    expect(minMaxBuckets([0, 1, 2], [5, Number.NaN, 7], 10)).toEqual([[0, 5], [2, 7]])
  })
})

describe('emaSmooth on a long series', () => {
  it('matches the closed form 1 − wⁿ debias after 1,000 values', () => {
    // A constant series smooths to itself exactly when the debias factor is right at every step.
    const out = emaSmooth(Array.from({ length: 1000 }, () => 3), 0.9)
    expect(out[999]).toBeCloseTo(3, 10)
    expect(out[1]).toBeCloseTo(3, 12)
  })
})

describe('incrementalEma', () => {
  const xs = [0, 1, 2, 3, 4, 5]
  const ys = [4, 2, 8, 1, 3, 5]

  it('gives emaSmooth of the whole series when it grew between calls', () => {
    const smooth = incrementalEma()
    const x = xs.slice(0, 3)
    const y = ys.slice(0, 3)
    smooth(x, y, 0.6)
    x.push(3, 4, 5)
    y.push(1, 3, 5)
    expect(smooth(x, y, 0.6)).toEqual(emaSmooth(ys, 0.6))
  })

  it('starts over with a new weight', () => {
    const smooth = incrementalEma()
    smooth(xs, ys, 0.6)
    expect(smooth(xs, ys, 0.9)).toEqual(emaSmooth(ys, 0.9))
  })

  it('starts over when the store halves its history in place', () => {
    const smooth = incrementalEma()
    const x = [...xs]
    const y = [...ys]
    smooth(x, y, 0.6)
    compact(x, y)
    x.push(6, 7, 8)
    y.push(7, 7, 7)
    // x [0, 2, 4, 5] kept, then three new points: seven values, whose first six are not the six seen before.
    expect(smooth(x, y, 0.6)).toEqual(emaSmooth([4, 8, 3, 5, 7, 7, 7], 0.6))
  })
})
