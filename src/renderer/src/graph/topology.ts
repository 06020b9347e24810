/**
 * The shape of the graph as a directed graph: neighbours, cycles, and the chain from the Input node.
 * Layerwise trains chains (Input → layers → Output), so the compiler and the checks both start here.
 */
import type { GraphNode, NetworkGraph } from './types'

/** Incoming and outgoing neighbours of every node id. */
export interface Adjacency {
  incoming: Map<string, string[]>
  outgoing: Map<string, string[]>
}

export function adjacency(graph: NetworkGraph): Adjacency {
  const incoming = new Map<string, string[]>()
  const outgoing = new Map<string, string[]>()
  for (const node of graph.nodes) {
    incoming.set(node.id, [])
    outgoing.set(node.id, [])
  }
  for (const edge of graph.edges) {
    outgoing.get(edge.source)?.push(edge.target)
    incoming.get(edge.target)?.push(edge.source)
  }
  return { incoming, outgoing }
}

/** Ids of the nodes that lie on a directed cycle (strongly connected components of size > 1, or self loops). */
export function nodesOnCycles(graph: NetworkGraph): Set<string> {
  const { outgoing } = adjacency(graph)
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const result = new Set<string>()
  let counter = 0
  // Tarjan's algorithm (iterative enough for editor-sized graphs: recursion depth = chain length).
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter)
    counter++
    stack.push(v)
    onStack.add(v)
    for (const w of outgoing.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      const selfLoop = (outgoing.get(v) ?? []).includes(v)
      if (component.length > 1 || selfLoop) for (const id of component) result.add(id)
    }
  }
  for (const node of graph.nodes) if (!index.has(node.id)) visit(node.id)
  return result
}

/**
 * The nodes in data-flow order from the single Input node, following single outgoing connections,
 * or null when the graph is not one simple chain that covers every node.
 */
export function chainFromInput(graph: NetworkGraph): GraphNode[] | null {
  const inputs = graph.nodes.filter((n) => n.kind === 'input')
  if (inputs.length !== 1) return null
  const { incoming, outgoing } = adjacency(graph)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const chain: GraphNode[] = []
  const seen = new Set<string>()
  let current: GraphNode | undefined = inputs[0]
  while (current) {
    if (seen.has(current.id)) return null
    if ((incoming.get(current.id)?.length ?? 0) > (chain.length === 0 ? 0 : 1)) return null
    seen.add(current.id)
    chain.push(current)
    const next: string[] = outgoing.get(current.id) ?? []
    if (next.length > 1) return null
    current = next.length === 1 ? byId.get(next[0]!) : undefined
  }
  return chain.length === graph.nodes.length ? chain : null
}

/**
 * Width flowing out of each node, following edges from the Input (null where it cannot be known:
 * no path from an Input, or a cycle).
 */
export function widthsFromInput(graph: NetworkGraph, outputWidth: (node: GraphNode, fanIn: number | null) => number | null): Map<string, number | null> {
  const { incoming } = adjacency(graph)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const widths = new Map<string, number | null>()
  const visiting = new Set<string>()
  const widthOf = (id: string): number | null => {
    if (widths.has(id)) return widths.get(id)!
    if (visiting.has(id)) return null
    visiting.add(id)
    const node = byId.get(id)!
    const sources = incoming.get(id) ?? []
    const fanIn = sources.length === 1 ? widthOf(sources[0]!) : null
    const width = outputWidth(node, node.kind === 'input' ? null : fanIn)
    visiting.delete(id)
    widths.set(id, width)
    return width
  }
  for (const node of graph.nodes) widthOf(node.id)
  return widths
}
