/**
 * Node kinds as the palette and the canvas present them: default settings, titles, and what each
 * node produces (its output width, which labels the edge leaving it).
 */
import type { GraphNode, NodeConfigs, NodeKind, XY } from './types'
import { clone } from './clone'

/** MIME type of a node dragged from the palette. */
export const NODE_MIME = 'application/x-layerwise-node'

/** Palette entry of a node kind. */
export interface NodeKindInfo {
  kind: NodeKind
  title: string
  /** One line for the palette tooltip. */
  hint: string
  group: 'supervised' | 'unsupervised'
}

export const NODE_KINDS: readonly NodeKindInfo[] = [
  { kind: 'input', title: 'Input', hint: 'The data set’s features, one unit per encoded column.', group: 'supervised' },
  { kind: 'dense', title: 'Dense', hint: 'A fully connected hidden layer with an activation.', group: 'supervised' },
  { kind: 'output', title: 'Output', hint: 'The prediction layer: its activation and the loss it is trained on.', group: 'supervised' },
  { kind: 'rbm', title: 'RBM', hint: 'A restricted Boltzmann machine, pretrained without labels by CD-k.', group: 'unsupervised' },
  { kind: 'dbn', title: 'DBN stack', hint: 'Several RBMs trained greedily, layer by layer.', group: 'unsupervised' },
  { kind: 'autoencoder', title: 'Autoencoder', hint: 'A DBN stack unrolled into encoder and decoder, fine-tuned on reconstruction.', group: 'unsupervised' },
]

/** The title of a node kind. */
export function kindTitle(kind: NodeKind): string {
  return NODE_KINDS.find((k) => k.kind === kind)?.title ?? kind
}

/** Settings a new node starts with. */
export function defaultConfig<K extends NodeKind>(kind: K): NodeConfigs[K] {
  const configs: NodeConfigs = {
    input: { width: 2 },
    dense: { units: 16, activation: 'relu', init: 'heUniform', bias: true, lrScale: 1 },
    output: { units: 1, activation: 'sigmoid', loss: 'bce', multiLabel: false, init: 'glorotUniform', bias: true },
    rbm: { hidden: 64, visible: 'bernoulli', k: 1 },
    dbn: { layers: [256, 64], visible: 'bernoulli', k: 1 },
    autoencoder: { layers: [256, 32], visible: 'bernoulli', k: 1 },
  }
  return clone(configs[kind])
}

/** A new node of `kind` at `position`. */
export function createNode(kind: NodeKind, id: string, position: XY): GraphNode {
  return { id, kind, position: { ...position }, config: defaultConfig(kind) } as GraphNode
}

/** Width of what `node` passes on, given the width that flows into it (`fanIn`, null when unknown). */
export function outputWidth(node: GraphNode, fanIn: number | null): number | null {
  switch (node.kind) {
    case 'input':
      return node.config.width
    case 'dense':
    case 'output':
      return node.config.units
    case 'rbm':
      return node.config.hidden
    case 'dbn':
      return node.config.layers[node.config.layers.length - 1] ?? fanIn
    case 'autoencoder':
      // The decoder mirrors the encoder: the reconstruction has the input's width.
      return fanIn
  }
}

/** Whether a node may end the graph (nothing needs to follow it). */
export function isTerminalKind(kind: NodeKind): boolean {
  return kind === 'output' || kind === 'autoencoder' || kind === 'rbm' || kind === 'dbn'
}

/** Whether a node is trained without labels (RBM family). */
export function isUnsupervisedKind(kind: NodeKind): boolean {
  return kind === 'rbm' || kind === 'dbn' || kind === 'autoencoder'
}
