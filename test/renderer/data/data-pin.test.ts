// The Data store pins the imported data sets the window holds (the network's, the one shown) in the
// backend, so importing other files cannot evict them; it sends the list only when it changes.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import type { Api } from '../../../src/shared/ipc'
import { colorsPreview } from './preview-fixture'

let nextId = 1
const invoke = {
  'data:begin': vi.fn(async () => `imp-${nextId}`),
  'data:chunk': vi.fn(async () => 0),
  'data:import': vi.fn(async () => colorsPreview({ data: { kind: 'imported', id: `imp-${nextId}`, name: 'colors.csv', target: 'label' } })),
  'data:preview': vi.fn(async () => colorsPreview()),
  'data:pin': vi.fn(async () => undefined),
  'estimate:network': vi.fn(async () => null),
}
const fakeApi: Api = { invoke, on: new Proxy({}, { get: () => () => () => undefined }) } as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useDataStore } = await import('../../../src/renderer/src/stores/data')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

const file = () => new File(['a,b\n1,2\n'], 'colors.csv')
const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick()
}

describe('data store pins', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    nextId = 1
  })

  it('sends nothing while the network trains on a built-in data set', async () => {
    useDataStore()
    await settle()
    expect(invoke['data:pin']).not.toHaveBeenCalled()
  })

  it('pins an imported data set once it is bound to the network', async () => {
    await useDataStore().importFiles([file()])
    await settle()
    expect(invoke['data:pin']).toHaveBeenLastCalledWith(['imp-1'])
    expect(invoke['data:pin']).toHaveBeenCalledTimes(1)
  })

  it('moves the pin to the next data set and lets go of the previous one', async () => {
    const store = useDataStore()
    await store.importFiles([file()])
    nextId = 2
    await store.importFiles([file()])
    await settle()
    expect(invoke['data:pin']).toHaveBeenLastCalledWith(['imp-2'])
  })

  it('lets go of every imported data set when a built-in one is chosen', async () => {
    const store = useDataStore()
    await store.importFiles([file()])
    await settle()
    useNetworkStore().fitDataSet({ kind: 'builtin', name: 'xor' }, { name: 'XOR', inputs: 2, classes: 2, targets: 1 })
    store.preview = null
    await settle()
    expect(invoke['data:pin']).toHaveBeenLastCalledWith([])
  })
})
