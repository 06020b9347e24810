/**
 * Two time models of a training run (SPEC §8), side by side:
 *
 * - the course's layer model  t = t_op · L · (N/m) · e : every weight layer costs one "layer operation"
 *   of t_op seconds per mini-batch, whatever its size;
 * - the FLOP model calibrated on this machine: one mini-batch of r rows costs
 *     t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r·G/R + d·r·E
 *   with G the GEMM FLOPs per sample (forward Z = X·Wᵀ, backward dW and dX), R their throughput, and
 *   E the elementwise operations per sample (copying the input and target row, bias, activation and
 *   its derivative, loss). a is the per-batch overhead, b the per-layer overhead (kernel calls, loops),
 *   c the cost of one pass over the parameters (the trainer copies the weights, averages |dW| and runs
 *   the optimizer once per batch: 1 + cost(opt) operations per parameter; a GEMM on few rows also
 *   streams its whole weight matrix, which is a per-batch cost ∝ P too), f the fixed cost of one row
 *   whatever its width (the row gather's calls, the row's share of the epoch's shuffle, the accuracy
 *   count). Small layers are overhead-bound (a, b, c, f, d dominate), large batches of large layers
 *   GEMM-bound (R).
 *   Where the trainer splits a batch over two threads (data-parallel, src/engine/parallel/replica.ts),
 *   the training thread computes only its first ⌈r/2⌉ rows (r′) while the helper computes the rest at
 *   the same time, and the batch pays the hand-over g and the gradient sum h·P on top.
 *   Sparse inputs: on kernels that skip zeros, a batch with at most 25 % nonzero inputs (MNIST ≈ 19 %)
 *   multiplies the input layer over its nonzeros only (src/engine/layers/dense.ts), so that layer's
 *   forward and weight-gradient GEMMs count ρ·2·in·out FLOPs per sample, ρ the input density.
 *   κ (`correction`): the calibration also times the user's own network at the user's batch size on
 *   data of the user's density, and the estimate of that configuration is scaled by measured/modelled.
 */
import { OPTIMIZER_FLOPS } from './op-costs'
import { batchesOf } from './network-cost'
import { probeBatches, splitPays } from '../parallel/hand-over-policy'
import { SPARSE_MAX_DENSITY, SPARSE_MIN_WEIGHTS } from '../layers/dense'
import type { FlopModelParams, NetworkCost, TimeEstimate, TrainingShape } from './types'

/**
 * Largest input density at which the input layer takes the sparse products, and fewest weights it
 * must have: the engine's own rule (src/engine/layers/dense.ts).
 */
export const SPARSE_INPUT_MAX_DENSITY = SPARSE_MAX_DENSITY
export const SPARSE_INPUT_MIN_WEIGHTS = SPARSE_MIN_WEIGHTS

/** Default seconds per layer operation of the course's model. */
export const DEFAULT_T_OP = 0.01

/**
 * The course's layer model: t = t_op · L · (N/m) · e, with the time of each of the L weight layers
 * equal to t_op · (N/m) · e. N/m is not rounded, as in the course's formula.
 */
export function layerModelTime(cost: NetworkCost, shape: TrainingShape, tOp = DEFAULT_T_OP): TimeEstimate {
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, shape.samples))
  const perLayer = tOp * (shape.samples / m) * shape.epochs
  const layers = cost.layers.map(() => perLayer)
  return { seconds: perLayer * layers.length, perEpoch: (perLayer * layers.length) / shape.epochs, layers, overhead: 0 }
}

/** The features of one mini-batch that the FLOP model multiplies by its constants. */
export interface BatchFeatures {
  layers: number
  /** P·(1 + cost(opt)) */
  parameterOps: number
  /** r */
  rows: number
  /** r′·G, r′ = the rows the training thread computes (⌈r/2⌉ of a split batch) */
  gemmFlops: number
  /** r′·E */
  elementOps: number
  /** s: 1 when the batch is split over two threads, else 0 */
  splitBatches: number
  /** s·P */
  splitParameters: number
}

