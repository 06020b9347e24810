import { describe, expect, it } from 'vitest'
import { dbnTrainingCost, rbmCost } from '../../../src/engine/cost'

describe('rbmCost (CD-k)', () => {
  it('counts the parameters of a 784×500 RBM', () => {
    const c = rbmCost(784, 500)
    expect(c.weights).toBe(392_000)
    expect(c.biases).toBe(1284)
    expect(c.parameters).toBe(393_284)
  })

  it('matches the hand count of CD-1 on a 4×3 RBM', () => {
    // v=4, h=3, k=1: 2vh+4h = 36; sample h0 = 6; 1×(4vh+4v+4h) = 76; no samples after the last step;
    // velocities 3v+4h = 24; ΔW statistics 4vh = 48 → 190
    expect(rbmCost(4, 3).flopsPerSample).toBe(190)
    // update: 6·12 + 2·7 = 86
    expect(rbmCost(4, 3).flopsPerUpdate).toBe(86)
  })

  it('adds 4vh + 4v + 4h and one pair of samples per extra Gibbs step', () => {
    expect(rbmCost(4, 3, { k: 2 }).flopsPerSample - rbmCost(4, 3).flopsPerSample).toBe(76 + 8 + 6)
  })
})

describe('dbnTrainingCost', () => {
  it('trains each RBM for e epochs and propagates N samples through all but the top one', () => {
    // 4-3-2, N = 10, m = 5, e = 2, CD-1
    const d = dbnTrainingCost(4, [3, 2], { samples: 10, batchSize: 5, epochs: 2 })
    const r1 = rbmCost(4, 3)
    const r2 = rbmCost(3, 2)
    expect(d.rbms[0].trainFlops).toBe(2 * (10 * r1.flopsPerSample + 2 * r1.flopsPerUpdate))
    expect(d.rbms[0].propagateFlops).toBe(10 * (2 * 12 + 4 * 3))
    expect(d.rbms[1].propagateFlops).toBe(0)
    expect(d.totalFlops).toBe(d.rbms[0].trainFlops + d.rbms[0].propagateFlops + 2 * (10 * r2.flopsPerSample + 2 * r2.flopsPerUpdate))
    expect(d.parameters).toBe(12 + 7 + 6 + 5)
  })
})
