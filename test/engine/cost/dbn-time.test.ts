import { describe, expect, it } from 'vitest'
import {
  cdBatchFeatures,
  cdBatchSeconds,
  dbnFlopModelTime,
  dbnLayerModelTime,
  dbnRbms,
  dbnRunCost,
  estimateDbnRun,
  evalFeatures,
  fineTuneBatchFeatures,
  fineTuneNetwork,
  fitDbnTimeModel,
  monitorFlops,
  type DbnRunShape,
  type DbnTimeParams,
  type DbnTiming,
} from '../../../src/engine/cost'
import { Rng } from '../../../src/engine/random'

const dbn = (over: Partial<DbnRunShape> = {}): DbnRunShape => ({ inputs: 784, layers: [256, 64], k: [1, 1], samples: 8000, batchSize: 64, epochs: 5, ...over })

describe('DBN layer model t = t_op · R · (N/m) · e', () => {
  it('gives 0.01 · 2 · (8000/64) · 5 = 12.5 s for 784-256-64 without fine-tuning', () => {
    const t = dbnLayerModelTime(dbn(), 0.01)
    expect(t.seconds).toBeCloseTo(12.5, 12)
    expect(t.rbms).toEqual([6.25, 6.25])
    expect(t.rbmEpochs).toEqual([1.25, 1.25])
    expect(t.fineTune).toBe(0)
  })

  it('does not round N/m: a 784-500 RBM on N = 100, m = 32, e = 4 takes 0.02 · 1 · 3.125 · 4 = 0.25 s', () => {
    expect(dbnLayerModelTime(dbn({ layers: [500], k: [1], samples: 100, batchSize: 32, epochs: 4 }), 0.02).seconds).toBeCloseTo(0.25, 12)
  })

  it('adds t_op · 2R · (N/m) · e_ft for an autoencoder: 12.5 + 0.01 · 4 · 125 · 3 = 27.5 s', () => {
    const t = dbnLayerModelTime(dbn({ fineTune: 'autoencoder', fineTuneEpochs: 3 }), 0.01)
    expect(t.fineTune).toBeCloseTo(15, 12)
    expect(t.seconds).toBeCloseTo(27.5, 12)
  })

  it('adds t_op · (R + 1) · (N/m) · e_ft for a classifier: 0.01 · 3 · 125 · 2 = 7.5 s', () => {
    expect(dbnLayerModelTime(dbn({ fineTune: 'classifier', classes: 10, fineTuneEpochs: 2 }), 0.01).fineTune).toBeCloseTo(7.5, 12)
  })
})

describe('DBN run FLOPs', () => {
  it('counts the CD-k features of a 3-2 RBM by hand: G = 2·6·5 = 60, E = 109 − 60, U = 6·6 + 2·5', () => {
    // rbmCost(3, 2, k=1) = 2vh+4h+2h + (4vh+4v+4h) + 3v+4h+4vh = 12+8+4 + 44 + 9+8+24 = 109
    const [r] = dbnRbms({ inputs: 3, layers: [2], k: [1], samples: 4, batchSize: 4, epochs: 1 })
    expect(cdBatchFeatures(r, 4, false)).toEqual([1, 4, 46, 240, 196])
  })

  it('counts the positive product of a sparse first RBM over its nonzeros: 0.2 · 12 + 12 + 12 + 24 = 50.4 per row', () => {
    const [r] = dbnRbms({ inputs: 3, layers: [2], k: [1], samples: 4, batchSize: 4, epochs: 1, inputDensity: 0.2 })
    expect(cdBatchFeatures(r, 1, true)[3]).toBeCloseTo(50.4, 12)
    // kernels without sparse products multiply densely
    expect(cdBatchFeatures(r, 1, false)[3]).toBe(60)
  })

  it('counts the monitors of a 3-2 Bernoulli RBM on one training row: GEMM 48, elementwise 77', () => {
    const [r] = dbnRbms({ inputs: 3, layers: [2], k: [1], samples: 4, batchSize: 4, epochs: 1 })
    // reconstruction 4vh + (4h + 4v + 3v), pseudo-likelihood 2vh + 14h, free energy 2vh + 2v + 7h
    expect(monitorFlops(r, 1, 0)).toEqual({ gemm: 48, elements: 8 + 21 + 28 + 6 + 14 })
    // a validation row: its free energy only
    expect(monitorFlops(r, 0, 1)).toEqual({ gemm: 12, elements: 6 + 14 })
  })

  it('unrolls an autoencoder into the mirrored sigmoid network with BCE, and a classifier into encoder + softmax', () => {
    expect(fineTuneNetwork(dbn({ fineTune: 'autoencoder', fineTuneEpochs: 1 }))?.layers.map((l) => l.units)).toEqual([256, 64, 256, 784])
    expect(fineTuneNetwork(dbn({ fineTune: 'autoencoder', fineTuneEpochs: 1 }))?.loss).toBe('bce')
    expect(fineTuneNetwork(dbn({ fineTune: 'autoencoder', fineTuneEpochs: 1, visible: 'gaussian' }))?.layers.at(-1)?.activation).toBe('identity')
    expect(fineTuneNetwork(dbn({ fineTune: 'classifier', classes: 10, fineTuneEpochs: 1 }))?.layers.map((l) => l.units)).toEqual([256, 64, 10])
    expect(fineTuneNetwork(dbn({ fineTune: 'autoencoder', fineTuneEpochs: 0 }))).toBeNull()
  })

  it('adds the fine-tuning FLOPs of a 3-2 autoencoder (3-2-3, sigmoid, BCE, Adam) to the run', () => {
    // layer 1: fwd 12+2+6, bwd 6+12+2 (no dX); layer 2 (fused with BCE): fwd 12+3+9, bwd 12+3+12; loss 3·7 + 3·2
    const shape: DbnRunShape = { inputs: 3, layers: [2], k: [1], samples: 10, batchSize: 5, epochs: 1, fineTune: 'autoencoder', fineTuneEpochs: 2, validationRows: 4 }
    const c = dbnRunCost(shape)
    const perSample = 20 + 20 + 24 + 27 + 21 + 6
    expect(c.fineTune?.flopsPerSample).toBe(perSample)
    expect(c.fineTune?.parameters).toBe(17)
    expect(c.fineTune?.trainFlops).toBe(2 * (10 * perSample + 2 * 13 * 17))
    expect(c.fineTune?.evaluationFlops).toBe(2 * 4 * perSample)
    expect(c.parameters).toBe(17)
  })

  it('propagates the training and validation rows through every RBM but the top', () => {
    const c = dbnRunCost(dbn({ validationRows: 1000 }))
    expect(c.rbms[0].propagateFlops).toBe(9000 * (2 * 784 * 256 + 4 * 256))
    expect(c.rbms[1].propagateFlops).toBe(0)
  })
})

