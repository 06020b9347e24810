/**
 * FLOPs of contrastive-divergence training (CD-k, Hinton 2002) of an RBM and of a DBN trained
 * greedily layer by layer, in the convention of `docs/estimator.md` (multiply-add = 2 FLOPs,
 * sigmoid = 3 + 1 for the bias, one Bernoulli sample = a uniform draw and a compare = 2).
 * Follows `cdStep` in `src/engine/rbm/rbm.ts`, per sample of a batch:
 *
 *   H0 = σ(V0·W + c)                          2vh + 4h
 *   h⁽⁰⁾ ~ H0                                 2h
 *   k×: Vt = σ(h·Wᵀ + b), Ht = σ(Vt·W + c)     4vh + 4v + 4h
 *       samples (all but the last step of CD)  2v + 2h
 *   velocities of b, c; −Hk                    3v + 4h
 *   ΔW statistics V0ᵀH0 − VkᵀHk               4vh
 *
 * and per batch, the momentum update of every weight (6) and bias (2).
 */
import type { DbnTrainingCost, RbmCost, RbmShapeOptions, TrainingShape } from './types'
import { batchesOf } from './network-cost'

/** FLOPs per weight of `vel ← μ·vel + step·dW − η·λ·W; W ← W + vel`. */
const WEIGHT_UPDATE_FLOPS = 6
/** FLOPs per bias of `b ← b + vel` after its velocity (the velocity itself is counted per sample). */
const BIAS_UPDATE_FLOPS = 2

/** FLOPs of CD-k on one RBM with `visible` and `hidden` units. */
export function rbmCost(visible: number, hidden: number, options: RbmShapeOptions = {}): RbmCost {
  const k = options.k ?? 1
  const persistent = options.persistent ?? false
  const v = visible
  const h = hidden
  const samples = persistent ? k : k - 1
  const flopsPerSample =
    2 * v * h + 4 * h + (persistent ? 0 : 2 * h) + k * (4 * v * h + 4 * v + 4 * h) + samples * (2 * v + 2 * h) + 3 * v + 4 * h + 4 * v * h
  const weights = v * h
  const biases = v + h
  return {
    visible,
    hidden,
    k,
    weights,
    biases,
    parameters: weights + biases,
    flopsPerSample,
    flopsPerUpdate: WEIGHT_UPDATE_FLOPS * weights + BIAS_UPDATE_FLOPS * biases,
    flopsPropagate: 2 * v * h + 4 * h,
  }
}

/**
 * FLOPs of training a DBN greedily: each RBM for `shape.epochs` epochs on N samples, then one pass of
 * all N samples through it to make the next RBM's data (`src/engine/rbm/dbn.ts`).
 */
export function dbnTrainingCost(visible: number, hidden: readonly number[], shape: TrainingShape & RbmShapeOptions): DbnTrainingCost {
  const batches = batchesOf(shape.samples, shape.batchSize)
  let fanIn = visible
  const rbms = hidden.map((h, i) => {
    const rbm = rbmCost(fanIn, h, shape)
    fanIn = h
    const trainFlops = shape.epochs * (shape.samples * rbm.flopsPerSample + batches * rbm.flopsPerUpdate)
    const propagateFlops = i < hidden.length - 1 ? shape.samples * rbm.flopsPropagate : 0
    return { ...rbm, trainFlops, propagateFlops }
  })
  return {
    rbms,
    parameters: rbms.reduce((s, r) => s + r.parameters, 0),
    totalFlops: rbms.reduce((s, r) => s + r.trainFlops + r.propagateFlops, 0),
  }
}
