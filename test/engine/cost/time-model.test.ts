import { describe, expect, it } from 'vitest'
import { batchFeatures, batchSeconds, flopModelTime, layerModelTime, networkCost, sparseInputs, splitsBatches } from '../../../src/engine/cost'
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
  const p = { perBatch: 1e-5, perLayer: 2e-6, perParameter: 1e-9, perRow: 0, flopsPerSecond: 1e9, perElement: 1e-9, threads: 1 as const, perSplitBatch: 0, perSplitParameter: 0 }

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
    expect(batchFeatures(cost, 2)).toEqual({ layers: 1, parameterOps: 6, rows: 2, gemmFlops: 8, elementOps: 18, splitBatches: 0, splitParameters: 0 })
    expect(flopModelTime(cost, { samples: 4, batchSize: 2, epochs: 1 }, p).seconds).toBeCloseTo(2.4064e-5, 15)
  })

  describe('batches split over two threads (data-parallel)', () => {
    // 1024-1024 identity, MSE: W = 2^20 weights, P = 2^20 + 1024 = 1,049,600; G = 2·2^20 (Z) + 2·2^20 (dW) = 4,194,304
    // per sample (first layer: no dX). Only R, g and h non-zero: R = 1e9 → G/R = 4.194304 ms per row.
    const wide = networkCost({ inputs: 1024, layers: [{ units: 1024, activation: 'identity' }], loss: 'mse' })
    const q = { perBatch: 0, perLayer: 0, perParameter: 0, perRow: 0, flopsPerSecond: 1e9, perElement: 0, perSplitBatch: 1e-4, perSplitParameter: 1e-9 }

    it('splits batches of 8 rows when 8·2^20 ≥ 2^21 multiply-adds and the kernels have two threads', () => {
      expect(splitsBatches(wide, 8, 2)).toBe(true)
      expect(splitsBatches(wide, 8, 1)).toBe(false)
      expect(splitsBatches(wide, 4, 2)).toBe(false)
    })

    it('charges the training thread 4 of 8 rows plus g + h·P per batch: 16 rows = 8·G/R + 2·(g + h·P)', () => {
      const shape = { samples: 16, batchSize: 8, epochs: 1 }
      // one thread: 16 · 4.194304e-3 = 0.067108864 s
      expect(flopModelTime(wide, shape, { ...q, threads: 1 }).seconds).toBeCloseTo(0.067108864, 12)
      // two: 8 · 4.194304e-3 + 2 · (1e-4 + 1e-9 · 1,049,600) = 0.033554432 + 0.0022992 = 0.035853632 s
      expect(flopModelTime(wide, shape, { ...q, threads: 2 }).seconds).toBeCloseTo(0.035853632, 12)
    })

    it('adds the batches the A/B policy runs on one thread: 24 batches → 8 probes at one-thread cost', () => {
      // 192 rows at 8: B = 24 batches, the first 16 split, then 8 probes on one thread (probeBatches(24) = 8).
      // per batch: split 4·4.194304e-3 + 1e-4 + 1.0496e-3 = 0.017926816 s; one thread 8·4.194304e-3 = 0.033554432 s
      // 24 · 0.017926816 · (1 + 8/24 · (0.033554432/0.017926816 − 1)) = 16 · 0.017926816 + 8 · 0.033554432 = 0.555264512 s
      const shape = { samples: 192, batchSize: 8, epochs: 1 }
      expect(flopModelTime(wide, shape, { ...q, threads: 2 }).seconds).toBeCloseTo(0.555264512, 9)
      // no split, no probes: 24 · 0.033554432
      expect(flopModelTime(wide, shape, { ...q, threads: 1 }).seconds).toBeCloseTo(0.805306368, 9)
    })

    it('predicts no more than the one-thread time when a split costs more (the engine then runs both parts itself)', () => {
      const shape = { samples: 16, batchSize: 8, epochs: 1 }
      // g = 1 s per split batch: split 0.033554432 + 2·(1 + 1e-9·1,049,600) s > one thread 0.067108864 s
      expect(flopModelTime(wide, shape, { ...q, threads: 2, perSplitBatch: 1 }).seconds).toBeCloseTo(0.067108864, 12)
    })

    it('gives a split batch its own rows ⌈r/2⌉ and s = 1 in the features', () => {
      const f = batchFeatures(wide, 9, 'sgd', true)
      expect(f.rows).toBe(9)
      expect(f.gemmFlops).toBe(5 * 4_194_304)
      expect([f.splitBatches, f.splitParameters]).toEqual([1, 1_049_600])
    })
  })

  it('charges f once per row, whatever the batch size, as overhead', () => {
    // Same 1-1 net, f = 5e-7 s per row: 4 rows cost 4·5e-7 = 2e-6 s more at batch 1 and at batch 4 alike.
    const cost = networkCost({ inputs: 1, layers: [{ units: 1, activation: 'identity' }], loss: 'mse' })
    const withRow = { ...p, perRow: 5e-7 }
    for (const batchSize of [1, 4]) {
      const shape = { samples: 4, batchSize, epochs: 1 }
      const extra = flopModelTime(cost, shape, withRow).overhead - flopModelTime(cost, shape, p).overhead
      expect(extra).toBeCloseTo(2e-6, 15)
      expect(flopModelTime(cost, shape, withRow).seconds - flopModelTime(cost, shape, p).seconds).toBeCloseTo(2e-6, 15)
    }
  })

  describe('sparse inputs (ρ) and the correction κ', () => {
    // 784-128-10: layer 1 forward Z = X·Wᵀ 2·784·128 = 200,704 and dW 200,704 (no dX: first layer);
    // layer 2: 3 · 2·128·10 = 7,680. Dense G = 409,088 per row.
    const cost = networkCost(mnist)

    it('costs the input layer over ρ of its inputs when ρ ≤ 0.25 on kernels that skip zeros: G = 0.2·401,408 + 7,680 = 87,961.6', () => {
      expect(batchFeatures(cost, 1).gemmFlops).toBe(409_088)
      expect(batchFeatures(cost, 10, 'sgd', false, 0.2, true).gemmFlops).toBeCloseTo(10 * 87_961.6, 6)
    })

    it('keeps the dense count above ρ = 0.25, on kernels without the sparse product, and for small input layers', () => {
      expect(batchFeatures(cost, 1, 'sgd', false, 0.3, true).gemmFlops).toBe(409_088)
      expect(batchFeatures(cost, 1, 'sgd', false, 0.2, false).gemmFlops).toBe(409_088)
      // 2-8-8-1: 16 input weights < 2^14: the engine multiplies densely whatever ρ
      expect(sparseInputs(networkCost(deep), 0.1, true)).toBe(false)
      expect(sparseInputs(cost, 0.25, true)).toBe(true)
      expect(sparseInputs(cost, undefined, true)).toBe(false)
    })

    it('uses ρ of the shape and the kernels of the calibration: only layer 1 gets cheaper', () => {
      // only R: layer 1 per row 401,408 / 1e9 s dense, 80,281.6 / 1e9 s at ρ = 0.2; 100 rows
      const q = { perBatch: 0, perLayer: 0, perParameter: 0, perRow: 0, flopsPerSecond: 1e9, perElement: 0, threads: 1 as const, perSplitBatch: 0, perSplitParameter: 0, skipsZeros: true }
      const t = flopModelTime(cost, { samples: 100, batchSize: 10, epochs: 1, inputDensity: 0.2 }, q)
      expect(t.layers[0]).toBeCloseTo(100 * 80_281.6e-9, 12)
      expect(t.layers[1]).toBeCloseTo(100 * 7_680e-9, 12)
      expect(t.sparseInputs).toBe(true)
      expect(flopModelTime(cost, { samples: 100, batchSize: 10, epochs: 1, inputDensity: 0.2 }, { ...q, skipsZeros: false }).layers[0]).toBeCloseTo(100 * 401_408e-9, 12)
    })

    it('multiplies the whole estimate, every layer and the overhead by κ', () => {
      const shape = { samples: 600, batchSize: 32, epochs: 2 }
      const plain = flopModelTime(cost, shape, p)
      const k = flopModelTime(cost, shape, p, 1.25)
      expect(k.seconds).toBeCloseTo(1.25 * plain.seconds, 14)
      expect(k.perEpoch).toBeCloseTo(1.25 * plain.perEpoch, 14)
      expect(k.layers[0]).toBeCloseTo(1.25 * plain.layers[0], 14)
      expect(k.overhead).toBeCloseTo(1.25 * plain.overhead, 14)
      expect([plain.correction, k.correction]).toEqual([1, 1.25])
    })

    it('ignores a κ that is not a positive number', () => {
      const shape = { samples: 600, batchSize: 32, epochs: 2 }
      expect(flopModelTime(cost, shape, p, 0).seconds).toBe(flopModelTime(cost, shape, p).seconds)
      expect(flopModelTime(cost, shape, p, NaN).correction).toBe(1)
    })
  })
})
