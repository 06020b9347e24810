/**
 * An imported (or trained) model drawn as a read-only graph (SPEC §9, issue 9): its layers become the
 * editor's nodes — Input, Dense, Output for networks, RBM nodes for RBM stacks — with the parameters of
 * the model file and the FLOPs of the engine's cost model, and edges labelled with their tensor shape.
 */
import type { Edge, Node } from '@vue-flow/core'
import type { ActivationName, DbnCost, DbnCostSpec, LossName, NetworkCost, NetworkSpec } from '../../../shared/dto'
import type { ModelInfo } from '../../../shared/models'
import type { LayerNodeData } from '../composables/use-network-graph'
import type { GraphNode } from './types'
import { ACTIVATION_LABELS, LOSS_LABELS, describeNode } from './describe'
import { COLUMN, graphFromNetwork } from './from-spec'
import type { NodeCost } from './node-cost'

const isActivation = (name: string): name is ActivationName => Object.hasOwn(ACTIVATION_LABELS, name)
const isLoss = (name: string | null): name is LossName => name !== null && Object.hasOwn(LOSS_LABELS, name)

/** The `NetworkSpec` of a dense model, or null (RBM stacks, unknown activations or loss). */
export function modelNetworkSpec(info: ModelInfo): NetworkSpec | null {
  if (info.layers.length === 0 || info.layers.some((l) => l.type !== 'dense' || !isActivation(l.activation)) || !isLoss(info.loss)) return null
  return {
    inputs: info.inputs,
    layers: info.layers.map((l) => ({ units: l.units, activation: l.activation as ActivationName, bias: l.biases > 0 })),
    loss: info.loss,
  }
}

/** What `estimate:dbn` costs for an RBM stack (CD-1: the file does not say which k trained it), or null. */
export function modelDbnSpec(info: ModelInfo): DbnCostSpec | null {
  if (info.layers.length === 0 || info.layers.some((l) => l.type !== 'rbm')) return null
  return { inputs: info.inputs, layers: info.layers.map((l) => l.units), k: info.layers.map(() => 1) }
}

/** The model as graph nodes, without their numbers. */
function modelNodes(info: ModelInfo): GraphNode[] {
  const spec = modelNetworkSpec(info)
  if (spec) return graphFromNetwork(spec).nodes
  const input: GraphNode = { id: 'input', kind: 'input', position: { x: 0, y: 0 }, config: { width: info.inputs } }
  return [
    input,
    ...info.layers.map((l, i): GraphNode => {
      const position = { x: (i + 1) * COLUMN, y: 0 }
      if (l.type === 'rbm') return { id: `layer-${i}`, kind: 'rbm', position, config: { hidden: l.units, visible: i === 0 && l.activation.startsWith('gaussian') ? 'gaussian' : 'bernoulli', k: 1 } }
      // a dense layer whose activation this app does not know: drawn with its name, never trained here
      return { id: `layer-${i}`, kind: 'dense', position, config: { units: l.units, activation: 'identity', init: 'glorotUniform', bias: l.biases > 0, lrScale: 1 } }
    }),
  ]
}

/** Nodes and edges of the read-only graph; `cost` is the cost model's answer for the model (or null while unknown). */
export function modelGraph(info: ModelInfo, cost: NetworkCost | DbnCost | null): { nodes: Node<LayerNodeData>[]; edges: Edge[] } {
  const graphNodes = modelNodes(info)
  const flops = cost ? ('layers' in cost ? cost.layers : cost.rbms) : []
  const nodes = graphNodes.map((node, i): Node<LayerNodeData> => {
    const layer = i > 0 ? info.layers[i - 1] : undefined
    const f = i > 0 ? flops[i - 1] : undefined
    const summary = describeNode(node)
    const known = layer && isActivation(layer.activation) && layer.type === 'dense'
    const nodeCost: NodeCost | null = layer
      ? { weights: layer.weights, biases: layer.biases, flopsForward: f?.flopsForward ?? 0, flopsBackward: f?.flopsBackward ?? 0, contrastive: layer.type === 'rbm' }
      : null
    return {
      id: node.id,
      type: 'layer',
      position: { ...node.position },
      draggable: false,
      connectable: false,
      selectable: false,
      data: { node, summary: known || !layer ? summary : { ...summary, chips: [layer.activation] }, cost: f || !layer ? nodeCost : nodeCost && { ...nodeCost, flopsForward: NaN, flopsBackward: NaN }, issues: [] },
    }
  })
  const widths = [info.inputs, ...info.layers.map((l) => l.units)]
  const edges = nodes.slice(1).map((n, i): Edge => ({
    id: `e-${nodes[i]!.id}-${n.id}`,
    source: nodes[i]!.id,
    target: n.id,
    label: `[batch×${widths[i]!.toLocaleString('en-US')}]`,
    labelBgPadding: [6, 3] as [number, number],
    labelBgBorderRadius: 4,
    class: 'tensor-edge',
  }))
  return { nodes, edges }
}
