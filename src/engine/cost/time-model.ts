/**
 * Two time models of a training run (SPEC §8), side by side:
 *
 * - the course's layer model  t = t_op · L · (N/m) · e : every weight layer costs one "layer operation"
 *   of t_op seconds per mini-batch, whatever its size;
 * - the FLOP model calibrated on this machine: one mini-batch of r rows costs
 *     t_batch = a + b·L + c·P·(1 + cost(opt)) + r·G/R + d·r·E
 *   with G the GEMM FLOPs per sample (forward Z = X·Wᵀ, backward dW and dX), R their throughput, and
 *   E the elementwise operations per sample (copying the input and target row, bias, activation and
 *   its derivative, loss). a is the per-batch overhead, b the per-layer overhead (kernel calls, loops),
 *   c the cost of one pass over the parameters (the trainer copies the weights, averages |dW| and runs
 *   the optimizer once per batch: 1 + cost(opt) operations per parameter). Small layers are
 *   overhead-bound (a, b, c, d dominate), large batches of large layers GEMM-bound (R).
 */
import { OPTIMIZER_FLOPS } from './op-costs'
import { batchesOf } from './network-cost'
import type { FlopModelParams, NetworkCost, TimeEstimate, TrainingShape } from './types'

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
  /** r·G */
  gemmFlops: number
  /** r·E */
  elementOps: number
}

/** G: GEMM FLOPs of one sample, forward and backward. */
function gemmPerSample(l: NetworkCost['layers'][number]): number {
  return l.breakdown.gemmForward + l.breakdown.weightGradient + l.breakdown.inputGradient
}

/** E of one layer: its bias, activation and derivative operations per sample. */
function elementsPerSample(l: NetworkCost['layers'][number]): number {
  return l.flopsForward + l.flopsBackward - gemmPerSample(l)
}

/** E outside the layers: the input and target row copies and the loss, per sample. */
function outerElementsPerSample(cost: NetworkCost): number {
  const inputs = cost.layers[0].fanIn
  const outputs = cost.layers[cost.layers.length - 1].units
  return inputs + outputs + cost.loss.flopsForward + cost.loss.flopsBackward
}

/** Features of a batch of `rows` rows of `cost`'s network. */
export function batchFeatures(cost: NetworkCost, rows: number, optimizer: TrainingShape['optimizer'] = 'sgd'): BatchFeatures {
  let gemm = 0
  let elements = outerElementsPerSample(cost)
  for (const l of cost.layers) {
    gemm += gemmPerSample(l)
    elements += elementsPerSample(l)
  }
  return {
    layers: cost.layers.length,
    parameterOps: cost.parameters * (1 + OPTIMIZER_FLOPS[optimizer]),
    gemmFlops: rows * gemm,
    elementOps: rows * elements,
  }
}

/** t_batch = a + b·L + c·P·(1 + cost(opt)) + r·G/R + d·r·E */
export function batchSeconds(p: FlopModelParams, f: BatchFeatures): number {
  return p.perBatch + p.perLayer * f.layers + p.perParameter * f.parameterOps + f.gemmFlops / p.flopsPerSecond + p.perElement * f.elementOps
}

/**
 * The calibrated FLOP model for a whole run. With B = ⌈N/m⌉ batches per epoch and the per-row terms
 * linear in the rows, one epoch takes B·(a + b·L + c·P·(1 + cost(opt))) + N·(G/R + d·E). Each layer
 * gets its own b, c·P_l, G_l and E_l share; a, the row copies and the loss are the `overhead`.
 */
export function flopModelTime(cost: NetworkCost, shape: TrainingShape, p: FlopModelParams): TimeEstimate {
  const batches = batchesOf(shape.samples, shape.batchSize)
  const perParameter = 1 + OPTIMIZER_FLOPS[shape.optimizer ?? 'sgd']
  const N = shape.samples
  const layers = cost.layers.map((l) => {
    const perBatch = p.perLayer + p.perParameter * (l.weights + l.biases) * perParameter
    const perSample = gemmPerSample(l) / p.flopsPerSecond + p.perElement * elementsPerSample(l)
    return shape.epochs * (batches * perBatch + N * perSample)
  })
  const overhead = shape.epochs * (batches * p.perBatch + N * p.perElement * outerElementsPerSample(cost))
  const seconds = layers.reduce((s, t) => s + t, 0) + overhead
  return { seconds, perEpoch: seconds / shape.epochs, layers, overhead }
}
