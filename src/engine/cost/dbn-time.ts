/**
 * Time of greedy DBN training (SPEC §4, §8), two models side by side, as for networks:
 *
 * - the course's layer model with one "layer operation" per RBM and mini-batch:
 *     t = t_op · R · (N/m) · e        (R = number of RBMs, e = epochs of each RBM)
 *   and, when the stack is fine-tuned, t_op · L_ft · (N/m) · e_ft more (L_ft = 2R weight layers of the
 *   unrolled autoencoder, R + 1 of the classifier);
 * - a model calibrated on this machine (src/main/estimator/calibrate-rbm.ts), with every pass the app's
 *   DBN job runs (src/main/training/dbn-job.ts → `DbnPipeline`):
 *     one CD-k batch of r rows    t = a + f·r + c·U + r·G/R + d·r·E
 *       G: the GEMM FLOPs of CD-k per row (below), E: its elementwise rest (`rbmCost` − G),
 *       U = 6·weights + 2·biases: the momentum update, once per batch;
 *     per epoch, the monitors       t = Σ rows·(u + G_mon/R_ev + d_ev·E_mon)  (≤ 1000 rows of each set)
 *     after each RBM but the top, the N + V rows propagated up: rows·(u + 2vh/R_ev + d_ev·(4h + v))
 *     one fine-tuning batch         t = a_ft + c_ft·13·P + r·F/R_ft  (Adam: 13 FLOPs per parameter), and the
 *                                   validation loss per epoch (forward + backward of V rows, 256 at a time).
 *   With a single rate R = R_ev = 1/c = 1/d this is a + (r·flopsPerSample + flopsPerUpdate)/R; the
 *   measurements need the split: small RBMs are overhead-bound (a, f), σ and the Bernoulli draws are
 *   not GEMMs.
 * Sparse products: on kernels with `sparseGemm` the CD step multiplies a visible batch with at most 40 %
 * nonzeros over its nonzeros only (src/engine/rbm/rbm-kernels.ts), so the positive phase V0·W of a data
 * batch of density ρ ≤ 0.4 counts ρ·2vh. The negative phase is counted dense: the visible states an RBM
 * samples start near σ(0) = ½ (zero visible biases, small weights), above the 40 % threshold.
 */
import { networkCost, trainingCost, batchesOf } from './network-cost'
import { OPTIMIZER_FLOPS } from './op-costs'
import { rbmCost } from './rbm-cost'
import { SPARSE_MAX_DENSITY } from '../rbm/rbm-kernels'
import type { NetworkSpec } from '../types'
import type { DbnFineTuneCost, DbnRbmRunCost, DbnRunCost, DbnRunShape, DbnTimeEstimate, DbnTimeParams } from './dbn-types'

/** Rows of each set the RBM trainer's monitors use by default (`RbmSettings.monitorRows`). */
export const DEFAULT_MONITOR_ROWS = 1000
/** Rows per chunk of the fine-tuning validation loss (src/engine/rbm/fine-tune-trainer.ts `evaluate`). */
const EVAL_CHUNK = 256

/** One RBM of the stack: sizes, CD-k, and the density of its data. */
export interface DbnRbmShape {
  visible: number
  hidden: number
  k: number
  persistent: boolean
  /** Bernoulli visible units (all but a Gaussian first RBM). */
  bernoulli: boolean
  /** ρ of its data (1 above the first RBM: hidden probabilities are dense). */
  density: number
}

/** The RBMs of a run, bottom first. */
export function dbnRbms(shape: DbnRunShape): DbnRbmShape[] {
  let visible = shape.inputs
  return shape.layers.map((hidden, i) => {
    const k = shape.k[i] ?? shape.k[shape.k.length - 1] ?? 1
    const bernoulli = i > 0 || shape.visible !== 'gaussian'
    const rbm = { visible, hidden, k, persistent: shape.persistent ?? false, bernoulli, density: i === 0 ? clamp01(shape.inputDensity ?? 1) : 1 }
    visible = hidden
    return rbm
  })
}

