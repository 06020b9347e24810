import { describe, expect, it } from 'vitest'
import { batchFeatures, batchSeconds, flopModelTime, layerModelTime, networkCost } from '../../../src/engine/cost'
import type { NetworkSpec } from '../../../src/engine/types'

const mnist: NetworkSpec = {
  inputs: 784,
  layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }],
  loss: 'cce',
}
const deep: NetworkSpec = {
  inputs: 2,
  layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
  loss: 'bce',
}

describe('layerModelTime: t = t_op · L · (N/m) · e', () => {
  it('gives 0.01 · 2 · (60000/100) · 10 = 120 s for 784-128-10', () => {
    const t = layerModelTime(networkCost(mnist), { samples: 60_000, batchSize: 100, epochs: 10 })
    expect(t.seconds).toBeCloseTo(120, 10)
    expect(t.layers).toEqual([60, 60].map((s) => expect.closeTo(s, 10)))
    expect(t.perEpoch).toBeCloseTo(12, 10)
  })

  it('gives 0.005 · 3 · (500/32) · 4 = 0.9375 s for 2-8-8-1 with an edited t_op, N/m unrounded', () => {
    const t = layerModelTime(networkCost(deep), { samples: 500, batchSize: 32, epochs: 4 }, 0.005)
    expect(t.seconds).toBeCloseTo(0.9375, 12)
  })

  it('clamps the batch to the data: full-batch 500 rows is one operation per layer per epoch', () => {
    const t = layerModelTime(networkCost(deep), { samples: 500, batchSize: 5000, epochs: 2 })
    expect(t.seconds).toBeCloseTo(0.01 * 3 * 1 * 2, 12)
  })
})

describe('flopModelTime', () => {
  const p = { perBatch: 1e-5, perLayer: 2e-6, perParameter: 1e-9, flopsPerSecond: 1e9, perElement: 1e-9 }

  it('is B·t_batch for full batches', () => {
    const cost = networkCost(mnist)
    const shape = { samples: 1000, batchSize: 100, epochs: 3, optimizer: 'adam' as const }
    const perBatch = batchSeconds(p, batchFeatures(cost, 100, 'adam'))
    expect(flopModelTime(cost, shape, p).seconds).toBeCloseTo(3 * 10 * perBatch, 12)
  })

  it('charges the partial last batch its own rows', () => {
    const cost = networkCost(deep)
    const t = flopModelTime(cost, { samples: 250, batchSize: 100, epochs: 1 }, p)
    const expected = 2 * batchSeconds(p, batchFeatures(cost, 100)) + batchSeconds(p, batchFeatures(cost, 50))
    expect(t.seconds).toBeCloseTo(expected, 14)
  })

  it('splits the run into layers and an overhead that add up to the total', () => {
    const t = flopModelTime(networkCost(mnist), { samples: 600, batchSize: 32, epochs: 2 }, p)
    expect(t.layers.reduce((s, x) => s + x, 0) + t.overhead).toBeCloseTo(t.seconds, 14)
    expect(t.layers[0]).toBeGreaterThan(t.layers[1])
  })

  it('works out a hand example: 2 batches of a 1-layer 1-1 identity net', () => {
    // 1-1 identity, MSE, SGD: P = 2 → c-term 2·(1+2) = 6 parameter operations per batch;
    // G = 2 (Z = x·w) + 2 (dW) = 4; E = 2 (bias, db) + 1 + 1 (input and target copies) + 3 + 2 (loss) = 9
    // t_batch(r=2) = 1e-5 + 2e-6 + 6e-9 + 2·4/1e9 + 1e-9·2·9 = 1.2032e-5 s; 2 batches → 2.4064e-5 s
    const cost = networkCost({ inputs: 1, layers: [{ units: 1, activation: 'identity' }], loss: 'mse' })
    expect(batchFeatures(cost, 2)).toEqual({ layers: 1, parameterOps: 6, gemmFlops: 8, elementOps: 18 })
    expect(flopModelTime(cost, { samples: 4, batchSize: 2, epochs: 1 }, p).seconds).toBeCloseTo(2.4064e-5, 15)
  })
})
