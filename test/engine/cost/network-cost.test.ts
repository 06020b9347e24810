import { describe, expect, it } from 'vitest'
import { batchesOf, networkCost, trainingCost } from '../../../src/engine/cost'
import type { NetworkSpec } from '../../../src/engine/types'

const net342: NetworkSpec = {
  inputs: 3,
  layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'sigmoid' }],
  loss: 'mse',
}

const mnist: NetworkSpec = {
  inputs: 784,
  layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }],
  loss: 'cce',
}

describe('networkCost: parameters', () => {
  it('counts 20 weights and 26 parameters with biases for 3-4-2', () => {
    const cost = networkCost(net342)
    expect(cost.parametersWithoutBias).toBe(20)
    expect(cost.parameters).toBe(26)
    expect(cost.layers.map((l) => [l.weights, l.biases])).toEqual([[12, 4], [8, 2]])
  })

  it('counts 101,770 parameters for 784-128-10', () => {
    const cost = networkCost(mnist)
    expect(cost.parameters).toBe(101_770)
    expect(cost.parametersWithoutBias).toBe(101_632)
  })

  it('counts no biases on layers without a bias', () => {
    const cost = networkCost({
      inputs: 2,
      layers: [{ units: 3, activation: 'identity', bias: false }, { units: 1, activation: 'identity', bias: false }],
      loss: 'mse',
    })
    expect(cost.parameters).toBe(9)
    expect(cost.parametersWithoutBias).toBe(9)
  })
})

describe('networkCost: FLOPs per sample', () => {
  // 3-4-2 tanh/sigmoid, MSE (not fused):
  // layer 1 fwd 2·3·4 + 4 + 1·4 = 32, bwd 3·4 (tanh′) + 24 (dW) + 4 (db) + 0 (no dX) = 40
  // layer 2 fwd 2·4·2 + 2 + 3·2 = 24, bwd 3·2 (σ′) + 16 + 2 + 16 (dX) = 40; loss fwd 3·2, bwd 2·2
  it('matches the hand count of 3-4-2 layer by layer', () => {
    const cost = networkCost(net342)
    expect(cost.layers.map((l) => [l.flopsForward, l.flopsBackward])).toEqual([[32, 40], [24, 40]])
    expect(cost.loss).toEqual({ flopsForward: 6, flopsBackward: 4, fused: false })
  })

  it('totals 62 forward and 84 backward FLOPs for 3-4-2', () => {
    const cost = networkCost(net342)
    expect(cost.flopsForward).toBe(62)
    expect(cost.flopsBackward).toBe(84)
    expect(cost.flopsPerSample).toBe(146)
  })

  // 784-128-10 ReLU/softmax, CCE fused with softmax:
  // layer 1 fwd 200,704 + 128 + 128 = 200,960, bwd 128 + 200,704 + 128 = 200,960
  // layer 2 fwd 2,560 + 10 + 5·10 = 2,620, bwd 0 (fused) + 2,560 + 10 + 2,560 = 5,130; loss 7·10, 2·10
  it('matches the hand count of 784-128-10 with the fused softmax cross-entropy', () => {
    const cost = networkCost(mnist)
    expect(cost.layers.map((l) => [l.flopsForward, l.flopsBackward])).toEqual([[200_960, 200_960], [2_620, 5_130]])
    expect(cost.loss).toEqual({ flopsForward: 70, flopsBackward: 20, fused: true })
    expect(cost.flopsPerSample).toBe(409_760)
  })

  it('skips the input gradient only on the first layer', () => {
    const cost = networkCost({ inputs: 5, layers: [{ units: 4, activation: 'relu' }, { units: 3, activation: 'relu' }, { units: 1, activation: 'identity' }], loss: 'mse' })
    expect(cost.layers.map((l) => l.breakdown.inputGradient)).toEqual([0, 24, 6])
  })

  it('sums its breakdown terms into each layer total', () => {
    for (const l of networkCost(mnist).layers) {
      const b = l.breakdown
      expect(b.gemmForward + b.biasForward + b.activationForward).toBe(l.flopsForward)
      expect(b.activationBackward + b.weightGradient + b.biasGradient + b.inputGradient).toBe(l.flopsBackward)
    }
  })
})

describe('trainingCost', () => {
  it('counts N·flopsPerSample passes plus one optimizer step per batch per parameter', () => {
    // 784-128-10, N = 60,000, m = 100, e = 10, SGD (2 FLOPs per parameter per step):
    // 600 batches; 60,000·409,760 = 24,585,600,000; 600·101,770·2 = 122,124,000
    const t = trainingCost(networkCost(mnist), { samples: 60_000, batchSize: 100, epochs: 10, optimizer: 'sgd' })
    expect(t.batchesPerEpoch).toBe(600)
    expect(t.passFlopsPerEpoch).toBe(24_585_600_000)
    expect(t.updateFlopsPerEpoch).toBe(122_124_000)
    expect(t.totalFlops).toBe(247_077_240_000)
  })

  it('charges Adam 13 FLOPs per parameter per step', () => {
    const t = trainingCost(networkCost(net342), { samples: 10, batchSize: 5, epochs: 1, optimizer: 'adam' })
    expect(t.updateFlopsPerEpoch).toBe(2 * 26 * 13)
  })

  it('counts a partial last batch and clamps the batch size to the data', () => {
    expect(batchesOf(500, 32)).toBe(16)
    expect(batchesOf(10, 100)).toBe(1)
    expect(batchesOf(10, 0)).toBe(10)
    expect(batchesOf(0, 8)).toBe(0)
  })
})
