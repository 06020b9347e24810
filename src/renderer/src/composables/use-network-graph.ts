/**
 * Derives the canvas (Vue Flow nodes and edges) from the network spec: the spec is the source of truth.
 * Every edge is labelled with the tensor shape it carries, `[batch×width]`.
 */
import { computed, type Ref } from 'vue'
import type { Edge, Node } from '@vue-flow/core'
import type { NetworkSpec } from '../../../shared/dto'
import { layerParameters } from '../stores/network'

/** What a layer node shows. */
export interface LayerNodeData {
  kind: 'input' | 'dense' | 'output'
  title: string
  units: number
  activation: string | null
  weights: number
  biases: number
  detail: string | null
}

const COLUMN = 240

export function useNetworkGraph(spec: Ref<NetworkSpec>) {
  const nodes = computed<Node<LayerNodeData>[]>(() => {
    const result: Node<LayerNodeData>[] = [
      {
        id: 'input',
        type: 'layer',
        position: { x: 0, y: 0 },
        data: { kind: 'input', title: 'Input', units: spec.value.inputs, activation: null, weights: 0, biases: 0, detail: null },
      },
    ]
    let fanIn = spec.value.inputs
    spec.value.layers.forEach((layer, i) => {
      const last = i === spec.value.layers.length - 1
      const p = layerParameters(fanIn, layer.units, layer.bias !== false)
      result.push({
        id: `layer-${i}`,
        type: 'layer',
        position: { x: (i + 1) * COLUMN, y: 0 },
        data: {
          kind: last ? 'output' : 'dense',
          title: last ? 'Output' : `Dense ${i + 1}`,
          units: layer.units,
          activation: layer.activation,
          weights: p.weights,
          biases: p.biases,
          detail: last ? `loss: ${spec.value.loss.toUpperCase()}` : null,
        },
      })
      fanIn = layer.units
    })
    return result
  })

  const edges = computed<Edge[]>(() =>
    nodes.value.slice(1).map((node, i) => ({
      id: `e-${i}`,
      source: nodes.value[i]!.id,
      target: node.id,
      label: `[batch×${nodes.value[i]!.data!.units}]`,
      animated: false,
    })),
  )

  return { nodes, edges }
}