const truth: DbnTimeParams = {
  cd: { perBatch: 3e-5, perRow: 2e-7, perUpdateFlop: 4e-10, flopsPerSecond: 5e9, perElement: 3e-9 },
  eval: { perRow: 5e-7, flopsPerSecond: 8e9, perElement: 6e-9 },
  fineTune: { perBatch: 2e-5, perUpdateFlop: 1e-9, flopsPerSecond: 3e9 },
  skipsZeros: true,
}

describe('calibrated DBN time model', () => {
  it('sums ⌈N/m⌉ CD batches (the last one partial), the monitors, the propagation and fine-tuning', () => {
    const shape = dbn({ samples: 100, batchSize: 32, epochs: 3, validationRows: 20, fineTune: 'autoencoder', fineTuneEpochs: 2 })
    const rbms = dbnRbms(shape)
    const t = dbnFlopModelTime(shape, truth)
    const epoch0 = 3 * cdBatchSeconds(truth, rbms[0], 32) + cdBatchSeconds(truth, rbms[0], 4)
    expect(t.rbmUpdateEpochs[0]).toBeCloseTo(epoch0, 15)
    const mon = evalFeatures('monitor', rbms[0], 100, 20)
    expect(t.rbmEpochs[0]).toBeCloseTo(epoch0 + mon[0] * 5e-7 + mon[1] / 8e9 + mon[2] * 6e-9, 15)
    const prop = evalFeatures('propagate', rbms[0], 120)
    expect(t.propagate).toEqual([prop[0] * 5e-7 + prop[1] / 8e9 + prop[2] * 6e-9, 0])
    expect(t.fineTune).toBeGreaterThan(0)
    expect(t.seconds).toBeCloseTo(3 * (t.rbmEpochs[0] + t.rbmEpochs[1]) + t.propagate[0] + t.fineTune, 12)
  })

  it('multiplies the CD batches of RBM i by κ_i, and nothing else', () => {
    const shape = dbn({ samples: 100, batchSize: 32, epochs: 3, validationRows: 20 })
    const plain = dbnFlopModelTime(shape, truth)
    const corrected = dbnFlopModelTime(shape, truth, [2, 0.5])
    expect(corrected.rbmUpdateEpochs[0]).toBeCloseTo(2 * plain.rbmUpdateEpochs[0], 15)
    expect(corrected.rbmUpdateEpochs[1]).toBeCloseTo(0.5 * plain.rbmUpdateEpochs[1], 15)
    expect(corrected.rbmEpochs[0] - corrected.rbmUpdateEpochs[0]).toBeCloseTo(plain.rbmEpochs[0] - plain.rbmUpdateEpochs[0], 15)
    expect(corrected.propagate).toEqual(plain.propagate)
    expect(corrected.corrections).toEqual([2, 0.5])
  })

  it('costs fine-tuning as e_ft · (⌈N/m⌉ · (a + c·13·P) + N·F/R + the validation loss)', () => {
    const shape: DbnRunShape = { inputs: 3, layers: [2], k: [1], samples: 10, batchSize: 5, epochs: 1, fineTune: 'autoencoder', fineTuneEpochs: 2, validationRows: 4 }
    const net = fineTuneNetwork(shape)!
    const [, u, F] = fineTuneBatchFeatures(net, 1)
    // U = 13 · 17 parameters, F = 118 FLOPs per row (hand count in the FLOPs test above)
    expect([u, F]).toEqual([13 * 17, 118])
    const perEpoch = 2 * (2e-5 + 1e-9 * u) + (10 * F) / 3e9 + (1 * 2e-5 + (4 * F) / 3e9)
    expect(dbnFlopModelTime(shape, truth).fineTune).toBeCloseTo(2 * perEpoch, 15)
  })

  it('gives the same seconds as the layer model would for energy: E = P · t · PUE', () => {
    const e = estimateDbnRun(dbn(), 0.01, { watts: 100, pue: 1.5, carbonGramsPerKwh: 400 }, truth)
    expect(e.layerModel.energy.joules).toBeCloseTo(12.5 * 100 * 1.5, 9)
    expect(e.flopModel?.energy.joules).toBeCloseTo(e.flopModel!.time.seconds * 150, 9)
    expect(estimateDbnRun(dbn(), 0.01, { watts: 100, pue: 1, carbonGramsPerKwh: 400 }, null).flopModel).toBeNull()
  })
})

