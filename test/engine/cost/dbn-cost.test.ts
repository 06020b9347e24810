import { describe, expect, it } from 'vitest'
import { dbnCost } from '../../../src/engine/cost'

describe('dbnCost (editor numbers of a DBN)', () => {
  it('counts an RBM of 4 visible and 3 hidden units: 12 weights, 19 with biases', () => {
    const c = dbnCost({ inputs: 4, layers: [3], k: [1] })
    expect(c.rbms[0]).toMatchObject({ visible: 4, hidden: 3, weights: 12, biases: 7 })
    expect(c.parametersWithoutBias).toBe(12)
    expect(c.parameters).toBe(19)
  })

  it('splits CD-1 on a 4×3 RBM into the up pass (36) and the rest of the step (154)', () => {
    // up pass 2·4·3 + 4·3 = 36; CD-1 per sample 190 (hand count in rbm-cost.test.ts) → 190 − 36 = 154
    const c = dbnCost({ inputs: 4, layers: [3], k: [1] })
    expect(c.rbms[0]!.flopsForward).toBe(36)
    expect(c.rbms[0]!.flopsBackward).toBe(154)
  })

  it('chains the RBMs and uses each one its own k', () => {
    // RBM 2: v=3, h=2, k=2: 2vh+4h 20, sample h0 4, 2×(4vh+4v+4h) 88, one sample pair 2v+2h 10,
    // velocities 3v+4h 17, statistics 4vh 24 → 163; forward 20, backward 143
    const c = dbnCost({ inputs: 4, layers: [3, 2], k: [1, 2] })
    expect(c.rbms[1]).toMatchObject({ index: 2, visible: 3, hidden: 2, k: 2, weights: 6, biases: 5, flopsForward: 20, flopsBackward: 143 })
    expect(c.flopsForward).toBe(36 + 20)
    expect(c.flopsBackward).toBe(154 + 143)
  })

  it('adds a classifier softmax head on the top code with its CCE loss', () => {
    // head 2 → 2: 4 weights, 2 biases; forward 2·2·2 + 2 + 5·2 = 20, fused CCE 7·2 = 14;
    // backward dW 8 + db 2 (fused, first layer: no f′, no dX) + CCE gradient 2·2 = 14
    const c = dbnCost({ inputs: 4, layers: [3, 2], k: [1, 2], classes: 2 })
    expect(c.head).toMatchObject({ fanIn: 2, units: 2, weights: 4, biases: 2, flopsForward: 20, flopsBackward: 10 })
    expect(c.parametersWithoutBias).toBe(12 + 6 + 4)
    expect(c.parameters).toBe(19 + 11 + 6)
    expect(c.flopsForward).toBe(36 + 20 + 34)
    expect(c.flopsBackward).toBe(154 + 143 + 14)
  })

  it('has no head without classes', () => {
    expect(dbnCost({ inputs: 4, layers: [3], k: [1], classes: 0 }).head).toBeNull()
  })
})
