/**
 * Project files (`*.layerwise.json`, SPEC §9) and the editor's graph document they carry. Types only:
 * the backend validates them with zod (src/main/projects/schema.ts), the renderer edits them.
 */
import type { ActivationName, DataRef, InitName, LossName, NetworkSpec, RunResult, TrainSettings, EpochStats } from './dto'
import type { ImportedDataRef } from './dto'

/** Every node type of the editor's palette (SPEC §6). */
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
  /** Gibbs steps per update. */
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

/** Data flows from `source` to `target`. */
export interface GraphEdge {
  id: string
  source: string
  target: string
}

/** The editor's document: the network as nodes and connections, with the canvas layout. */
export interface NetworkGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** A data file the project trains on, identified by its path and the SHA-256 of its content. */
export interface DataFileRef {
  kind: 'file'
  /** File name, for messages. */
  name: string
  /** Where the file was (desktop app); in the browser, which cannot read paths, the file name. */
  path: string
  sha256: string
  /** Bytes of the file, so a changed file is told apart without reading it (absent in projects saved before it was recorded). */
  size?: number
  /** The user's choices for the data set (target, task, missing values, scaling, split), applied again on load. */
  choices?: DataFileChoices
}

/** The choices of an imported data set a project keeps with its file reference. */
export type DataFileChoices = Partial<Pick<ImportedDataRef, 'target' | 'task' | 'missing' | 'scaling' | 'split'>>

/** Built-in data sets are referenced by name; files by path and content hash. */
export type ProjectDataRef = DataRef | DataFileRef

/** The last run of a project, kept so a reopened project shows how it did. */
export interface ProjectResults {
  result: RunResult
  epochs: EpochStats[]
}

/** Version 1 of the project file. Newer versions are refused with a message, never half-read. */
export interface ProjectDocument {
  format: 'layerwise-project'
  version: 1
  name: string
  /** ISO time of the save. */
  savedAt: string
  data: ProjectDataRef
  graph: NetworkGraph
  /** The network compiled from the graph at save time (null when the graph had errors), for other tools. */
  network: NetworkSpec | null
  settings: TrainSettings
  results: ProjectResults | null
}

/** A project file the backend has opened or saved; `handle` names it in later requests (never a path from the renderer). */
export interface ProjectHandle {
  handle: string
  name: string
  /** Shown to the user; never sent back. */
  path: string
}

/** Whether the project's data set is where the project says. */
export interface DataCheck {
  status: 'ok' | 'missing' | 'changed'
  message: string | null
}

/** Reply of `project:open`. */
export interface OpenedProject extends ProjectHandle {
  document: ProjectDocument
  data: DataCheck
}

/** Reply of `project:save` and `project:autosave`. */
export interface SavedProject extends ProjectHandle {
  savedAt: string
}

/** How `project:open` finds the file: the native dialog, or an entry of the backend's recent-files list. */
export type OpenRequest = { via: 'dialog' } | { via: 'recent'; handle: string }

/** Where `project:save` writes: the file of an open project, or a file picked in the native dialog. */
export type SaveTarget = { via: 'handle'; handle: string } | { via: 'dialog' }

/** Where `project:autosave` wrote: the project's own file, or the recovery file of an untitled project. */
export interface AutosaveReply {
  savedAt: string
  recovery: boolean
}
