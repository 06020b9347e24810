import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import LayerNode from '../../src/renderer/src/components/LayerNode.vue'
import type { LayerNodeData } from '../../src/renderer/src/composables/use-network-graph'
import type { LayerCost } from '../../src/shared/dto'
import type { NodeKind, NodeConfigs } from '../../src/renderer/src/graph/types'
import { describeNode } from '../../src/renderer/src/graph/describe'
import { node } from './graph/helpers'

// Vue Flow's Handle needs the flow context; a node is tested as a plain component with its props (STYLE §24).
const stubs = { Handle: { props: ['type'], template: '<i :class="`handle-${type}`" />' } }

function mountNode<K extends NodeKind>(kind: K, config: Partial<NodeConfigs[K]> = {}, extra: Partial<LayerNodeData> = {}) {
  const n = node('n', kind, config)
  const data: LayerNodeData = { node: n, summary: describeNode(n), cost: null, issues: [], ...extra }
  return mount(LayerNode, { props: { id: 'n', data, selected: false } as never, global: { stubs } })
}

const cost = (weights: number, biases: number): LayerCost =>
  ({ index: 1, fanIn: 3, units: 4, activation: 'sigmoid', weights, biases, flopsForward: 28, flopsBackward: 40, breakdown: {} }) as unknown as LayerCost

describe('LayerNode: Input', () => {
  it('shows the data width and only an outgoing handle', () => {
    const wrapper = mountNode('input', { width: 784 })
    expect(wrapper.text()).toContain('784 inputs')
    expect(wrapper.findAll('.handle-target')).toHaveLength(0)
    expect(wrapper.findAll('.handle-source')).toHaveLength(1)
  })
})

describe('LayerNode: Dense', () => {
  it('shows units, activation, and parameters without and with biases', () => {
    const wrapper = mountNode('dense', { units: 4, activation: 'tanh' }, { cost: cost(12, 4) })
    expect(wrapper.text()).toContain('4 units')
    expect(wrapper.text()).toContain('tanh')
    expect(wrapper.findAll('[data-testid=node-params] dd').map((d) => d.text())).toEqual(['12', '16'])
  })

  it('shows FLOPs per sample forward and backward', () => {
    const wrapper = mountNode('dense', {}, { cost: cost(12, 4) })
    expect(wrapper.findAll('[data-testid=node-flops] dd').map((d) => d.text())).toEqual(['28', '40'])
  })

  it('says when the layer has no bias', () => {
    expect(mountNode('dense', { bias: false }).text()).toContain('no bias')
  })

  it('shows its problems as sentences and marks itself invalid', () => {
    const wrapper = mountNode('dense', {}, { issues: ['Softmax belongs on the Output node only: choose another activation.'] })
    expect(wrapper.get('[role=alert]').text()).toContain('Softmax belongs on the Output node only')
    expect(wrapper.classes()).toContain('layer-node--invalid')
  })
})

describe('LayerNode: Output', () => {
  it('shows activation and loss, and only an incoming handle', () => {
    const wrapper = mountNode('output', { units: 10, activation: 'softmax', loss: 'cce' })
    expect(wrapper.text()).toContain('10 units')
    expect(wrapper.text()).toContain('softmax')
    expect(wrapper.text()).toContain('loss: CCE')
    expect(wrapper.findAll('.handle-source')).toHaveLength(0)
  })
})

describe('LayerNode: RBM', () => {
  it('shows hidden units, visible type and CD-k', () => {
    const text = mountNode('rbm', { hidden: 128, visible: 'gaussian', k: 3 }).text()
    expect(text).toContain('128 hidden units')
    expect(text).toContain('Gaussian visible')
    expect(text).toContain('CD-3')
  })
})

describe('LayerNode: DBN stack', () => {
  it('shows the stack sizes and the number of RBMs', () => {
    const text = mountNode('dbn', { layers: [500, 200, 50] }).text()
    expect(text).toContain('500 → 200 → 50')
    expect(text).toContain('3 RBMs')
  })
})

describe('LayerNode: Autoencoder', () => {
  it('shows the encoder, its mirror and the code size, with no outgoing handle', () => {
    const wrapper = mountNode('autoencoder', { layers: [256, 32] })
    expect(wrapper.text()).toContain('256 → 32 → mirror')
    expect(wrapper.text()).toContain('code 32')
    expect(wrapper.findAll('.handle-source')).toHaveLength(0)
  })
})
