import { describe, expect, it } from 'vitest'
import { auc, confusionAt, mse, percentile, psnr, roc, rowMse } from '../../../src/engine/rbm/metrics'

describe('denoising metrics', () => {
  it('MSE and PSNR against hand-computed values', () => {
    expect(mse([0, 1, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.125, 12)
    expect(psnr(0.01)).toBeCloseTo(20, 12)
    expect(psnr(0.25)).toBeCloseTo(6.020599913279624, 12)
    expect(psnr(1, 255)).toBeCloseTo(48.1308036086791, 10)
    expect(psnr(0)).toBe(Infinity)
    expect(Array.from(rowMse([0, 0, 1, 1], [1, 0, 1, 1], 2, 2))).toEqual([0.5, 0])
    expect(() => mse([1], [1, 2])).toThrow(/1 vs 2/)
  })

  it('percentile interpolates between closest ranks (numpy default)', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBeCloseTo(2.5, 12)
    expect(percentile([4, 1, 3, 2], 99)).toBeCloseTo(3.97, 12)
    expect(percentile([4, 1, 3, 2], 0)).toBe(1)
    expect(percentile([4, 1, 3, 2], 100)).toBe(4)
    expect(() => percentile([], 50)).toThrow(/no values/)
  })
})

describe('ROC and AUC', () => {
  it('counts a tied positive/negative pair as ½ (hand-computed Mann–Whitney)', () => {
    // positives 0.9, 0.8, 0.3; negatives 0.8, 0.5 → pairs won: 1 + 1 + ½ + 1 + 0 + 0 = 3.5 of 6
    const c = roc([0.9, 0.8, 0.8, 0.5, 0.3], [1, 1, 0, 0, 1])
    expect(c.auc).toBeCloseTo(3.5 / 6, 12)
    expect(c.fpr).toEqual([0, 0, 0.5, 1, 1])
    expect(c.tpr.map((t) => Number(t.toFixed(6)))).toEqual([0, 0.333333, 0.666667, 0.666667, 1])
    expect(c.thresholds).toEqual([0.9, 0.8, 0.5, 0.3])
  })

  it('is 1 for a perfect ranking, 0 for the reverse, ½ when all scores tie', () => {
    expect(auc([3, 2, 1, 0], [true, true, false, false])).toBe(1)
    expect(auc([0, 1, 2, 3], [1, 1, 0, 0])).toBe(0)
    expect(auc([5, 5, 5, 5, 5], [1, 0, 0, 1, 0])).toBeCloseTo(0.5, 12)
  })

  it('does not depend on the input order of tied rows', () => {
    expect(auc([1, 1, 0], [1, 0, 0])).toBeCloseTo(0.75, 12)
    expect(auc([1, 1, 0], [0, 1, 0])).toBeCloseTo(0.75, 12)
  })

  it('refuses one-class labels and NaN scores', () => {
    expect(() => roc([1, 2], [0, 0])).toThrow(/both classes/)
    expect(() => roc([1, Number.NaN], [0, 1])).toThrow(/NaN/)
  })

  it('confusion matrix at a threshold (score ≥ threshold is flagged)', () => {
    expect(confusionAt([0.9, 0.8, 0.8, 0.5, 0.3], [1, 1, 0, 0, 1], 0.8)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 })
  })
})
