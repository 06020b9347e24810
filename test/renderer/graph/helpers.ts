import type { GraphNode, NetworkGraph, NodeConfigs, NodeKind } from '../../../src/renderer/src/graph/types'
import { defaultConfig } from '../../../src/renderer/src/graph/nodes'

type Spec = { [K in NodeKind]: [K, Partial<NodeConfigs[K]>?] }[NodeKind]

/** A node `id` of `kind` with default settings overridden by `config`. */
export function node<K extends NodeKind>(id: string, kind: K, config: Partial<NodeConfigs[K]> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config: { ...defaultConfig(kind), ...config } } as unknown as GraphNode
}

/** A chain n0 → n1 → … of the given kinds. */
export function chain(...specs: Spec[]): NetworkGraph {
  const nodes = specs.map(([kind, config], i) => node(`n${i}`, kind, config ?? {}))
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }))
  return { nodes, edges }
}

/** 3-4-2 with a sigmoid hidden layer and a softmax output trained on CCE. */
export const net342 = (): NetworkGraph =>
  chain(['input', { width: 3 }], ['dense', { units: 4, activation: 'sigmoid' }], ['output', { units: 2, activation: 'softmax', loss: 'cce' }])
