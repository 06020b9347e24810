import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { fakeApi } from './fake-api'

vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')
const { useHistoryStore } = await import('../../../src/renderer/src/stores/history')

let store: ReturnType<typeof useNetworkStore>
beforeEach(() => {
  setActivePinia(createPinia())
  store = useNetworkStore()
  store.load({ graph: { nodes: [], edges: [] }, data: { kind: 'builtin', name: 'xor' }, settings: store.settings })
})

/** Builds Input(3) → Dense(4, sigmoid) → Output(2, softmax, CCE) through store actions, as the canvas does. */
function build342(): void {
  const input = store.addNode('input', { x: 0, y: 0 })
  store.updateNode(input, { width: 3 })
  const dense = store.addNode('dense', { x: 300, y: 0 })
  store.updateNode(dense, { units: 4, activation: 'sigmoid' })
  const output = store.addNode('output', { x: 600, y: 0 })
  store.updateNode(output, { units: 2, activation: 'softmax', loss: 'cce' })
  store.connect(input, dense)
  store.connect(dense, output)
}

describe('network store', () => {
  it('opens on the XOR example with no problems', () => {
    setActivePinia(createPinia())
    const fresh = useNetworkStore()
    expect(fresh.errors).toEqual([])
    expect(fresh.network.inputs).toBe(2)
  })

  it('compiles a graph built node by node into the engine spec', () => {
    build342()
    expect(store.network.layers.map((l) => l.units)).toEqual([4, 2])
    expect(store.isValid).toBe(true)
  })

  it('shows 20 weights and 26 parameters for 3-4-2 from the cost model', async () => {
    build342()
    await flushPromises()
    expect(store.totals.weights).toBe(20)
    expect(store.totals.withBiases).toBe(26)
  })

  it('gives each layer node its own cost', async () => {
    build342()
    await flushPromises()
    expect(store.nodeCosts.get('dense-1')?.weights).toBe(12)
    expect(store.nodeCosts.get('output-1')?.weights).toBe(8)
  })

  it('labels what leaves each node with its width', () => {
    build342()
    expect(store.widths.get('input-1')).toBe(3)
    expect(store.widths.get('dense-1')).toBe(4)
  })

  it('keeps Train blocked with the first problem as the reason', () => {
    store.addNode('dense', { x: 0, y: 0 })
    expect(store.trainBlocker).toMatch(/^Fix the network first: The network has no Input node/)
  })

  it('setting `network` redraws the graph from the spec', () => {
    store.network = { inputs: 5, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'bce' }
    expect(store.graph.nodes.map((n) => n.kind)).toEqual(['input', 'output'])
  })
})

describe('undo / redo', () => {
  it('undoes and redoes adding a node', () => {
    store.addNode('dense', { x: 0, y: 0 })
    store.undo()
    expect(store.graph.nodes).toHaveLength(0)
    store.redo()
    expect(store.graph.nodes).toHaveLength(1)
  })

  it('undoes a connection', () => {
    const a = store.addNode('input', { x: 0, y: 0 })
    const b = store.addNode('dense', { x: 1, y: 0 })
    store.connect(a, b)
    store.undo()
    expect(store.graph.edges).toHaveLength(0)
  })

  it('merges typing into one field into one step', () => {
    const id = store.addNode('dense', { x: 0, y: 0 })
    store.updateNode(id, { units: 1 })
    store.updateNode(id, { units: 12 })
    store.updateNode(id, { units: 128 })
    store.undo()
    expect(store.nodeById(id)?.config).toMatchObject({ units: 16 })
  })

  it('makes a whole drag one step', () => {
    const id = store.addNode('dense', { x: 0, y: 0 })
    store.moveNodes(new Map([[id, { x: 10, y: 0 }]]), false)
    store.moveNodes(new Map([[id, { x: 50, y: 20 }]]), false)
    store.moveNodes(new Map(), true)
    store.undo()
    expect(store.nodeById(id)?.position).toEqual({ x: 0, y: 0 })
  })

  it('undoes a delete, bringing back the node and its connections', () => {
    build342()
    store.remove(['dense-1'])
    expect(store.graph.edges).toHaveLength(0)
    store.undo()
    expect(store.graph.edges).toHaveLength(2)
  })

  it('a new edit after an undo clears redo', () => {
    store.addNode('dense', { x: 0, y: 0 })
    store.undo()
    store.addNode('output', { x: 0, y: 0 })
    expect(useHistoryStore().canRedo).toBe(false)
  })

  it('loading a project starts a fresh history', () => {
    store.addNode('dense', { x: 0, y: 0 })
    store.load({ graph: { nodes: [], edges: [] }, data: { kind: 'builtin', name: 'xor' }, settings: store.settings })
    expect(useHistoryStore().canUndo).toBe(false)
  })
})

describe('copy / paste and delete', () => {
  it('pastes the selected nodes and the connections between them with fresh ids', () => {
    build342()
    store.select(['dense-1', 'output-1'], [])
    store.copySelection()
    store.paste()
    expect(store.graph.nodes.map((n) => n.id)).toEqual(['input-1', 'dense-1', 'output-1', 'dense-2', 'output-2'])
    expect(store.graph.edges.some((e) => e.source === 'dense-2' && e.target === 'output-2')).toBe(true)
  })

  it('selects the pasted nodes', () => {
    build342()
    store.select(['dense-1'], [])
    store.copySelection()
    store.paste()
    expect(store.selectedNodes).toEqual(['dense-2'])
  })

  it('deletes the selection', () => {
    build342()
    store.select(['output-1'], ['e-input-1-dense-1'])
    store.deleteSelection()
    expect(store.graph.nodes.map((n) => n.id)).toEqual(['input-1', 'dense-1'])
    expect(store.graph.edges).toHaveLength(0)
  })

  it('refuses a connection from a node to itself', () => {
    const id = store.addNode('dense', { x: 0, y: 0 })
    expect(store.connect(id, id)).toBe(false)
  })
})
