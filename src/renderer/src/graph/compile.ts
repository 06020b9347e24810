/**
 * The one compiler from the editor's graph to what the engine trains (SPEC §6): a chain of Input,
 * Dense and Output nodes becomes a `NetworkSpec`; a chain through RBM / DBN stack / Autoencoder nodes
 * becomes a `DbnSpec` (greedy pretraining, then nothing, an autoencoder, or a classifier to fine-tune).
 */
import type { DenseLayerSpec, NetworkSpec } from '../../../shared/dto'
import type { GraphNode, NetworkGraph, NodeOf, VisibleKind } from './types'
import { chainFromInput } from './topology'
import { isUnsupervisedKind } from './nodes'

/** A Deep Belief Net to pretrain: RBM hidden sizes bottom first, CD-k per RBM, and what to fine-tune. */
export interface DbnSpec {
  inputs: number
  visible: VisibleKind
  /** Hidden units of each RBM, bottom first. */
  layers: number[]
  /** Gibbs steps of CD-k, one per RBM. */
  k: number[]
  fineTune: { mode: 'none' } | { mode: 'autoencoder' } | { mode: 'classifier'; classes: number }
}

/** What a graph compiles to; `invalid` when it is not a single chain from one Input. */
export type CompiledGraph =
  | { kind: 'network'; network: NetworkSpec }
  | { kind: 'dbn'; dbn: DbnSpec }
  | { kind: 'invalid'; reason: string }

/** Compiles `graph`; run `validateGraph` first for messages a user can act on. */
export function compileGraph(graph: NetworkGraph): CompiledGraph {
  const chain = chainFromInput(graph)
  if (!chain) return { kind: 'invalid', reason: 'The graph is not one chain of layers from a single Input node.' }
  const [input, ...rest] = chain as [NodeOf<'input'>, ...GraphNode[]]
  if (rest.length === 0) return { kind: 'invalid', reason: 'The Input is not connected to any layer.' }
  return rest.some((n) => isUnsupervisedKind(n.kind)) ? compileDbn(input, rest) : compileNetwork(input, rest)
}

function compileNetwork(input: NodeOf<'input'>, layers: GraphNode[]): CompiledGraph {
  const last = layers[layers.length - 1]!
  if (last.kind !== 'output') return { kind: 'invalid', reason: 'The chain does not end in an Output node.' }
  const specs: DenseLayerSpec[] = []
  for (const node of layers) {
    if (node.kind === 'dense') {
      const c = node.config
      specs.push({ units: c.units, activation: c.activation, init: c.init, bias: c.bias, ...(c.lrScale !== 1 ? { lrScale: c.lrScale } : {}) })
    } else if (node.kind === 'output' && node === last) {
      const c = node.config
      specs.push({ units: c.units, activation: c.activation, init: c.init, bias: c.bias })
    } else {
      return { kind: 'invalid', reason: `A ${node.kind} node cannot sit inside a supervised chain.` }
    }
  }
  return { kind: 'network', network: { inputs: input.config.width, layers: specs, loss: last.config.loss } }
}

function compileDbn(input: NodeOf<'input'>, nodes: GraphNode[]): CompiledGraph {
  const layers: number[] = []
  const k: number[] = []
  let visible: VisibleKind | null = null
  let fineTune: DbnSpec['fineTune'] = { mode: 'none' }
  for (const [i, node] of nodes.entries()) {
    const last = i === nodes.length - 1
    if (node.kind === 'rbm') {
      visible ??= node.config.visible
      layers.push(node.config.hidden)
      k.push(node.config.k)
    } else if (node.kind === 'dbn' || (node.kind === 'autoencoder' && last)) {
      visible ??= node.config.visible
      layers.push(...node.config.layers)
      k.push(...node.config.layers.map(() => node.config.k))
      if (node.kind === 'autoencoder') fineTune = { mode: 'autoencoder' }
    } else if (node.kind === 'output' && last && layers.length > 0) {
      fineTune = { mode: 'classifier', classes: node.config.units }
    } else {
      return { kind: 'invalid', reason: `A ${node.kind} node cannot sit inside a DBN stack.` }
    }
  }
  if (layers.length === 0) return { kind: 'invalid', reason: 'The DBN has no RBM layers.' }
  return { kind: 'dbn', dbn: { inputs: input.config.width, visible: visible ?? 'bernoulli', layers, k, fineTune } }
}
