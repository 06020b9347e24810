import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import type { NetworkCost } from '../../../src/shared/dto'
import { fakeApi, fakeCost } from '../editor/fake-api'
import { xorInfo } from './fixtures'
import { modelDbnSpec, modelGraph, modelNetworkSpec } from '../../../src/renderer/src/graph/model-graph'
import LayerNode from '../../../src/renderer/src/components/LayerNode.vue'

vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { default: ModelGraph } = await import('../../../src/renderer/src/components/models/ModelGraph.vue')
const { useModelsStore } = await import('../../../src/renderer/src/stores/models')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

// the fake cost model counts 2·in·out forward and 4·in·out backward: 2-4-1 → layer 1 16/32, layer 2 8/16
const xorCost = (): NetworkCost => fakeCost(modelNetworkSpec(xorInfo())!)
const rbmStack = () =>
  xorInfo({
    kind: 'dbn',
    inputs: 6,
    outputs: 3,
    loss: null,
    layers: [
      { type: 'rbm', inputs: 6, units: 4, activation: 'sigmoid', weights: 24, biases: 10 },
      { type: 'rbm', inputs: 4, units: 3, activation: 'sigmoid', weights: 12, biases: 7 },
    ],
    params: { weights: 36, biases: 17 },
  })

describe('modelGraph (a model as read-only nodes)', () => {
  it('draws the 2-4-1 XOR model as Input, Dense and Output nodes', () => {
    const { nodes } = modelGraph(xorInfo(), null)
    expect(nodes.map((n) => [n.data!.node.kind, n.data!.summary.headline])).toEqual([
      ['input', '2 inputs'],
      ['dense', '4 units'],
      ['output', '1 unit'],
    ])
  })

  it('labels each edge with the tensor shape it carries', () => {
    expect(modelGraph(xorInfo(), null).edges.map((e) => e.label)).toEqual(['[batch×2]', '[batch×4]'])
  })

  it('gives each layer the parameters of the file and the FLOPs of the cost model', () => {
    const { nodes } = modelGraph(xorInfo(), xorCost())
    expect(nodes[1]!.data!.cost).toEqual({ weights: 8, biases: 4, flopsForward: 16, flopsBackward: 32, contrastive: false })
    expect(nodes[2]!.data!.cost).toMatchObject({ weights: 4, biases: 1, flopsForward: 8, flopsBackward: 16 })
  })

  it('makes every node read-only: not draggable, connectable or selectable', () => {
    for (const n of modelGraph(xorInfo(), null).nodes) expect([n.draggable, n.connectable, n.selectable]).toEqual([false, false, false])
  })

  it('turns a dense model back into its network spec', () => {
    expect(modelNetworkSpec(xorInfo())).toEqual({
      inputs: 2,
      layers: [{ units: 4, activation: 'tanh', bias: true }, { units: 1, activation: 'sigmoid', bias: true }],
      loss: 'bce',
    })
  })

  it('draws an RBM stack as RBM nodes and costs it as a DBN', () => {
    expect(modelGraph(rbmStack(), null).nodes.map((n) => n.data!.node.kind)).toEqual(['input', 'rbm', 'rbm'])
    expect(modelNetworkSpec(rbmStack())).toBeNull()
    expect(modelDbnSpec(rbmStack())).toEqual({ inputs: 6, layers: [4, 3], k: [1, 1] })
  })
})

describe('ModelGraph', () => {
  // Vue Flow needs a measured viewport; the stub renders each node with the real LayerNode
  const stubs = {
    Handle: { template: '<i />' },
    Background: true,
    Controls: true,
    VueFlow: {
      components: { LayerNode },
      props: ['nodes', 'edges'],
      template: `<div><LayerNode v-for="n in nodes" :id="n.id" :key="n.id" :data="n.data" :selected="false" type="layer" :connectable="false"
      :dimensions="{ width: 0, height: 0 }" :dragging="false" :events="{}" :position="n.position" :resizing="false" :z-index="0" /></div>`,
  },
  }
  let models: ReturnType<typeof useModelsStore>
  beforeEach(() => {
    setActivePinia(createPinia())
    models = useModelsStore()
    models.models = [xorInfo()]
    models.graphId = 'm1'
  })
  const mountGraph = () => mount(ModelGraph, { props: { model: xorInfo(), cost: xorCost() }, global: { stubs } })

  it('says the graph is read-only and which model it is, with its metrics', () => {
    const w = mountGraph()
    expect(w.get('[role=status]').text()).toContain('Imported model · xor-v1.json')
    expect(w.get('[role=status]').text()).toContain('read-only')
    expect(w.get('[data-testid=model-graph-shape]').text()).toBe('2-4-1 · 12 weights, 17 with biases')
    expect(w.get('[data-testid=model-graph-metrics]').text()).toBe('accuracy 1')
  })

  it('shows each layer node with its parameters without and with biases', () => {
    const params = mountGraph().findAll('[data-testid=node-params]').map((p) => p.findAll('dd').map((d) => d.text()))
    expect(params).toEqual([['8', '12'], ['4', '5']])
  })

  it('goes back to the editable network', async () => {
    await mountGraph().get('[data-testid=model-graph-close]').trigger('click')
    expect(models.graphId).toBeNull()
  })

  it('opens the model in the editor as a new graph, one undoable edit', async () => {
    const network = useNetworkStore()
    network.load({ graph: { nodes: [], edges: [] }, data: { kind: 'builtin', name: 'xor' }, settings: network.settings })
    await mountGraph().get('[data-testid=model-graph-open]').trigger('click')
    await flushPromises()
    expect(network.graph.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'output'])
    expect(network.network).toMatchObject({ inputs: 2, loss: 'bce', layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] })
    expect(models.graphId).toBeNull()
    network.undo()
    expect(network.graph.nodes).toEqual([])
  })
})
