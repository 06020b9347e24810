import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/engine/random'
import { sampleBernoulli } from '../../../src/engine/rbm/rbm-math'

describe('Bernoulli sampling', () => {
  it('sampleBernoulli uses one uniform per entry, in order, across its 1024-entry chunks', () => {
    const n = 2500
    const p = new Float32Array(n).fill(0.3)
    const out = new Float32Array(n)
    sampleBernoulli(p, out, n, new Rng(8))
    const rng = new Rng(8)
    let ones = 0
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBe(rng.next() < Math.fround(0.3) ? 1 : 0)
      ones += out[i]
    }
    expect(ones / n).toBeCloseTo(0.3, 1)
  })
})
