/**
 * The live checks of SPEC §6. Each rule is a function from the graph (and the bound data set, when
 * known) to issues; every issue sits on a node and says in one sentence how to fix it.
 */
import type { DataShape, GraphIssue, GraphNode, IssueRule, NetworkGraph, NodeOf } from './types'
import { adjacency, nodesOnCycles } from './topology'
import { isTerminalKind, isUnsupervisedKind, kindTitle } from './nodes'

type Rule = (graph: NetworkGraph, data: DataShape | null) => GraphIssue[]

const issue = (rule: IssueRule, nodeId: string | null, message: string): GraphIssue => ({ rule, nodeId, message })

const inputCount: Rule = (graph) => {
  const inputs = graph.nodes.filter((n) => n.kind === 'input')
  if (inputs.length === 0) return [issue('input-count', null, 'The network has no Input node: drag one from the palette onto the canvas.')]
  return inputs.slice(1).map((n) => issue('input-count', n.id, 'Only one Input node is allowed: delete this one and connect its layers to the first Input.'))
}

const outputCount: Rule = (graph) => {
  const outputs = graph.nodes.filter((n) => n.kind === 'output')
  const unsupervised = graph.nodes.some((n) => isUnsupervisedKind(n.kind))
  if (outputs.length === 0 && !unsupervised && graph.nodes.length > 0) {
    return [issue('output-count', null, 'The network has no Output node: drag one from the palette and connect the last layer to it.')]
  }
  return outputs.slice(1).map((n) => issue('output-count', n.id, 'Only one Output node is allowed: delete this one or merge its units into the first Output.'))
}

const cycle: Rule = (graph) =>
  [...nodesOnCycles(graph)].map((id) =>
    issue('cycle', id, 'This node is part of a cycle: delete one of the connections in the loop so data flows one way, from Input to Output.'),
  )

const dangling: Rule = (graph) => {
  const { incoming, outgoing } = adjacency(graph)
  const issues: GraphIssue[] = []
  for (const node of graph.nodes) {
    const ins = incoming.get(node.id)!.length
    const outs = outgoing.get(node.id)!.length
    if (node.kind === 'input') {
      if (outs === 0) issues.push(issue('dangling', node.id, 'The Input is not connected: drag from its right handle to the first layer.'))
      if (ins > 0) issues.push(issue('order', node.id, 'Nothing can flow into the Input node: delete the connection that ends on it.'))
      continue
    }
    if (ins === 0) issues.push(issue('dangling', node.id, `Nothing flows into this ${kindTitle(node.kind)} node: connect the layer before it to its left handle, or delete it.`))
    if (outs === 0 && !isTerminalKind(node.kind)) {
      issues.push(issue('dangling', node.id, 'This layer’s output goes nowhere: connect its right handle to the next layer or to the Output node.'))
    }
    if (outs > 0 && (node.kind === 'output' || node.kind === 'autoencoder')) {
      issues.push(issue('order', node.id, `The ${kindTitle(node.kind)} node ends the network: delete the connection that leaves it.`))
    }
  }
  return issues
}

const branch: Rule = (graph) => {
  const { incoming, outgoing } = adjacency(graph)
  const issues: GraphIssue[] = []
  for (const node of graph.nodes) {
    if (outgoing.get(node.id)!.length > 1) {
      issues.push(issue('branch', node.id, 'Layerwise trains a chain of layers: keep one connection leaving this node and delete the others.'))
    }
    if (incoming.get(node.id)!.length > 1) {
      issues.push(issue('branch', node.id, 'Only one connection can enter a node: keep one and delete the others.'))
    }
  }
  return issues
}

