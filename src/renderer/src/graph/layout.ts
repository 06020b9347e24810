/** Auto-layout: layers left to right in data-flow order (dagre's layered layout). */
import dagre from '@dagrejs/dagre'
import type { NetworkGraph, XY } from './types'

/** Node size used for layout when the canvas has not measured a node yet. */
const DEFAULT_SIZE = { width: 224, height: 130 }

/** Top-left positions for every node, ranked left to right. */
export function autoLayout(graph: NetworkGraph, sizes: Map<string, { width: number; height: number }> = new Map()): Map<string, XY> {
  const g = new dagre.graphlib.Graph()
  g.setGraph({ rankdir: 'LR', nodesep: 50, ranksep: 110, marginx: 20, marginy: 20 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const node of graph.nodes) g.setNode(node.id, { ...(sizes.get(node.id) ?? DEFAULT_SIZE) })
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target)
  dagre.layout(g)
  const positions = new Map<string, XY>()
  for (const node of graph.nodes) {
    const laid = g.node(node.id)
    const size = sizes.get(node.id) ?? DEFAULT_SIZE
    positions.set(node.id, { x: Math.round(laid.x - size.width / 2), y: Math.round(laid.y - size.height / 2) })
  }
  return positions
}