/** The unrolled network that fine-tuning trains (src/engine/rbm/autoencoder.ts), or null. */
export function fineTuneNetwork(shape: DbnRunShape): NetworkSpec | null {
  const mode = shape.fineTune ?? 'none'
  if (mode === 'none' || (shape.fineTuneEpochs ?? 0) <= 0) return null
  const sigmoid = (units: number) => ({ units, activation: 'sigmoid' as const })
  const encoder = shape.layers.map(sigmoid)
  if (mode === 'classifier') return { inputs: shape.inputs, layers: [...encoder, { units: Math.max(2, shape.classes ?? 2), activation: 'softmax' }], loss: 'cce' }
  const gaussian = shape.visible === 'gaussian'
  const decoder = [...shape.layers.slice(0, -1).reverse().map(sigmoid), { units: shape.inputs, activation: gaussian ? ('identity' as const) : ('sigmoid' as const) }]
  return { inputs: shape.inputs, layers: [...encoder, ...decoder], loss: gaussian ? 'mse' : 'bce' }
}

/** FLOPs of the monitors of one epoch: `train` monitor rows, `val` validation rows (src/engine/rbm/rbm-eval.ts). */
export function monitorFlops(r: DbnRbmShape, train: number, val: number): { gemm: number; elements: number } {
  const { visible: v, hidden: h } = r
  // reconstruction: p(h|v) 2vh + 4h, E[v|h] 2vh + 4v (Gaussian: v), squared error 3v
  // pseudo-log-likelihood (Bernoulli): Wᵀv 2vh, per hidden unit two softplus (5 each) and 4 more
  // free energy: V·W 2vh, bias term 2v (Gaussian 3v), per hidden unit add, softplus, subtract
  const trainGemm = 4 * v * h + (r.bernoulli ? 2 * v * h : 0) + 2 * v * h
  const trainElements = 4 * h + (r.bernoulli ? 4 * v : v) + 3 * v + (r.bernoulli ? 14 * h : 0) + (r.bernoulli ? 2 : 3) * v + 7 * h
  const valElements = (r.bernoulli ? 2 : 3) * v + 7 * h
  return { gemm: train * trainGemm + val * 2 * v * h, elements: train * trainElements + val * valElements }
}

/** Parameters and FLOPs of a whole DBN run: CD-k, monitors, propagation and fine-tuning. */
export function dbnRunCost(shape: DbnRunShape): DbnRunCost {
  const N = Math.max(0, shape.samples)
  const V = Math.max(0, shape.validationRows ?? 0)
  const batches = batchesOf(N, shape.batchSize)
  const monitor = shape.monitorRows ?? DEFAULT_MONITOR_ROWS
  const list = dbnRbms(shape)
  const rbms = list.map((r, i): DbnRbmRunCost => {
    const c = rbmCost(r.visible, r.hidden, { k: r.k, persistent: r.persistent })
    const mon = monitorFlops(r, Math.min(monitor, N), Math.min(monitor, V))
    return {
      index: i + 1,
      visible: r.visible,
      hidden: r.hidden,
      k: r.k,
      weights: c.weights,
      biases: c.biases,
      flopsPerSample: c.flopsPerSample,
      flopsPerUpdate: c.flopsPerUpdate,
      trainFlops: shape.epochs * (N * c.flopsPerSample + batches * c.flopsPerUpdate),
      monitorFlops: shape.epochs * (mon.gemm + mon.elements),
      propagateFlops: i < list.length - 1 ? (N + V) * c.flopsPropagate : 0,
    }
  })
  const fineTune = fineTuneCost(shape)
  const rbmWeights = rbms.reduce((s, r) => s + r.weights, 0)
  const rbmParameters = rbms.reduce((s, r) => s + r.weights + r.biases, 0)
  return {
    rbms,
    fineTune,
    parameters: fineTune ? fineTune.parameters : rbmParameters,
    parametersWithoutBias: fineTune ? fineTune.parametersWithoutBias : rbmWeights,
    flopsPerSample: rbms.reduce((s, r) => s + r.flopsPerSample, 0),
    totalFlops: rbms.reduce((s, r) => s + r.trainFlops + r.monitorFlops + r.propagateFlops, 0) + (fineTune ? fineTune.trainFlops + fineTune.evaluationFlops : 0),
  }
}

