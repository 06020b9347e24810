import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import type { DbnCost, DbnCostSpec } from '../../../src/shared/dto'
import { chain } from '../graph/helpers'
import { compileGraph } from '../../../src/renderer/src/graph/compile'
import { dbnCostSpec, dbnNodeCosts } from '../../../src/renderer/src/graph/node-cost'
import LayerNode from '../../../src/renderer/src/components/LayerNode.vue'
import { describeNode } from '../../../src/renderer/src/graph/describe'

/** The engine's answers for the specs of these tests, counted by hand (the engine itself is tested in test/engine/cost/dbn-cost.test.ts). */
const rbm = (index: number, visible: number, hidden: number, flopsForward: number, flopsBackward: number) =>
  ({ index, visible, hidden, k: 1, weights: visible * hidden, biases: visible + hidden, flopsForward, flopsBackward })
function dbnCost(spec: DbnCostSpec): DbnCost {
  const all = [rbm(1, 4, 3, 36, 154), rbm(2, 3, 2, 20, 89), rbm(3, 2, 2, 16, 66)]
  const rbms = all.slice(0, spec.layers.length)
  const head = spec.classes ? ({ index: 1, fanIn: 2, units: 2, activation: 'softmax', weights: 4, biases: 2, flopsForward: 20, flopsBackward: 10 } as DbnCost['head']) : null
  const sum = (f: (r: (typeof rbms)[number]) => number) => rbms.reduce((s, r) => s + f(r), 0)
  return { rbms, head, parameters: sum((r) => r.weights + r.biases), parametersWithoutBias: sum((r) => r.weights), flopsForward: sum((r) => r.flopsForward), flopsBackward: sum((r) => r.flopsBackward) }
}
const estimateDbn = vi.fn(async (spec: DbnCostSpec) => dbnCost(spec))
vi.mock('../../../src/renderer/src/api', () => ({
  useApi: () => ({
    invoke: { 'estimate:dbn': estimateDbn, 'estimate:network': vi.fn(async () => { throw new Error('not a network') }), 'data:preview': vi.fn(async () => { throw new Error('none') }) },
    on: new Proxy({}, { get: () => () => () => undefined }),
  }),
}))
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

// Input(4) → RBM(3, CD-1) → DBN stack [2, 2] (CD-1) → Output(2): a DBN classifier.
// RBM 4×3: 12 weights, 7 biases, up pass 2·12 + 4·3 = 36, CD-1 190 → backward 154.
// RBM 3×2: 6 weights, 5 biases, forward 20, CD-1 109 → 89; RBM 2×2: 4, 4, forward 16, CD-1 82 → 66.
// Softmax head 2→2: 4 weights, 2 biases, forward 2·4 + 2 + 5·2 = 20, backward dW 8 + db 2 = 10.
const graph = () => chain(['input', { width: 4 }], ['rbm', { hidden: 3, k: 1 }], ['dbn', { layers: [2, 2], k: 1 }], ['output', { units: 2, activation: 'softmax', loss: 'cce' }])

describe('dbnNodeCosts', () => {
  const compiled = compileGraph(graph())
  const spec = compiled.kind === 'dbn' ? dbnCostSpec(compiled.dbn) : null

  it('asks the cost model for the RBM sizes, k and the classes of the head', () => {
    expect(spec).toEqual({ inputs: 4, layers: [3, 2, 2], k: [1, 1, 1], classes: 2 })
  })

  it('gives an RBM node its one RBM', () => {
    const costs = dbnNodeCosts(graph().nodes.slice(1), dbnCost(spec!))
    expect(costs.get('n1')).toEqual({ weights: 12, biases: 7, flopsForward: 36, flopsBackward: 154, contrastive: true })
  })

  it('sums the RBMs of a DBN stack node', () => {
    const costs = dbnNodeCosts(graph().nodes.slice(1), dbnCost(spec!))
    expect(costs.get('n2')).toEqual({ weights: 6 + 4, biases: 5 + 4, flopsForward: 20 + 16, flopsBackward: 89 + 66, contrastive: true })
  })

  it('gives the Output node the softmax head', () => {
    const costs = dbnNodeCosts(graph().nodes.slice(1), dbnCost(spec!))
    expect(costs.get('n3')).toEqual({ weights: 4, biases: 2, flopsForward: 20, flopsBackward: 10, contrastive: false })
  })

  it('gives no numbers when the answer does not match the nodes', () => {
    expect(dbnNodeCosts(graph().nodes.slice(1), dbnCost({ inputs: 4, layers: [3], k: [1] })).size).toBe(0)
  })
})

describe('network store: DBN numbers', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    estimateDbn.mockClear()
  })

  it('totals an autoencoder graph from estimate:dbn: 4×3 + 3×2 weights, 26 parameters with biases', async () => {
    const store = useNetworkStore()
    store.load({ graph: chain(['input', { width: 4 }], ['autoencoder', { layers: [3, 2], k: 1 }]), data: { kind: 'builtin', name: 'xor' }, settings: store.settings })
    await flushPromises()
    expect(estimateDbn).toHaveBeenLastCalledWith({ inputs: 4, layers: [3, 2], k: [1, 1] })
    expect(store.totals).toEqual({ weights: 18, withBiases: 18 + 7 + 5, flopsForward: 36 + 20, flopsBackward: 154 + 89 })
    expect(store.nodeCosts.get('n1')?.weights).toBe(18)
  })
})

describe('LayerNode: RBM numbers', () => {
  it('shows parameters without and with biases, and FLOPs forward and backward', () => {
    const n = graph().nodes[1]!
    const cost = { weights: 12, biases: 7, flopsForward: 36, flopsBackward: 154, contrastive: true }
    const stubs = { Handle: { template: '<i />' } }
    const wrapper = mount(LayerNode, { props: { id: 'n1', data: { node: n, summary: describeNode(n), cost, issues: [] }, selected: false } as never, global: { stubs } })
    expect(wrapper.findAll('[data-testid=node-params] dd').map((d) => d.text())).toEqual(['12', '19'])
    expect(wrapper.findAll('[data-testid=node-flops] dd').map((d) => d.text())).toEqual(['36', '154'])
    expect(wrapper.get('.layer-node__cost').attributes('title')).toContain('CD-k')
  })
})
