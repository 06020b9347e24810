/**
 * Pure edits of the graph document. Each returns a new graph and leaves its argument untouched, so
 * the store can keep the previous version for undo.
 */
import type { GraphEdge, GraphNode, NetworkGraph, NodeConfigs, NodeKind, XY } from './types'
import { createNode } from './nodes'
import { clone } from './clone'

/** A fresh id of the form `prefix-n` not used in `taken`. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  let n = 1
  while (used.has(`${prefix}-${n}`)) n++
  return `${prefix}-${n}`
}

export function addNode(graph: NetworkGraph, kind: NodeKind, position: XY): { graph: NetworkGraph; id: string } {
  const id = freshId(kind, graph.nodes.map((n) => n.id))
  return { graph: { nodes: [...graph.nodes, createNode(kind, id, position)], edges: graph.edges }, id }
}

/** Merges `patch` into the settings of node `id`. */
export function updateConfig<K extends NodeKind>(graph: NetworkGraph, id: string, patch: Partial<NodeConfigs[K]>): NetworkGraph {
  return {
    nodes: graph.nodes.map((n) => (n.id === id ? ({ ...n, config: { ...n.config, ...patch } } as GraphNode) : n)),
    edges: graph.edges,
  }
}

export function moveNodes(graph: NetworkGraph, positions: Map<string, XY>): NetworkGraph {
  return {
    nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: { ...positions.get(n.id)! } } : n)),
    edges: graph.edges,
  }
}

/**
 * Connects `source` → `target`. Self loops and duplicates are refused (null); anything else is
 * allowed, and the live checks explain what is wrong with it.
 */
export function connect(graph: NetworkGraph, source: string, target: string): NetworkGraph | null {
  if (source === target) return null
  if (graph.edges.some((e) => e.source === source && e.target === target)) return null
  if (!graph.nodes.some((n) => n.id === source) || !graph.nodes.some((n) => n.id === target)) return null
  const edge: GraphEdge = { id: `e-${source}-${target}`, source, target }
  return { nodes: graph.nodes, edges: [...graph.edges, edge] }
}

/** Removes nodes (with their connections) and connections. */
export function remove(graph: NetworkGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): NetworkGraph {
  const nodes = new Set(nodeIds)
  const edges = new Set(edgeIds)
  return {
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
    edges: graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  }
}

/** The nodes `ids` and the connections among them, as a clipboard fragment. */
export function copyFragment(graph: NetworkGraph, ids: Iterable<string>): NetworkGraph {
  const chosen = new Set(ids)
  return clone({
    nodes: graph.nodes.filter((n) => chosen.has(n.id)),
    edges: graph.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)),
  })
}

/** Pastes `fragment` with fresh ids, shifted by `offset`; returns the new graph and the pasted node ids. */
export function pasteFragment(graph: NetworkGraph, fragment: NetworkGraph, offset: XY): { graph: NetworkGraph; ids: string[] } {
  const taken = graph.nodes.map((n) => n.id)
  const rename = new Map<string, string>()
  const nodes = fragment.nodes.map((n) => {
    const id = freshId(n.kind, taken)
    taken.push(id)
    rename.set(n.id, id)
    return { ...clone(n), id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } } as GraphNode
  })
  const edges = fragment.edges.map((e) => {
    const source = rename.get(e.source)!
    const target = rename.get(e.target)!
    return { id: `e-${source}-${target}`, source, target }
  })
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: nodes.map((n) => n.id) }
}