/**
 * G: GEMM FLOPs of one sample, forward and backward; `density` ρ < 1 for an input layer multiplied over
 * its nonzero inputs only (forward Z = X·Wᵀ and dW = dZᵀ·X then cost ρ·2·in·out each).
 */
function gemmPerSample(l: NetworkCost['layers'][number], density = 1): number {
  return density * (l.breakdown.gemmForward + l.breakdown.weightGradient) + l.breakdown.inputGradient
}

/**
 * Whether the input layer multiplies over the nonzero inputs only: kernels that skip zeros
 * (`skipsZeros`), input density ρ ≤ `SPARSE_INPUT_MAX_DENSITY`, at least `SPARSE_INPUT_MIN_WEIGHTS`
 * weights (the engine's rule in src/engine/layers/dense.ts, applied to the mean density).
 */
export function sparseInputs(cost: NetworkCost, density: number | undefined, skipsZeros: boolean | undefined): boolean {
  const rho = density ?? 1
  const first = cost.layers[0]
  return skipsZeros === true && rho < 1 && rho <= SPARSE_INPUT_MAX_DENSITY && first.weights >= SPARSE_INPUT_MIN_WEIGHTS
}

/** ρ of the input layer's GEMMs: the density where it is multiplied sparsely, else 1. */
function inputGemmDensity(cost: NetworkCost, density: number | undefined, skipsZeros: boolean | undefined): number {
  return sparseInputs(cost, density, skipsZeros) ? Math.max(0, density ?? 1) : 1
}

/** E of one layer: its bias, activation and derivative operations per sample. */
function elementsPerSample(l: NetworkCost['layers'][number]): number {
  return l.flopsForward + l.flopsBackward - gemmPerSample(l, 1)
}

/** E outside the layers: the input and target row copies and the loss, per sample. */
function outerElementsPerSample(cost: NetworkCost): number {
  const inputs = cost.layers[0].fanIn
  const outputs = cost.layers[cost.layers.length - 1].units
  return inputs + outputs + cost.loss.flopsForward + cost.loss.flopsBackward
}

/**
 * Whether the trainer splits batches of m rows over two threads: the engine's own rule
 * (`dataParallelPays`: m ≥ 8 and m·Σ in·out ≥ `DATA_PARALLEL_MIN_MACS`), on kernels that can (threads 2).
 */
export function splitsBatches(cost: NetworkCost, batchSize: number, threads: number): boolean {
  return threads === 2 && splitPays(cost.parametersWithoutBias, batchSize)
}

/** Rows of an r-row batch the training thread computes itself: the first ⌈r/2⌉ of a split batch (r ≥ 2). */
function ownRows(rows: number, split: boolean): number {
  return split && rows >= 2 ? rows - (rows >> 1) : rows
}

/**
 * Features of a batch of `rows` rows of `cost`'s network (`split`: the trainer splits its batches over
 * two threads; `density`, `skipsZeros`: the input density and whether the kernels skip zeros, see `sparseInputs`).
 */
export function batchFeatures(
  cost: NetworkCost,
  rows: number,
  optimizer: TrainingShape['optimizer'] = 'sgd',
  split = false,
  density = 1,
  skipsZeros = false,
): BatchFeatures {
  const rho = inputGemmDensity(cost, density, skipsZeros)
  let gemm = 0
  let elements = outerElementsPerSample(cost)
  cost.layers.forEach((l, i) => {
    gemm += gemmPerSample(l, i === 0 ? rho : 1)
    elements += elementsPerSample(l)
  })
  const own = ownRows(rows, split)
  const s = own < rows ? 1 : 0
  return {
    layers: cost.layers.length,
    parameterOps: cost.parameters * (1 + OPTIMIZER_FLOPS[optimizer]),
    rows,
    gemmFlops: own * gemm,
    elementOps: own * elements,
    splitBatches: s,
    splitParameters: s * cost.parameters,
  }
}

/** t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r′·G/R + d·r′·E + s·(g + h·P) */
export function batchSeconds(p: FlopModelParams, f: BatchFeatures): number {
  return (
    p.perBatch +
    p.perLayer * f.layers +
    p.perParameter * f.parameterOps +
    p.perRow * f.rows +
    f.gemmFlops / p.flopsPerSecond +
    p.perElement * f.elementOps +
    p.perSplitBatch * f.splitBatches +
    p.perSplitParameter * f.splitParameters
  )
}

