import { describe, expect, it } from 'vitest'
import { batchFeatures, batchSeconds, fitFlopModel, networkCost, type TimedBatch } from '../../../src/engine/cost'
import { Rng } from '../../../src/engine/random'
import type { NetworkSpec } from '../../../src/engine/types'

const nets: NetworkSpec[] = [
  { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'bce' },
  { inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' },
  {
    inputs: 64,
    layers: [{ units: 32, activation: 'relu' }, { units: 32, activation: 'relu' }, { units: 16, activation: 'relu' }, { units: 4, activation: 'softmax' }],
    loss: 'cce',
  },
]
const truth = { perBatch: 2e-5, perLayer: 3e-6, perParameter: 4e-10, flopsPerSecond: 2e9, perElement: 5e-9 }

function synthetic(noise: number): TimedBatch[] {
  const rng = new Rng(7)
  return nets.flatMap((spec) =>
    [1, 4, 16, 64, 256].map((rows) => {
      const features = batchFeatures(networkCost(spec), rows)
      return { features, seconds: batchSeconds(truth, features) * (1 + noise * (2 * rng.next() - 1)) }
    }),
  )
}

describe('fitFlopModel', () => {
  it('recovers the constants that made exact synthetic timings', () => {
    const fit = fitFlopModel(synthetic(0))
    expect(fit.perBatch).toBeCloseTo(truth.perBatch, 9)
    expect(fit.perLayer).toBeCloseTo(truth.perLayer, 10)
    expect(fit.perParameter / truth.perParameter).toBeCloseTo(1, 5)
    expect(fit.flopsPerSecond / truth.flopsPerSecond).toBeCloseTo(1, 5)
    expect(fit.perElement / truth.perElement).toBeCloseTo(1, 5)
    expect(fit.rmsRelativeError).toBeLessThan(1e-6)
  })

  it('recovers them within a few percent from timings with ±5% noise', () => {
    const fit = fitFlopModel(synthetic(0.05))
    expect(Math.abs(fit.flopsPerSecond / truth.flopsPerSecond - 1)).toBeLessThan(0.1)
    expect(Math.abs(fit.perBatch / truth.perBatch - 1)).toBeLessThan(0.3)
    expect(fit.rmsRelativeError).toBeLessThan(0.05)
  })

  it('keeps every constant non-negative when the data say one is zero', () => {
    const zeroLayer = { ...truth, perLayer: 0, perBatch: 5e-5 }
    const timings = synthetic(0).map((t) => ({ ...t, seconds: batchSeconds(zeroLayer, t.features) * (t.features.layers === 3 ? 0.97 : 1) }))
    const fit = fitFlopModel(timings)
    for (const v of [fit.perBatch, fit.perLayer, fit.perParameter, fit.flopsPerSecond, fit.perElement]) expect(v).toBeGreaterThanOrEqual(0)
  })

  it('refuses an empty set of measurements', () => {
    expect(() => fitFlopModel([])).toThrow(/no measurements/)
  })
})