describe('fitting the DBN time model', () => {
  /** Noise-free timings made by `truth` over several RBM shapes, batch sizes, passes and fine-tuning nets. */
  function synthetic(p: DbnTimeParams, noise = 0): DbnTiming[] {
    const rng = new Rng(7)
    const jitter = () => 1 + noise * (2 * rng.next() - 1)
    const shapes: DbnRunShape[] = [
      { inputs: 784, layers: [256, 64], k: [1, 1], samples: 1, batchSize: 1, epochs: 1, inputDensity: 0.19 },
      { inputs: 784, layers: [500], k: [3], samples: 1, batchSize: 1, epochs: 1 },
      { inputs: 20, layers: [8], k: [1], samples: 1, batchSize: 1, epochs: 1, persistent: true },
    ]
    const timings: DbnTiming[] = []
    for (const s of shapes) {
      for (const r of dbnRbms(s)) {
        for (const rows of [1, 4, 16, 64]) timings.push({ part: 'cd', features: cdBatchFeatures(r, rows, true), seconds: cdBatchSeconds(p, r, rows) * jitter() })
        for (const x of [evalFeatures('propagate', r, 256), evalFeatures('monitor', r, 200, 100)]) {
          timings.push({ part: 'eval', features: x, seconds: (x[0] * p.eval.perRow + x[1] / p.eval.flopsPerSecond + x[2] * p.eval.perElement) * jitter() })
        }
      }
    }
    const net = fineTuneNetwork({ inputs: 784, layers: [256, 64], k: [1], samples: 1, batchSize: 1, epochs: 1, fineTune: 'autoencoder', fineTuneEpochs: 1 })!
    for (const rows of [1, 8, 64]) {
      const x = fineTuneBatchFeatures(net, rows)
      timings.push({ part: 'fineTune', features: x, seconds: (p.fineTune!.perBatch + x[1] * p.fineTune!.perUpdateFlop + x[2] / p.fineTune!.flopsPerSecond) * jitter() })
    }
    return timings
  }

  it('recovers the constants that made noise-free timings', () => {
    const fit = fitDbnTimeModel(synthetic(truth), true)
    expect(fit.cd.perBatch).toBeCloseTo(truth.cd.perBatch, 10)
    expect(fit.cd.perRow / truth.cd.perRow).toBeCloseTo(1, 5)
    expect(fit.cd.perUpdateFlop / truth.cd.perUpdateFlop).toBeCloseTo(1, 5)
    expect(fit.cd.flopsPerSecond / truth.cd.flopsPerSecond).toBeCloseTo(1, 5)
    expect(fit.cd.perElement / truth.cd.perElement).toBeCloseTo(1, 5)
    expect(fit.eval.flopsPerSecond / truth.eval.flopsPerSecond).toBeCloseTo(1, 5)
    expect(fit.eval.perElement / truth.eval.perElement).toBeCloseTo(1, 5)
    expect(fit.fineTune!.flopsPerSecond / truth.fineTune!.flopsPerSecond).toBeCloseTo(1, 5)
    expect(fit.rms.cd).toBeLessThan(1e-6)
  })

  it('keeps every constant ≥ 0 when a term is absent from the timings', () => {
    const fit = fitDbnTimeModel(synthetic({ ...truth, cd: { ...truth.cd, perRow: 0 } }, 0.02), true)
    for (const v of Object.values(fit.cd)) expect(v).toBeGreaterThanOrEqual(0)
    expect(fit.cd.flopsPerSecond / truth.cd.flopsPerSecond).toBeGreaterThan(0.8)
    expect(fit.cd.flopsPerSecond / truth.cd.flopsPerSecond).toBeLessThan(1.25)
  })

  it('leaves fine-tuning unfitted (null) when no fine-tuning batch was timed', () => {
    expect(fitDbnTimeModel(synthetic(truth).filter((t) => t.part !== 'fineTune'), true).fineTune).toBeNull()
  })
})
