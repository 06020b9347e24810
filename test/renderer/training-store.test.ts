import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Api } from '../../src/shared/ipc'
import type { EpochStats, ProgressFrame } from '../../src/shared/dto'

const listeners: Record<string, (payload: never) => void> = {}
const invoke = {
  'training:start': vi.fn(async () => 'run-1'),
  'training:stop': vi.fn(async () => undefined),
  'training:pause': vi.fn(async () => undefined),
  'training:resume': vi.fn(async () => undefined),
}
const fakeApi = {
  invoke,
  on: new Proxy({}, { get: (_t, channel: string) => (fn: (payload: never) => void) => ((listeners[channel] = fn), () => undefined) }),
} as unknown as Api
vi.mock('../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useTrainingStore } = await import('../../src/renderer/src/stores/training')
const { xorExample } = await import('../../src/renderer/src/stores/network')

const epoch = (n: number, loss: number): EpochStats => ({
  epoch: n, trainLoss: loss, trainAccuracy: null, valLoss: null, valAccuracy: null, seconds: 0.01, samplesPerSecond: 400, gradMeanAbs: [0.1, 0.2], learningRate: 0.5,
})
const frame = (runId: string, epochs: EpochStats[]): ProgressFrame => ({
  runId, epochs, batch: null, batchLosses: [], epoch: epochs.at(-1)?.epoch ?? 0, totalEpochs: 10, elapsedSeconds: 1, etaSeconds: 2, samplesPerSecond: 400, state: 'running',
})

describe('training store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('starts a run and becomes running with its id', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    expect(invoke['training:start']).toHaveBeenCalledOnce()
    expect(store.status).toBe('running')
    expect(store.runId).toBe('run-1')
  })

  it('appends epochs from progress frames of its own run only', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(frame('run-1', [epoch(1, 0.3), epoch(2, 0.25)]) as never)
    listeners['training:progress']!(frame('someone-else', [epoch(9, 9)]) as never)
    listeners['training:progress']!(frame('run-1', [epoch(3, 0.2)]) as never)
    expect(store.epochs.map((e) => e.trainLoss)).toEqual([0.3, 0.25, 0.2])
    expect(store.fraction).toBeCloseTo(0.3)
  })

  it('shows the error when the backend refuses to start', async () => {
    invoke['training:start'].mockRejectedValueOnce(new Error('There is no built-in data set named "x".'))
    const store = useTrainingStore()
    await store.start(xorExample())
    expect(store.status).toBe('error')
    expect(store.error).toBe('There is no built-in data set named "x".')
  })

  it('finishes with the result of its run', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    const result = { runId: 'run-1', stop: { kind: 'epochs' }, epochs: 10, elapsedSeconds: 1, train: { loss: 0.01, accuracy: 1, confusion: null }, test: null, labels: null }
    listeners['training:finished']!(result as never)
    expect(store.status).toBe('finished')
    expect(store.result?.train.accuracy).toBe(1)
  })

  it('sends stop for the current run', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    await store.stop()
    expect(invoke['training:stop']).toHaveBeenCalledWith('run-1')
    expect(store.status).toBe('stopping')
  })
})
