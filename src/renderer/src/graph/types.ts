/**
 * The editor's network document: typed nodes with their settings, and the connections between them.
 * This is the spec the network store holds and the project file saves; the Vue Flow canvas is derived
 * from it, and `compileGraph` turns it into what the engine trains (a `NetworkSpec` or a `DbnSpec`).
 */
import type { ActivationName, InitName, LossName } from '../../../shared/dto'

/** Every node type of the palette (SPEC §6). */
export type NodeKind = 'input' | 'dense' | 'output' | 'rbm' | 'dbn' | 'autoencoder'

/** Visible units of an RBM: binary pixels/features, or z-scored real values (first RBM only). */
export type VisibleKind = 'bernoulli' | 'gaussian'

/** The data set's width; the node follows the data set the project is bound to. */
export interface InputConfig {
  width: number
}

/** A hidden fully connected layer: `A = f(A_prev · Wᵀ + b)`. */
export interface DenseConfig {
  units: number
  activation: ActivationName
  init: InitName
  bias: boolean
  /** Multiplies the learning rate of this layer. */
  lrScale: number
}

/** The last layer of a supervised network: its activation and the loss it is trained on. */
export interface OutputConfig {
  units: number
  activation: ActivationName
  loss: LossName
  /** Several independent yes/no targets (sigmoid + BCE on more than one unit). */
  multiLabel: boolean
  init: InitName
  bias: boolean
}

/** One restricted Boltzmann machine trained by contrastive divergence CD-k. */
export interface RbmConfig {
  hidden: number
  visible: VisibleKind
  k: number
}

/** A stack of RBMs trained greedily, bottom first: `layers` are the hidden sizes. */
export interface DbnConfig {
  layers: number[]
  visible: VisibleKind
  k: number
}

/** A DBN stack unrolled into encoder and mirrored decoder; `layers` are the encoder sizes, the last is the code. */
export interface AutoencoderConfig {
  layers: number[]
  visible: VisibleKind
  k: number
}

/** Settings of each node kind. */
export interface NodeConfigs {
  input: InputConfig
  dense: DenseConfig
  output: OutputConfig
  rbm: RbmConfig
  dbn: DbnConfig
  autoencoder: AutoencoderConfig
}

/** A point on the canvas. */
export interface XY {
  x: number
  y: number
}

/** One node of the document; `config` is typed by `kind`. */
export type GraphNode = { [K in NodeKind]: { id: string; kind: K; position: XY; config: NodeConfigs[K] } }[NodeKind]

/** Node of one kind. */
export type NodeOf<K extends NodeKind> = Extract<GraphNode, { kind: K }>

/** Data flows from `source` to `target`. */
export interface GraphEdge {
  id: string
  source: string
  target: string
}

/** The whole editor document. */
export interface NetworkGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** What the editor knows about the bound data set: its encoded width and its target. */
export interface DataShape {
  name: string
  inputs: number
  /** Number of classes; null for regression. */
  classes: number | null
  /** Regression targets (1 for the built-ins). */
  targets: number
}

/** One problem found by the live checks, on a node (or on the whole graph when `nodeId` is null). */
export interface GraphIssue {
  rule: IssueRule
  nodeId: string | null
  /** A sentence that says what is wrong and how to fix it. */
  message: string
}

/** The live checks of SPEC §6, one id each. */
export type IssueRule =
  | 'input-count'
  | 'output-count'
  | 'cycle'
  | 'dangling'
  | 'branch'
  | 'shape'
  | 'softmax-hidden'
  | 'loss-mismatch'
  | 'order'
