/**
 * The editor's network document: typed nodes with their settings, and the connections between them.
 * This is the spec the network store holds and the project file saves; the Vue Flow canvas is derived
 * from it, and `compileGraph` turns it into what the engine trains (a `NetworkSpec` or a `DbnSpec`).
 * The document types live in `src/shared/project.ts` because the backend validates them too.
 */
import type { GraphNode, NodeKind } from '../../../shared/project'

export type {
  NodeKind,
  VisibleKind,
  InputConfig,
  DenseConfig,
  OutputConfig,
  RbmConfig,
  DbnConfig,
  AutoencoderConfig,
  NodeConfigs,
  XY,
  GraphNode,
  GraphEdge,
  NetworkGraph,
} from '../../../shared/project'

/** Node of one kind. */
export type NodeOf<K extends NodeKind> = Extract<GraphNode, { kind: K }>

/** What the editor knows about the bound data set (from its preview): its encoded width and its target. */
export interface DataShape {
  name: string
  inputs: number
  /** Number of classes; null for regression. */
  classes: number | null
  /** Output units of a regression target. */
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