/** RBMs are pretrained on the data itself: they follow the Input or another RBM; Dense layers do not mix with them. */
const order: Rule = (graph) => {
  const { incoming } = adjacency(graph)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const issues: GraphIssue[] = []
  for (const node of graph.nodes) {
    const source = byId.get(incoming.get(node.id)![0] ?? '')
    if (!source) continue
    if (isUnsupervisedKind(node.kind) && source.kind === 'dense') {
      issues.push(issue('order', node.id, 'An RBM learns from the data directly: connect it to the Input or to another RBM / DBN stack, not to a Dense layer.'))
    }
    if (isUnsupervisedKind(node.kind) && source.kind === 'autoencoder') {
      issues.push(issue('order', node.id, 'The Autoencoder already holds its own stack: add layers to it in the inspector instead of stacking after it.'))
    }
    if (node.kind === 'dense' && isUnsupervisedKind(source.kind)) {
      issues.push(issue('order', node.id, 'A pretrained stack is fine-tuned through an Output node: connect the RBM / DBN stack straight to an Output and delete this Dense layer.'))
    }
    if (node.kind === 'output' && (source.kind === 'rbm' || source.kind === 'dbn') && (node.config.activation !== 'softmax' || node.config.loss !== 'cce')) {
      issues.push(issue('loss-mismatch', node.id, 'A DBN classifier ends in softmax with categorical cross-entropy: set the activation to softmax and the loss to CCE.'))
    }
    if ((node.kind === 'rbm' || node.kind === 'dbn' || node.kind === 'autoencoder') && source.kind !== 'input' && node.config.visible === 'gaussian') {
      issues.push(issue('order', node.id, 'Only the first RBM of a stack can have Gaussian visible units: set visible units to Bernoulli.'))
    }
  }
  return issues
}

const shape: Rule = (graph, data) => {
  if (!data) return []
  const issues: GraphIssue[] = []
  for (const node of graph.nodes) {
    if (node.kind === 'input' && node.config.width !== data.inputs) {
      issues.push(issue('shape', node.id, `The data set “${data.name}” has ${data.inputs} inputs but this Input has ${node.config.width}: set its width to ${data.inputs}.`))
    }
    if (node.kind === 'output') {
      const expected = expectedOutputs(node, data)
      if (expected !== null && node.config.units !== expected) {
        const what = data.classes === null ? `${data.targets} regression target${data.targets === 1 ? '' : 's'}` : `${data.classes} classes`
        issues.push(issue('shape', node.id, `The data set “${data.name}” has ${what} but this Output has ${node.config.units} units: set its units to ${expected}.`))
      }
    }
  }
  return issues
}

/** Units an Output needs for the data set (a two-class target also fits one sigmoid unit). */
function expectedOutputs(node: NodeOf<'output'>, data: DataShape): number | null {
  if (data.classes === null) return data.targets
  if (data.classes === 2 && node.config.units === 1) return 1
  return data.classes
}

const softmaxHidden: Rule = (graph) =>
  graph.nodes
    .filter((n): n is NodeOf<'dense'> => n.kind === 'dense' && n.config.activation === 'softmax')
    .map((n) => issue('softmax-hidden', n.id, 'Softmax belongs on the Output node only: choose another activation for this hidden layer, such as ReLU or tanh.'))

const lossMismatch: Rule = (graph, data) => {
  const issues: GraphIssue[] = []
  for (const node of graph.nodes) {
    if (node.kind !== 'output') continue
    const message = lossProblem(node, data)
    if (message) issues.push(issue('loss-mismatch', node.id, message))
  }
  return issues
}

function lossProblem(node: NodeOf<'output'>, data: DataShape | null): string | null {
  const { activation, loss, units, multiLabel } = node.config
  if (loss === 'cce' && activation !== 'softmax') return 'Categorical cross-entropy needs softmax outputs: set the activation to softmax, or choose MSE.'
  if (activation === 'softmax' && units === 1) return 'Softmax over one unit always outputs 1: use sigmoid with binary cross-entropy for a yes/no target, or one unit per class.'
  if (activation === 'softmax' && loss === 'bce') return 'Softmax outputs compete and sum to 1, binary cross-entropy scores each one alone: use categorical cross-entropy with softmax.'
  if (loss === 'bce' && activation !== 'sigmoid') return 'Binary cross-entropy needs outputs between 0 and 1: set the activation to sigmoid.'
  if (loss === 'bce' && units > 1 && !multiLabel) {
    return 'Binary cross-entropy scores one yes/no output: use 1 unit, or softmax with categorical cross-entropy for several classes, or tick “multi-label”.'
  }
  if (data && data.classes === null && loss !== 'mse') return `The data set “${data.name}” has a regression target: use mean squared error with an identity output.`
  return null
}

const RULES: Rule[] = [inputCount, outputCount, cycle, dangling, branch, order, shape, softmaxHidden, lossMismatch]

/** Every problem of `graph`, in rule order. An empty list means the graph can be compiled and trained. */
export function validateGraph(graph: NetworkGraph, data: DataShape | null = null): GraphIssue[] {
  return RULES.flatMap((rule) => rule(graph, data))
}

/** The issues that sit on one node. */
export function issuesOf(issues: GraphIssue[], node: GraphNode): GraphIssue[] {
  return issues.filter((i) => i.nodeId === node.id)
}
