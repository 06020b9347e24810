/**
 * The numbers each node shows (SPEC §6), from the engine's cost model: a network's `LayerCost`s map
 * one to one onto its Dense and Output nodes; a DBN's RBMs map onto its RBM nodes (one each), DBN stack
 * and Autoencoder nodes (one per layer of the stack, summed) and the classifier's Output node (the head).
 */
import type { DbnCost, DbnCostSpec, LayerCost } from '../../../shared/dto'
import type { DbnSpec } from './compile'
import type { GraphNode } from './types'

/** Parameters and FLOPs per sample of one node. */
export interface NodeCost {
  weights: number
  biases: number
  flopsForward: number
  flopsBackward: number
  /** True on unsupervised nodes: forward is the up pass σ(V·W + c), backward the rest of CD-k. */
  contrastive?: boolean
}

/** What `estimate:dbn` costs for a compiled DBN. */
export function dbnCostSpec(dbn: DbnSpec): DbnCostSpec {
  return { inputs: dbn.inputs, layers: [...dbn.layers], k: [...dbn.k], ...(dbn.fineTune.mode === 'classifier' ? { classes: dbn.fineTune.classes } : {}) }
}

/** Costs of the layer nodes of a network chain (without its Input), or an empty map when they do not line up. */
export function networkNodeCosts(layers: readonly GraphNode[], costs: readonly LayerCost[]): Map<string, NodeCost> {
  const map = new Map<string, NodeCost>()
  if (layers.length !== costs.length) return map
  layers.forEach((node, i) => {
    const c = costs[i]!
    map.set(node.id, { weights: c.weights, biases: c.biases, flopsForward: c.flopsForward, flopsBackward: c.flopsBackward, contrastive: false })
  })
  return map
}

/** Costs of the nodes of a DBN chain (without its Input), or an empty map when they do not line up with `cost`. */
export function dbnNodeCosts(nodes: readonly GraphNode[], cost: DbnCost): Map<string, NodeCost> {
  const map = new Map<string, NodeCost>()
  let next = 0
  for (const node of nodes) {
    if (node.kind === 'output') {
      if (!cost.head) return new Map()
      const h = cost.head
      map.set(node.id, { weights: h.weights, biases: h.biases, flopsForward: h.flopsForward, flopsBackward: h.flopsBackward, contrastive: false })
      continue
    }
    const count = node.kind === 'rbm' ? 1 : node.kind === 'dbn' || node.kind === 'autoencoder' ? node.config.layers.length : -1
    const rbms = cost.rbms.slice(next, next + count)
    if (count < 0 || rbms.length !== count) return new Map()
    next += count
    map.set(node.id, {
      weights: rbms.reduce((s, r) => s + r.weights, 0),
      biases: rbms.reduce((s, r) => s + r.biases, 0),
      flopsForward: rbms.reduce((s, r) => s + r.flopsForward, 0),
      flopsBackward: rbms.reduce((s, r) => s + r.flopsBackward, 0),
      contrastive: true,
    })
  }
  return next === cost.rbms.length ? map : new Map()
}
