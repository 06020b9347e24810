import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Api } from '../../../src/shared/ipc'
import type { DbnPretrainEpochDto, DbnProgressFrame, DbnRunResult } from '../../../src/shared/dbn'

const listeners: Record<string, (payload: never) => void> = {}
const invoke = {
  'dbn:start': vi.fn(async () => 'run-9'),
  'dbn:example': vi.fn(async () => ({ train: { kind: 'imported', id: 'dbn-example-odd-0-2000', name: 'MNIST without 0' }, score: { kind: 'builtin', name: 'mnist' }, labels: { column: 'label', positive: '0' } })),
  'dbn:anomaly': vi.fn(async () => ({ rows: 1 })),
  'dbn:filters': vi.fn(async () => ({ layer: 2, units: 3, width: 4, height: 4, channels: 1, filters: [] })),
  'data:preview': vi.fn(async () => ({ task: 'classification', target: 1, columns: [{ name: 'pixel0' }, { name: 'label' }], inputs: 1, outputs: 2, title: 'mnist', classes: [] })),
  'estimate:network': vi.fn(async () => null),
  'training:pause': vi.fn(async () => undefined),
  'model:list': vi.fn(async () => [{ id: 'a', kind: 'mlp' }, { id: 'b', kind: 'autoencoder' }]),
}
const fakeApi = {
  invoke,
  on: new Proxy({}, { get: (_t, channel: string) => (fn: (payload: never) => void) => ((listeners[channel] = fn), () => undefined) }),
} as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useDbnStore, dbnRequest, defaultPanelSettings } = await import('../../../src/renderer/src/stores/dbn')

const pre = (layer: number, epoch: number): DbnPretrainEpochDto => ({
  layer, epoch, reconstructionError: 0.1, pseudoLogLikelihood: -90, freeEnergyTrain: -50, freeEnergyVal: -49, seconds: 1, samplesPerSecond: 10, momentum: 0.5, learningRate: 0.05,
})
const frame = (epochs: DbnPretrainEpochDto[]): DbnProgressFrame => ({
  runId: 'run-9', phase: 'pretrain', layer: 1, layers: 2, epoch: epochs.length, totalEpochs: 5, batch: 0, batchesPerEpoch: 10, pretrainEpochs: epochs, fineTuneEpochs: [],
  elapsedSeconds: 1, etaSeconds: 1, samplesPerSecond: 100, state: 'running',
})
const spec = { inputs: 784, visible: 'bernoulli' as const, layers: [64, 32], k: [1, 1], fineTune: { mode: 'autoencoder' as const } }

describe('dbnRequest', () => {
  it('takes the stack from the graph and the rest from the panel', () => {
    const r = dbnRequest(spec, { ...defaultPanelSettings(), rbmEpochs: 3, cdK: 2, persistent: true }, { kind: 'builtin', name: 'mnist' }, 'label')
    expect(r.settings).toMatchObject({ layers: [64, 32], visible: 'bernoulli', rbmEpochs: 3, cdK: 2, persistent: true, fineTune: 'autoencoder', fineTuneEpochs: 5 })
    expect(r.target).toBe('label')
  })

  it('passes the denoising noise in the CLI form for an autoencoder', () => {
    const r = dbnRequest(spec, { ...defaultPanelSettings(), noise: 'mask', noiseLevel: 0.25 }, { kind: 'builtin', name: 'mnist' }, null)
    expect(r.settings.noise).toBe('mask:0.25')
  })

  it('leaves out noise and fine-tuning epochs for a plain stack', () => {
    const r = dbnRequest({ ...spec, fineTune: { mode: 'none' } }, { ...defaultPanelSettings(), noise: 'mask' }, { kind: 'builtin', name: 'mnist' }, null)
    expect(r.settings.noise).toBeUndefined()
    expect(r.settings.fineTuneEpochs).toBe(0)
  })
})

describe('dbn store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('starts the walkthrough on MNIST without the odd digit and keeps the label column out of the inputs', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    const request = (invoke['dbn:start'].mock.calls[0] as unknown as [{ data: { id: string }; settings: { layers: number[] }; target: string }])[0]
    expect(request.data.id).toBe('dbn-example-odd-0-2000')
    expect(request.settings.layers).toEqual([64])
    expect(request.target).toBe('label')
    expect(store.status).toBe('running')
  })

  it('appends the RBM epochs of each progress frame', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    listeners['dbn:progress']!(frame([pre(1, 1)]) as never)
    listeners['dbn:progress']!(frame([pre(1, 2), pre(1, 3)]) as never)
    expect(store.pretrainEpochs.map((e) => e.epoch)).toEqual([1, 2, 3])
  })

  it('ignores frames of another run', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    listeners['dbn:progress']!({ ...frame([pre(1, 1)]), runId: 'other' } as never)
    expect(store.pretrainEpochs).toEqual([])
  })

  it('keeps the finished run as the model the uses run on', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    listeners['dbn:finished']!({ runId: 'run-9', pretrainEpochs: [pre(1, 1)], fineTuneEpochs: [] } as unknown as DbnRunResult as never)
    expect(store.status).toBe('finished')
    expect(store.modelId).toBe('run-9')
  })

  it('scores the whole set against the training rows with the walkthrough label', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    listeners['dbn:finished']!({ runId: 'run-9', pretrainEpochs: [], fineTuneEpochs: [] } as unknown as DbnRunResult as never)
    await store.anomaly()
    expect(invoke['dbn:anomaly']).toHaveBeenCalledWith({
      modelId: 'run-9',
      data: { kind: 'builtin', name: 'mnist' },
      score: 'recon',
      reference: { kind: 'imported', id: 'dbn-example-odd-0-2000', name: 'MNIST without 0' },
      labels: { column: 'label', positive: '0' },
      top: 12,
    })
  })

  it('does not call a use before a model exists', async () => {
    const store = useDbnStore()
    await store.loadFilters(1)
    expect(invoke['dbn:filters']).not.toHaveBeenCalled()
  })

  it('offers only the kept models of the RBM family', async () => {
    const store = useDbnStore()
    await store.loadModels()
    expect(store.models.map((m) => m.id)).toEqual(['b'])
  })

  it('runs the uses on a chosen model', async () => {
    const store = useDbnStore()
    store.chooseModel('b')
    await store.loadFilters(1)
    expect(invoke['dbn:filters']).toHaveBeenCalledWith({ modelId: 'b', layer: 1, max: 256 })
  })

  it('pauses the run with training:pause', async () => {
    const store = useDbnStore()
    await store.startWalkthrough()
    await store.pause()
    expect(invoke['training:pause']).toHaveBeenCalledWith('run-9')
    expect(store.status).toBe('paused')
  })
})
