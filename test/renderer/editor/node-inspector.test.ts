import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { fakeApi } from './fake-api'

vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { default: NodeInspector } = await import('../../../src/renderer/src/components/editor/NodeInspector.vue')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

function setup(select: string | null) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const store = useNetworkStore()
  if (select) store.select([select], [])
  const wrapper = mount(NodeInspector, { global: { plugins: [pinia] } })
  return { wrapper, store }
}

describe('NodeInspector', () => {
  it('is hidden while no node is selected', () => {
    expect(setup(null).wrapper.find('[data-testid=inspector]').exists()).toBe(false)
  })

  it('shows the settings of the selected Dense node', () => {
    const { wrapper } = setup('layer-0')
    expect((wrapper.get('[data-testid=inspector-units]').element as HTMLInputElement).value).toBe('4')
    expect((wrapper.get('[data-testid=inspector-activation]').element as HTMLSelectElement).value).toBe('tanh')
  })

  it('writes a new unit count to the store', async () => {
    const { wrapper, store } = setup('layer-0')
    await wrapper.get('[data-testid=inspector-units]').setValue('7')
    expect(store.network.layers[0]!.units).toBe(7)
  })

  it('ignores a unit count that is not a positive integer', async () => {
    const { wrapper, store } = setup('layer-0')
    await wrapper.get('[data-testid=inspector-units]').setValue('2.5')
    expect(store.network.layers[0]!.units).toBe(4)
  })

  it('offers no softmax for a hidden layer', () => {
    const { wrapper } = setup('layer-0')
    const values = wrapper.findAll('[data-testid=inspector-activation] option').map((o) => o.attributes('value'))
    expect(values).not.toContain('softmax')
  })

  it('changes the Output loss', async () => {
    const { wrapper, store } = setup('layer-1')
    await wrapper.get('[data-testid=inspector-loss]').setValue('bce')
    expect(store.network.loss).toBe('bce')
  })

  it('shows the problems of the selected node', async () => {
    const { wrapper, store } = setup('layer-1')
    store.updateNode('layer-1', { loss: 'cce' })
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role=alert]').text()).toContain('Categorical cross-entropy needs softmax outputs')
  })

  it('deletes the node', async () => {
    const { wrapper, store } = setup('layer-0')
    await wrapper.get('[data-testid=inspector-delete]').trigger('click')
    expect(store.graph.nodes.map((n) => n.id)).toEqual(['input', 'layer-1'])
  })

  it('edits the sizes of a DBN stack as a list', async () => {
    const { wrapper, store } = setup(null)
    const id = store.addNode('dbn', { x: 0, y: 0 })
    await wrapper.vm.$nextTick()
    await wrapper.get('[data-testid=inspector-layers]').setValue('500, 200, 30')
    expect(store.nodeById(id)?.config).toMatchObject({ layers: [500, 200, 30] })
  })
})