/** FLOPs of fine-tuning the unrolled stack with Adam, or null without fine-tuning. */
export function fineTuneCost(shape: DbnRunShape): DbnFineTuneCost | null {
  const net = fineTuneNetwork(shape)
  if (!net) return null
  const cost = networkCost(net)
  const epochs = shape.fineTuneEpochs ?? 0
  const training = trainingCost(cost, { samples: shape.samples, batchSize: shape.batchSize, epochs, optimizer: 'adam' })
  return {
    kind: shape.fineTune === 'classifier' ? 'classifier' : 'autoencoder',
    widths: [net.inputs, ...net.layers.map((l) => l.units)],
    parameters: cost.parameters,
    parametersWithoutBias: cost.parametersWithoutBias,
    flopsPerSample: cost.flopsPerSample,
    trainFlops: training.totalFlops,
    evaluationFlops: epochs * Math.max(0, shape.validationRows ?? 0) * cost.flopsPerSample,
  }
}

/**
 * The course's layer model for greedy DBN training: every RBM costs t_op per mini-batch, so
 * t = t_op · R · (N/m) · e, plus t_op · L_ft · (N/m) · e_ft for fine-tuning (L_ft its weight layers).
 * N/m is not rounded, as in the course's formula; propagation between RBMs counts nothing.
 */
export function dbnLayerModelTime(shape: DbnRunShape, tOp: number): DbnTimeEstimate {
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, shape.samples))
  const perEpoch = tOp * (shape.samples / m)
  const rbms = shape.layers.map(() => perEpoch * shape.epochs)
  const net = fineTuneNetwork(shape)
  const fineTuneUpdateEpoch = net ? tOp * net.layers.length * (shape.samples / m) : 0
  const fineTune = fineTuneUpdateEpoch * (shape.fineTuneEpochs ?? 0)
  return {
    seconds: rbms.reduce((s, t) => s + t, 0) + fineTune,
    rbms,
    rbmEpochs: shape.layers.map(() => perEpoch),
    rbmUpdateEpochs: shape.layers.map(() => perEpoch),
    propagate: shape.layers.map(() => 0),
    fineTune,
    fineTuneUpdateEpoch,
  }
}

/** Features of one CD-k batch in the order of θ = (a, f, c, 1/R, d). */
export function cdBatchFeatures(r: DbnRbmShape, rows: number, skipsZeros: boolean): number[] {
  const { visible: v, hidden: h, k } = r
  const sparse = skipsZeros && r.density <= SPARSE_MAX_DENSITY ? r.density : 1
  const vh2 = 2 * v * h
  // positive V0·W over the data's nonzeros; k × (down h·Wᵀ, up V·W), and the gradient [V0; Vk]ᵀ·[H0; −Hk]
  // (its stack is half dense Vk, so above 40 % nonzeros): dense
  const gemm = sparse * vh2 + 2 * k * vh2 + 2 * vh2
  const c = rbmCost(v, h, { k, persistent: r.persistent })
  const dense = vh2 + 2 * k * vh2 + 2 * vh2
  const elements = c.flopsPerSample - dense
  return [1, rows, c.flopsPerUpdate, rows * gemm, rows * elements]
}

/** Seconds of one CD-k batch of `rows` rows. */
export function cdBatchSeconds(p: DbnTimeParams, r: DbnRbmShape, rows: number): number {
  const x = cdBatchFeatures(r, rows, p.skipsZeros)
  const c = p.cd
  return c.perBatch * x[0] + c.perRow * x[1] + c.perUpdateFlop * x[2] + x[3] / c.flopsPerSecond + c.perElement * x[4]
}

/** Features of a pass over whole sets in the order of θ = (u, 1/R, d): the monitors, or propagation. */
export function evalFeatures(kind: 'monitor' | 'propagate', r: DbnRbmShape, rows: number, valRows = 0): number[] {
  if (kind === 'propagate') return [rows, rows * 2 * r.visible * r.hidden, rows * (4 * r.hidden + r.visible)]
  const f = monitorFlops(r, rows, valRows)
  return [rows + valRows, f.gemm, f.elements]
}

