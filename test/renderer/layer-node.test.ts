import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import LayerNode from '../../src/renderer/src/components/LayerNode.vue'
import { layerParameters } from '../../src/renderer/src/stores/network'
import type { LayerNodeData } from '../../src/renderer/src/composables/use-network-graph'

// Vue Flow's Handle needs the flow context; a node is tested as a plain component with its props.
const stubs = { Handle: true }

function mountNode(data: LayerNodeData) {
  return mount(LayerNode, { props: { id: 'layer-0', data } as never, global: { stubs } })
}

describe('LayerNode', () => {
  it('shows units, activation and parameters without and with biases', () => {
    const wrapper = mountNode({ kind: 'dense', title: 'Dense 1', units: 4, activation: 'tanh', weights: 8, biases: 4, detail: null })
    expect(wrapper.text()).toContain('4 units')
    expect(wrapper.text()).toContain('tanh')
    expect(wrapper.text()).toContain('8 weights · 12 with biases')
    expect(wrapper.classes()).toContain('layer-node--dense')
  })

  it('shows no parameter count on the input node', () => {
    const wrapper = mountNode({ kind: 'input', title: 'Input', units: 2, activation: null, weights: 0, biases: 0, detail: null })
    expect(wrapper.text()).not.toContain('weights')
  })
})

describe('layerParameters', () => {
  it('counts a 3-4-2 network as 20 weights and 26 with biases (SPEC §6)', () => {
    const a = layerParameters(3, 4)
    const b = layerParameters(4, 2)
    expect(a.weights + b.weights).toBe(20)
    expect(a.weights + a.biases + b.weights + b.biases).toBe(26)
    expect(layerParameters(3, 4, false).biases).toBe(0)
  })
})
