import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Api } from '../../../src/shared/ipc'
import type { ImportChunk } from '../../../src/shared/dto'
import { colorsPreview } from './preview-fixture'

const chunks: ImportChunk[] = []
const invoke = {
  'data:begin': vi.fn(async () => 'imp-1'),
  'data:chunk': vi.fn(async (c: ImportChunk) => (chunks.push(c), c.offset)),
  'data:import': vi.fn(async () => colorsPreview()),
  'data:cancel': vi.fn(async () => undefined),
  'data:preview': vi.fn(async () => colorsPreview()),
  'data:builtins': vi.fn(async () => []),
  'estimate:network': vi.fn(async () => null),
}
const fakeApi: Api = { invoke, on: new Proxy({}, { get: () => () => () => undefined }) } as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useDataStore } = await import('../../../src/renderer/src/stores/data')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

const file = (name: string, text: string): File => new File([text], name)

describe('data store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    chunks.length = 0
    delete fakeApi.pathForFile
  })

  it('uploads a file in web mode as base64 chunks, then imports it', async () => {
    await useDataStore().importFiles([file('colors.csv', 'a,b\n1,2\n')])
    expect(invoke['data:begin']).toHaveBeenCalledWith({ files: [{ name: 'colors.csv', size: 8 }] })
    expect(chunks).toEqual([{ importId: 'imp-1', file: 0, offset: 0, base64: btoa('a,b\n1,2\n') }])
    expect(invoke['data:import']).toHaveBeenCalledWith('imp-1')
  })

  it('shows the imported data set and fits the network\'s input and output to it', async () => {
    const store = useDataStore()
    await store.importFiles([file('colors.csv', 'a,b\n1,2\n')])
    expect(store.preview?.title).toBe('colors.csv')
    const network = useNetworkStore()
    expect(network.data).toEqual({ kind: 'imported', id: 'imp-1', name: 'colors.csv', target: 'label' })
    // Input width 4; two classes → one sigmoid output unit with binary cross-entropy.
    expect(network.network.inputs).toBe(4)
    expect(network.network.layers.at(-1)).toMatchObject({ units: 1, activation: 'sigmoid' })
    expect(network.network.loss).toBe('bce')
  })

  it('in the desktop app sends paths and no bytes', async () => {
    fakeApi.pathForFile = (f: File) => `/home/me/${f.name}`
    await useDataStore().importFiles([file('colors.csv', 'a,b\n1,2\n')])
    expect(invoke['data:begin']).toHaveBeenCalledWith({ paths: ['/home/me/colors.csv'] })
    expect(invoke['data:chunk']).not.toHaveBeenCalled()
  })

  it('keeps the data set shown and bound when an import fails, and shows the message', async () => {
    const store = useDataStore()
    await store.importFiles([file('colors.csv', 'a,b\n1,2\n')])
    invoke['data:import'].mockRejectedValueOnce(new Error('bad.csv, line 3: expected 2 fields but found 1'))
    await store.importFiles([file('bad.csv', 'a,b\n1\n')])
    expect(store.error).toBe('bad.csv, line 3: expected 2 fields but found 1')
    expect(store.preview?.title).toBe('colors.csv')
    expect(useNetworkStore().data).toMatchObject({ kind: 'imported', id: 'imp-1' })
    expect(store.importing).toBeNull()
  })

  it('does not bind a data set whose target cannot train', async () => {
    invoke['data:import'].mockResolvedValueOnce(colorsPreview({ inputs: null, outputs: null, problem: 'single class' }))
    await useDataStore().importFiles([file('one.csv', 'a,y\n1,1\n')])
    expect(useNetworkStore().data).toEqual({ kind: 'builtin', name: 'xor' })
  })

  it('cancels the running import without showing an error', async () => {
    const store = useDataStore()
    let finish: (v: unknown) => void = () => {}
    invoke['data:import'].mockImplementationOnce(() => new Promise((_, reject) => (finish = reject)))
    const running = store.importFiles([file('big.csv', 'a,b\n1,2\n')])
    await vi.waitFor(() => expect(invoke['data:import']).toHaveBeenCalled())
    await store.cancel()
    finish(new Error('big.csv: the import was cancelled'))
    await running
    expect(invoke['data:cancel']).toHaveBeenCalledWith('imp-1')
    expect([store.importing, store.error]).toEqual([null, null])
  })

  it('previews another target of the imported data set', async () => {
    const store = useDataStore()
    await store.importFiles([file('colors.csv', 'a,b\n1,2\n')])
    await store.choose({ target: 'color', task: undefined })
    // The task override is dropped (undefined does not cross the API).
    expect(invoke['data:preview']).toHaveBeenCalledWith({ data: { kind: 'imported', id: 'imp-1', name: 'colors.csv', target: 'color' } })
  })
})
