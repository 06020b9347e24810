import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Api } from '../../../src/shared/ipc'
import { twoRows, xorInfo } from './fixtures'

const invoke = {
  'model:list': vi.fn(async () => [xorInfo()]),
  'model:import': vi.fn(async () => xorInfo({ id: 'm2', name: 'new.json' })),
  'model:export': vi.fn(async () => [{ name: 'm.layerwise-model.json', mime: 'application/json', text: '{}' }]),
  'model:save': vi.fn(async () => '/home/u/m.json'),
  'model:predict': vi.fn(async () => twoRows()),
  'model:predictions-csv': vi.fn(async () => 'row\n'),
  'model:snapshot': vi.fn(async () => xorInfo({ id: 'run-7', name: 'run at epoch 12 (best so far)', source: 'run' })),
  'data:builtins': vi.fn(async () => []),
  'data:begin': vi.fn(async () => 'imp-1'),
  'data:chunk': vi.fn(async () => 0),
  'data:import': vi.fn(async () => ({ data: { kind: 'imported', id: 'imp-1', name: 'new.csv' } })),
}
const fakeApi: Api = { invoke, on: new Proxy({}, { get: () => () => () => undefined }) } as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { looksLikeModel, routeWindowDrop, useModelsStore, WEB_MODEL_MAX_BYTES } = await import('../../../src/renderer/src/stores/models')

const modelText = '{"format":"layerwise-model","version":1,"kind":"mlp"}'

describe('models store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    delete fakeApi.pathForFile
  })

  it('lists the kept models and shows the newest', async () => {
    const store = useModelsStore()
    await store.init()
    expect(store.selected?.id).toBe('m1')
  })

  it('uploads the text of a model file in web mode and shows it', async () => {
    const store = useModelsStore()
    await store.importFile(new File([modelText], 'new.json'))
    expect(invoke['model:import']).toHaveBeenCalledWith({ name: 'new.json', text: modelText })
    expect(store.selected?.id).toBe('m2')
    expect(store.shown).toBe(1)
  })

  it('imports by path in the desktop app', async () => {
    fakeApi.pathForFile = () => '/home/u/new.json'
    await useModelsStore().importFile(new File([modelText], 'new.json'))
    expect(invoke['model:import']).toHaveBeenCalledWith({ path: '/home/u/new.json' })
  })

  it('refuses a model file over the web upload limit without sending it', async () => {
    const store = useModelsStore()
    const big = new File([new Uint8Array(WEB_MODEL_MAX_BYTES + 1)], 'big.json')
    await store.importFile(big)
    expect(invoke['model:import']).not.toHaveBeenCalled()
    expect(store.error).toContain('up to 3.5 MiB')
  })

  it('shows the backend refusal of a bad file as the error and keeps the model shown', async () => {
    const store = useModelsStore()
    await store.init()
    invoke['model:import'].mockRejectedValueOnce(new Error('evil.json: model has the forbidden key "__proto__"'))
    await store.importFile(new File(['{}'], 'evil.json'))
    expect(store.error).toBe('evil.json: model has the forbidden key "__proto__"')
    expect(store.selected?.id).toBe('m1')
  })

  it('exports through the native dialog in the desktop app', async () => {
    fakeApi.pathForFile = () => ''
    const store = useModelsStore()
    await store.init()
    await store.exportModel('json')
    expect(invoke['model:save']).toHaveBeenCalledWith({ modelId: 'm1', format: 'json' })
    expect(store.notice).toBe('Saved to /home/u/m.json')
  })

  it('downloads the export files in web mode', async () => {
    const store = useModelsStore()
    await store.init()
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    await store.exportModel('tfjs')
    expect(invoke['model:export']).toHaveBeenCalledWith({ modelId: 'm1', format: 'tfjs' })
    expect(click).toHaveBeenCalledTimes(1)
    expect(store.notice).toBe('Downloaded m.layerwise-model.json')
  })

  it('takes the model of a running run and shows it', async () => {
    const store = useModelsStore()
    await store.snapshotRun('run-7')
    expect(invoke['model:snapshot']).toHaveBeenCalledWith('run-7')
    expect(store.selected?.name).toBe('run at epoch 12 (best so far)')
  })

  it('uploads a dropped CSV through the data channels and predicts on it', async () => {
    const store = useModelsStore()
    await store.init()
    await store.predictFile(new File(['a,b\n0,1\n'], 'new.csv'))
    expect(invoke['data:begin']).toHaveBeenCalledWith({ files: [{ name: 'new.csv', size: 8 }] })
    expect(invoke['model:predict']).toHaveBeenCalledWith({ modelId: 'm1', data: { kind: 'imported', id: 'imp-1', name: 'new.csv' } })
    expect(store.predictions?.accuracy).toBe(0.5)
  })
})

describe('recognising model files', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('recognises the start of a model file, with or without spaces', () => {
    expect(looksLikeModel(modelText)).toBe(true)
    expect(looksLikeModel('{\n  "format": "layerwise-model",')).toBe(true)
    expect(looksLikeModel('[{"a":1}]')).toBe(false)
  })

  it('leaves a CSV drop to the data import', () => {
    const otherwise = vi.fn()
    expect(routeWindowDrop(new Event('drop'), [new File(['a\n'], 'a.csv')], otherwise)).toBe(false)
    expect(otherwise).not.toHaveBeenCalled()
  })

  it('takes a model JSON dropped on the window and imports it', async () => {
    const otherwise = vi.fn()
    expect(routeWindowDrop(new Event('drop'), [new File([modelText], 'm.json')], otherwise)).toBe(true)
    await vi.waitFor(() => expect(invoke['model:import']).toHaveBeenCalled())
    expect(otherwise).not.toHaveBeenCalled()
  })

  it('hands a JSON data file back to the data import', async () => {
    const otherwise = vi.fn()
    expect(routeWindowDrop(new Event('drop'), [new File(['[{"a":1}]'], 'rows.json')], otherwise)).toBe(true)
    await vi.waitFor(() => expect(otherwise).toHaveBeenCalledTimes(1))
    expect(invoke['model:import']).not.toHaveBeenCalled()
  })

  it('takes a drop on the prediction drop zone, which handles it itself', () => {
    const zone = document.createElement('div')
    zone.setAttribute('data-model-drop', '')
    const inner = zone.appendChild(document.createElement('span'))
    const event = new Event('drop', { bubbles: true })
    let routed: boolean | null = null
    inner.addEventListener('drop', (e) => (routed = routeWindowDrop(e, [new File(['a\n'], 'a.csv')], vi.fn())))
    inner.dispatchEvent(event)
    expect(routed).toBe(true)
  })
})
