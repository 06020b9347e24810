/**
 * Derives the canvas (Vue Flow nodes and edges) from the network store: the graph document is the
 * source of truth (STYLE §25). Nodes carry what they show — settings summary, cost, issues —
 * and every edge is labelled with the tensor shape it carries, `[batch×width]`.
 */
import { computed } from 'vue'
import type { Edge, Node } from '@vue-flow/core'
import type { NodeCost } from '../graph/node-cost'
import type { GraphNode } from '../graph/types'
import { describeNode, type NodeSummary } from '../graph/describe'
import { useNetworkStore } from '../stores/network'

/** What a layer node shows. */
export interface LayerNodeData {
  node: GraphNode
  summary: NodeSummary
  /** Parameters and FLOPs per sample from the engine's cost model, or null (input node, invalid graph). */
  cost: NodeCost | null
  /** Sentences from the live checks for this node. */
  issues: string[]
}

export function useNetworkGraph() {
  const store = useNetworkStore()
  /** The Input node names the data set it is bound to. */
  const withData = (summary: NodeSummary, node: GraphNode): NodeSummary =>
    node.kind === 'input' && store.dataShape ? { ...summary, chips: [store.dataShape.name] } : summary

  const nodes = computed<Node<LayerNodeData>[]>(() => {
    const selected = new Set(store.selectedNodes)
    return store.graph.nodes.map((node) => ({
      id: node.id,
      type: 'layer',
      position: { ...node.position },
      selected: selected.has(node.id),
      data: {
        node,
        summary: withData(describeNode(node), node),
        cost: store.nodeCosts.get(node.id) ?? null,
        issues: store.errors.filter((e) => e.nodeId === node.id).map((e) => e.message),
      },
    }))
  })

  const edges = computed<Edge[]>(() => {
    const selected = new Set(store.selectedEdges)
    return store.graph.edges.map((edge) => {
      const width = store.widths.get(edge.source)
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        selected: selected.has(edge.id),
        label: width == null ? '[batch×?]' : `[batch×${width.toLocaleString('en-US')}]`,
        labelBgPadding: [6, 3] as [number, number],
        labelBgBorderRadius: 4,
        class: 'tensor-edge',
      }
    })
  })

  return { nodes, edges }
}
