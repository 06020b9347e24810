/**
 * The reverse of `compileGraph` for supervised networks: a `NetworkSpec` (the XOR example, a model
 * from an old project) drawn as a left-to-right chain of Input, Dense and Output nodes.
 */
import type { NetworkSpec } from '../../../shared/dto'
import type { GraphEdge, GraphNode, NetworkGraph } from './types'
import { defaultConfig } from './nodes'

/** Horizontal distance between two layers of a freshly drawn chain. */
export const COLUMN = 300

/** Node ids follow the layers: `input`, `layer-0` … `layer-(L−1)` (the last one is the Output). */
export function graphFromNetwork(spec: NetworkSpec): NetworkGraph {
  const nodes: GraphNode[] = [{ id: 'input', kind: 'input', position: { x: 0, y: 0 }, config: { width: spec.inputs } }]
  const edges: GraphEdge[] = []
  spec.layers.forEach((layer, i) => {
    const id = `layer-${i}`
    const position = { x: (i + 1) * COLUMN, y: 0 }
    const common = { units: layer.units, activation: layer.activation, init: layer.init ?? defaultConfig('dense').init, bias: layer.bias !== false }
    if (i === spec.layers.length - 1) {
      nodes.push({ id, kind: 'output', position, config: { ...common, loss: spec.loss, multiLabel: spec.loss === 'bce' && layer.units > 1 } })
    } else {
      nodes.push({ id, kind: 'dense', position, config: { ...common, lrScale: layer.lrScale ?? 1 } })
    }
    edges.push({ id: `e-${nodes[i]!.id}-${id}`, source: nodes[i]!.id, target: id })
  })
  return { nodes, edges }
}
