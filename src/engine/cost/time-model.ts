/**
 * Two time models of a training run (SPEC §8), side by side:
 *
 * - the course's layer model  t = t_op · L · (N/m) · e : every weight layer costs one "layer operation"
 *   of t_op seconds per mini-batch, whatever its size;
 * - the FLOP model calibrated on this machine: one mini-batch of r rows costs
 *   t_batch = a + b·L + c·P + FLOPs_batch / R, where a is the per-batch overhead (gather, loss,
 *   bookkeeping), b the per-layer overhead (kernel calls, loops), c the per-parameter cost that does not
 *   grow with r (memory traffic of the optimizer step and weight copies; at r = 1 the GEMMs are
 *   memory-bound too), and R the arithmetic throughput. FLOPs_batch = r·flopsPerSample + P·cost(optimizer).
 *   Small layers are overhead-bound (a, b, c dominate); large batches of large layers compute-bound (R).
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
  parameters: number
  /** r·flopsPerSample + P·cost(optimizer) */
  flops: number
}

/** Features of a batch of `rows` rows of `cost`'s network. */
export function batchFeatures(cost: NetworkCost, rows: number, optimizer: TrainingShape['optimizer'] = 'sgd'): BatchFeatures {
  return {
    layers: cost.layers.length,
    parameters: cost.parameters,
    flops: rows * cost.flopsPerSample + cost.parameters * OPTIMIZER_FLOPS[optimizer],
  }
}

/** t_batch = a + b·L + c·P + FLOPs/R */
export function batchSeconds(p: FlopModelParams, f: BatchFeatures): number {
  return p.perBatch + p.perLayer * f.layers + p.perParameter * f.parameters + f.flops / p.flopsPerSecond
}

/**
 * The calibrated FLOP model for a whole run. With B = ⌈N/m⌉ batches per epoch and FLOPs linear in
 * the rows, one epoch takes B·(a + b·L + c·P + P·cost(opt)/R) + N·flopsPerSample/R. Each layer gets
 * its own b, c·P_l and FLOPs share; a and the loss FLOPs are the per-batch `overhead`.
 */
export function flopModelTime(cost: NetworkCost, shape: TrainingShape, p: FlopModelParams): TimeEstimate {
  const batches = batchesOf(shape.samples, shape.batchSize)
  const opt = OPTIMIZER_FLOPS[shape.optimizer ?? 'sgd']
  const R = p.flopsPerSecond
  const layers = cost.layers.map((l) => {
    const P = l.weights + l.biases
    const perEpoch = batches * (p.perLayer + p.perParameter * P + (P * opt) / R) + (shape.samples * (l.flopsForward + l.flopsBackward)) / R
    return perEpoch * shape.epochs
  })
  const lossFlops = cost.loss.flopsForward + cost.loss.flopsBackward
  const overhead = shape.epochs * (batches * p.perBatch + (shape.samples * lossFlops) / R)
  const seconds = layers.reduce((s, t) => s + t, 0) + overhead
  return { seconds, perEpoch: seconds / shape.epochs, layers, overhead }
}