/**
 * The calibrated FLOP model for a whole run. With B = ⌈N/m⌉ batches per epoch, N′ the rows the
 * training thread computes per epoch (N, or Σ ⌈r/2⌉ over split batches) and S the split batches, one
 * epoch takes B·(a + b·L + c·P·(1 + cost(opt))) + N·f + N′·(G/R + d·E) + S·(g + h·P). Each layer
 * gets its own b, c·P_l, G_l and E_l share; a, f, the row copies, the loss and the split hand-overs
 * are the `overhead`. G_1 counts ρ·(forward + dW) where the input layer is multiplied sparsely
 * (`sparseInputs`), and the whole estimate, layers and overhead alike, is multiplied by κ = `correction`.
 * Where the engine splits batches, the estimate is the smaller of the split and the one-thread time
 * (the trainer measures both as it goes and settles on the faster), plus the batches its A/B policy
 * runs the other way: × (1 + probes(B)/B · (t_other/t_best − 1)), B the run's batches (`probeBatches`).
 */
export function flopModelTime(cost: NetworkCost, shape: TrainingShape, p: FlopModelParams, correction = 1): TimeEstimate {
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, shape.samples))
  const solo = timeWith(cost, shape, p, false)
  // The engine runs the helper's part itself when the helper is late (src/engine/parallel/replica.ts),
  // so a split batch costs at most about what it costs on one thread.
  const splits = splitsBatches(cost, m, p.threads)
  const split = splits ? timeWith(cost, shape, p, true) : solo
  const [best, other] = split.seconds <= solo.seconds ? [split, solo] : [solo, split]
  const k = Number.isFinite(correction) && correction > 0 ? correction : 1
  // The trainer's A/B policy runs `probeBatches` of the run's B batches the slower way (hand-over-policy.ts).
  const batches = batchesOf(shape.samples, shape.batchSize) * shape.epochs
  const probing = splits && batches > 0 && best.seconds > 0 ? (probeBatches(batches) / batches) * (other.seconds / best.seconds - 1) : 0
  const f = k * (1 + probing)
  return {
    seconds: f * best.seconds,
    perEpoch: f * best.perEpoch,
    layers: best.layers.map((t) => f * t),
    overhead: f * best.overhead,
    correction: k,
    sparseInputs: sparseInputs(cost, shape.inputDensity, p.skipsZeros),
  }
}

/** The FLOP model's run time with every batch split over two threads (`split`) or none. */
function timeWith(cost: NetworkCost, shape: TrainingShape, p: FlopModelParams, split: boolean): TimeEstimate {
  const N = Math.max(0, shape.samples)
  const batches = batchesOf(N, shape.batchSize)
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, N))
  const full = Math.floor(N / m)
  const last = N - full * m
  const own = full * ownRows(m, split) + (last > 0 ? ownRows(last, split) : 0)
  const splits = split ? (m >= 2 ? full : 0) + (last >= 2 ? 1 : 0) : 0
  const perParameter = 1 + OPTIMIZER_FLOPS[shape.optimizer ?? 'sgd']
  const rho = inputGemmDensity(cost, shape.inputDensity, p.skipsZeros)
  const layers = cost.layers.map((l, i) => {
    const perBatch = p.perLayer + p.perParameter * (l.weights + l.biases) * perParameter
    const perSample = gemmPerSample(l, i === 0 ? rho : 1) / p.flopsPerSecond + p.perElement * elementsPerSample(l)
    return shape.epochs * (batches * perBatch + own * perSample)
  })
  const overhead =
    shape.epochs *
    (batches * p.perBatch + N * p.perRow + own * p.perElement * outerElementsPerSample(cost) + splits * (p.perSplitBatch + p.perSplitParameter * cost.parameters))
  const seconds = layers.reduce((s, t) => s + t, 0) + overhead
  return { seconds, perEpoch: seconds / shape.epochs, layers, overhead }
}
