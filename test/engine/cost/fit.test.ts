import { describe, expect, it } from 'vitest'
import { batchFeatures, batchSeconds, fitFlopModel, networkCost, splitsBatches, type TimedBatch } from '../../../src/engine/cost'
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
  {
    inputs: 784,
    layers: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }],
    loss: 'cce',
  },
]
const truth = {
  perBatch: 2e-5,
  perLayer: 3e-6,
  perParameter: 4e-10,
  perRow: 8e-8,
  flopsPerSecond: 2e9,
  perElement: 5e-9,
  threads: 2 as const,
  perSplitBatch: 3e-5,
  perSplitParameter: 2e-10,
}

function synthetic(noise: number): TimedBatch[] {
  const rng = new Rng(7)
  return nets.flatMap((spec) =>
    [1, 4, 16, 64, 256].map((rows) => {
      const cost = networkCost(spec)
      const features = batchFeatures(cost, rows, 'sgd', splitsBatches(cost, rows, 2))
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
    expect(fit.perRow / truth.perRow).toBeCloseTo(1, 5)
    expect(fit.flopsPerSecond / truth.flopsPerSecond).toBeCloseTo(1, 5)
    expect(fit.perElement / truth.perElement).toBeCloseTo(1, 5)
    expect(fit.perSplitBatch / truth.perSplitBatch).toBeCloseTo(1, 5)
    expect(fit.perSplitParameter / truth.perSplitParameter).toBeCloseTo(1, 5)
    expect(fit.threads).toBe(2)
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
    for (const v of [fit.perBatch, fit.perLayer, fit.perParameter, fit.perRow, fit.flopsPerSecond, fit.perElement, fit.perSplitBatch, fit.perSplitParameter]) expect(v).toBeGreaterThanOrEqual(0)
  })

  it("recovers all six constants from the calibration's own plan: one network whole and its layers alone", () => {
    // What calibrate() measures for 784-128-10 at the user's batch 32: the whole network at 1, 4, 16, 64, 256
    // and 32 rows (weights 2 and 4), and each layer alone (784-128 with MSE, 128-10 with softmax + CCE) at 1, 4 and 32.
    const mnist = nets[1]
    const single = (inputs: number, layer: NetworkSpec['layers'][number], loss: NetworkSpec['loss']): NetworkSpec => ({ inputs, layers: [layer], loss })
    const plan: [NetworkSpec, number, number][] = [
      ...[1, 4, 16, 64, 256, 32].map((rows): [NetworkSpec, number, number] => [mnist, rows, rows === 32 ? 4 : 2]),
      ...[1, 4, 32].map((rows): [NetworkSpec, number, number] => [single(784, mnist.layers[0], 'mse'), rows, 1]),
      ...[1, 4, 32].map((rows): [NetworkSpec, number, number] => [single(128, mnist.layers[1], 'cce'), rows, 1]),
    ]
    // With two threads the whole network at 32, 64, 256 rows and 784-128 at 32 rows are split (r·W ≥ 2^21).
    const timings = plan.map(([spec, rows, weight]) => {
      const cost = networkCost(spec)
      const features = batchFeatures(cost, rows, 'sgd', splitsBatches(cost, rows, 2))
      return { features, seconds: batchSeconds(truth, features), weight }
    })
    expect(timings.filter((t) => t.features.splitBatches === 1)).toHaveLength(4)
    const fit = fitFlopModel(timings)
    for (const key of ['perBatch', 'perLayer', 'perParameter', 'perRow', 'flopsPerSecond', 'perElement'] as const) {
      expect(fit[key] / truth[key]).toBeCloseTo(1, 4)
    }
    // g and h·P are nearly collinear here (P = 101,770 vs 100,480): their sum at this network's P is what is recovered.
    const P = networkCost(mnist).parameters
    expect((fit.perSplitBatch + fit.perSplitParameter * P) / (truth.perSplitBatch + truth.perSplitParameter * P)).toBeCloseTo(1, 4)
  })

  it('keeps the one-thread constants when split batches ran 3× slower (helper without a core)', () => {
    const timings = synthetic(0).map((t) => ({ ...t, seconds: t.seconds * (t.features.splitBatches > 0 ? 3 : 1) }))
    const fit = fitFlopModel(timings)
    for (const key of ['perBatch', 'perLayer', 'perParameter', 'perRow', 'flopsPerSecond', 'perElement'] as const) {
      expect(fit[key] / truth[key]).toBeCloseTo(1, 5)
    }
    const P = networkCost(nets[1]).parameters
    expect(fit.perSplitBatch + fit.perSplitParameter * P).toBeGreaterThan(truth.perSplitBatch + truth.perSplitParameter * P)
  })

  it('reports one thread and g = h = 0 when no measured batch was split', () => {
    const fit = fitFlopModel(synthetic(0).filter((t) => t.features.splitBatches === 0))
    expect(fit.threads).toBe(1)
    expect([fit.perSplitBatch, fit.perSplitParameter]).toEqual([0, 0])
    expect(fit.flopsPerSecond / truth.flopsPerSecond).toBeCloseTo(1, 5)
  })

  it('recovers the constants from the calibration plan on sparse data (ρ = 0.19 on the input layer, dense beyond)', () => {
    // calibrate() with MNIST-like inputs: the whole 784-128-10 and 784-128 alone see ρ = 0.19 (sparse products),
    // 128-10 alone dense activations; one thread. The features carry ρ, so the same constants explain all.
    const mnist = nets[1]
    const plan: [NetworkSpec, number, number][] = [
      ...[1, 4, 16, 64, 256, 32].map((rows): [NetworkSpec, number, number] => [mnist, rows, 0.19]),
      ...[1, 4, 32].map((rows): [NetworkSpec, number, number] => [{ inputs: 784, layers: [mnist.layers[0]], loss: 'mse' }, rows, 0.19]),
      ...[1, 4, 32].map((rows): [NetworkSpec, number, number] => [{ inputs: 128, layers: [mnist.layers[1]], loss: 'cce' }, rows, 1]),
    ]
    const oneThread = { ...truth, threads: 1 as const, perSplitBatch: 0, perSplitParameter: 0 }
    const timings = plan.map(([spec, rows, rho]) => {
      const features = batchFeatures(networkCost(spec), rows, 'sgd', false, rho, true)
      return { features, seconds: batchSeconds(oneThread, features) }
    })
    // 784-128 alone at one row: G = 0.19 · 401,408 = 76,267.52 FLOPs
    expect(timings[6].features.gemmFlops).toBeCloseTo(76_267.52, 6)
    const fit = fitFlopModel(timings)
    for (const key of ['perBatch', 'perLayer', 'perParameter', 'perRow', 'flopsPerSecond', 'perElement'] as const) {
      expect(fit[key] / oneThread[key]).toBeCloseTo(1, 4)
    }
  })

  it('refuses an empty set of measurements', () => {
    expect(() => fitFlopModel([])).toThrow(/no measurements/)
  })
})
