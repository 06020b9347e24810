/**
 * Parameters and FLOPs per sample of a Deep Belief Net as drawn in the editor (SPEC §6), in the
 * convention of `docs/estimator.md`. Per RBM, "forward" is the up pass σ(V·W + c) (2vh + 4h, what
 * inference and the next RBM's data cost) and "backward" is the rest of one CD-k step on that sample
 * (`rbmCost(v, h, k).flopsPerSample − forward`), so forward + backward = CD-k per sample, as
 * forward + backward = one backprop sample for a network. A classifier's softmax layer on the top code
 * is costed by `networkCost` as a one-layer network with CCE (its loss included).
 */
import { networkCost } from './network-cost'
import { rbmCost } from './rbm-cost'
import type { DbnCost, DbnCostSpec, DbnLayerCost } from './types'

/** Per-RBM and total parameters and FLOPs per sample of `spec`. */
export function dbnCost(spec: DbnCostSpec): DbnCost {
  let visible = spec.inputs
  const rbms = spec.layers.map((hidden, i): DbnLayerCost => {
    const k = spec.k[i] ?? 1
    const r = rbmCost(visible, hidden, { k })
    const layer = { index: i + 1, visible, hidden, k, weights: r.weights, biases: r.biases, flopsForward: r.flopsPropagate, flopsBackward: r.flopsPerSample - r.flopsPropagate }
    visible = hidden
    return layer
  })
  const classes = spec.classes ?? 0
  const headNet = classes > 0 ? networkCost({ inputs: visible, layers: [{ units: classes, activation: 'softmax', init: 'gaussian' }], loss: 'cce' }) : null
  const head = headNet ? headNet.layers[0] : null
  const weights = rbms.reduce((s, r) => s + r.weights, 0) + (head?.weights ?? 0)
  const biases = rbms.reduce((s, r) => s + r.biases, 0) + (head?.biases ?? 0)
  return {
    rbms,
    head,
    parameters: weights + biases,
    parametersWithoutBias: weights,
    flopsForward: rbms.reduce((s, r) => s + r.flopsForward, 0) + (headNet?.flopsForward ?? 0),
    flopsBackward: rbms.reduce((s, r) => s + r.flopsBackward, 0) + (headNet?.flopsBackward ?? 0),
  }
}