/** Seconds of a pass over whole sets (see `evalFeatures`). */
export function evalSeconds(p: DbnTimeParams, x: readonly number[]): number {
  return p.eval.perRow * x[0] + x[1] / p.eval.flopsPerSecond + p.eval.perElement * x[2]
}

/** Features of one fine-tuning batch of `rows` rows in the order of θ = (a, c, 1/R): [1, 13·P, r·F]. */
export function fineTuneBatchFeatures(net: NetworkSpec, rows: number): number[] {
  const cost = networkCost(net)
  return [1, OPTIMIZER_FLOPS.adam * cost.parameters, rows * cost.flopsPerSample]
}

/**
 * The calibrated model of a whole DBN run (see the header): per RBM, e epochs of ⌈N/m⌉ CD-k batches
 * (the last one partial) and the monitors; the propagation after each RBM but the top; fine-tuning.
 * Without fine-tuning constants (`p.fineTune` null), fine-tuning is costed by the CD constants' rate.
 * `corrections`: κ per RBM (measured over modelled seconds of its batch of m rows in the calibration),
 * multiplying that RBM's CD batches; missing entries 1.
 */
export function dbnFlopModelTime(shape: DbnRunShape, p: DbnTimeParams, corrections: readonly number[] = []): DbnTimeEstimate {
  const N = Math.max(0, shape.samples)
  const V = Math.max(0, shape.validationRows ?? 0)
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, N))
  const full = Math.floor(N / m)
  const last = N - full * m
  const monitor = shape.monitorRows ?? DEFAULT_MONITOR_ROWS
  const list = dbnRbms(shape)
  const kappa = list.map((_, i) => (Number.isFinite(corrections[i]) && corrections[i] > 0 ? corrections[i] : 1))
  const rbmUpdateEpochs = list.map((r, i) => kappa[i] * (full * cdBatchSeconds(p, r, m) + (last > 0 ? cdBatchSeconds(p, r, last) : 0)))
  const rbmEpochs = list.map((r, i) => rbmUpdateEpochs[i] + evalSeconds(p, evalFeatures('monitor', r, Math.min(monitor, N), Math.min(monitor, V))))
  const propagate = list.map((r, i) => (i < list.length - 1 ? evalSeconds(p, evalFeatures('propagate', r, N + V)) : 0))
  const rbms = rbmEpochs.map((t) => t * shape.epochs)
  const ft = fineTuneSeconds(shape, p)
  const fineTune = ft.epoch * (shape.fineTuneEpochs ?? 0)
  return {
    seconds: rbms.reduce((s, t) => s + t, 0) + propagate.reduce((s, t) => s + t, 0) + fineTune,
    rbms,
    rbmEpochs,
    rbmUpdateEpochs,
    propagate,
    fineTune,
    fineTuneUpdateEpoch: ft.updates,
    corrections: kappa,
  }
}

/** Seconds of one fine-tuning epoch: its batches (`updates`), and with the validation loss (`epoch`). */
function fineTuneSeconds(shape: DbnRunShape, p: DbnTimeParams): { updates: number; epoch: number } {
  const net = fineTuneNetwork(shape)
  if (!net) return { updates: 0, epoch: 0 }
  const ft = p.fineTune ?? { perBatch: p.cd.perBatch, perUpdateFlop: p.cd.perUpdateFlop, flopsPerSecond: p.cd.flopsPerSecond }
  const N = Math.max(0, shape.samples)
  const V = Math.max(0, shape.validationRows ?? 0)
  const cost = networkCost(net)
  const train = batchesOf(N, shape.batchSize) * (ft.perBatch + ft.perUpdateFlop * OPTIMIZER_FLOPS.adam * cost.parameters) + (N * cost.flopsPerSample) / ft.flopsPerSecond
  const evaluation = V > 0 ? Math.ceil(V / EVAL_CHUNK) * ft.perBatch + (V * cost.flopsPerSample) / ft.flopsPerSecond : 0
  return { updates: train, epoch: train + evaluation }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1
}
