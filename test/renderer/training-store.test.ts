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
  'training:samples': vi.fn(async () => ({ total: 1, columns: ['x'], samples: [{ row: 3, values: ['1'] }], image: null })),
  'data:builtins': vi.fn(async () => [{ name: 'spirals', title: 'Two spirals', description: '', kind: 'toy', generated: true }]),
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

describe('training store: live charts and results', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  const batchFrame = (losses: number[], step: number, batchesPerEpoch: number): ProgressFrame => ({
    ...frame('run-1', []),
    batchLosses: losses,
    batchAccuracies: losses.map(() => 0.5),
    step,
    batch: { epoch: 1, batch: 0, batchesPerEpoch, loss: 0, accuracy: null },
  })

  it('spreads a frame\'s batch points evenly over the steps since the last frame, in epochs', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(batchFrame([1, 2], 4, 4) as never)
    listeners['training:progress']!(batchFrame([3, 4], 8, 4) as never)
    expect(store.batchSteps).toEqual([0.5, 1, 1.5, 2])
    expect(store.batchLosses).toEqual([1, 2, 3, 4])
    expect(store.batchAccuracies).toEqual([0.5, 0.5, 0.5, 0.5])
  })

  it('keeps the latest decision boundary and the points sent once', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    const boundary = { size: 1, x: [0, 1], y: [0, 1], names: ['a', 'b'], predicted: [1], confidence: [1], epoch: 2 }
    listeners['training:progress']!({ ...frame('run-1', []), boundary, points: { train: [[0, 0, 1]], test: [], labels: null } } as never)
    listeners['training:progress']!({ ...frame('run-1', []), boundary: { ...boundary, epoch: 3 } } as never)
    expect(store.boundary?.epoch).toBe(3)
    expect(store.points?.train).toEqual([[0, 0, 1]])
  })

  it('moves the previous run to the history when a new one starts', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(frame('run-1', [epoch(1, 0.3)]) as never)
    invoke['training:start'].mockResolvedValueOnce('run-2')
    await store.start(xorExample())
    expect(store.history.map((h) => h.runId)).toEqual(['run-1'])
    expect(store.history[0]!.label).toContain('run 1: xor')
    expect(store.epochs).toEqual([])
  })

  it('resets to idle and clears the charts and the result', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(frame('run-1', [epoch(1, 0.3)]) as never)
    store.reset()
    expect(store.status).toBe('idle')
    expect(store.epochs).toEqual([])
    expect(store.history).toHaveLength(1)
  })

  it('fetches the samples of a selected cell for its run and split', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    await store.selectCell('test', 1, 0)
    expect(invoke['training:samples']).toHaveBeenCalledWith({ runId: 'run-1', split: 'test', actual: 1, predicted: 0 })
    expect(store.selection?.samples?.samples[0]!.row).toBe(3)
    expect(store.selection?.loading).toBe(false)
  })

  it('shows a failed sample request as the selection\'s error', async () => {
    invoke['training:samples'].mockRejectedValueOnce(new Error('No per-sample results.'))
    const store = useTrainingStore()
    await store.start(xorExample())
    await store.selectCell('test', 1, 0)
    expect(store.selection?.error).toBe('No per-sample results.')
  })

  it('loads the built-in data sets for the picker', async () => {
    const store = useTrainingStore()
    await store.loadBuiltins()
    expect(store.builtins.map((b) => b.name)).toEqual(['spirals'])
  })
})

describe('training store: long runs', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('halves the kept epochs above 10,000, keeping the first and the latest', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    const many = Array.from({ length: 10_001 }, (_, i) => epoch(i + 1, 1))
    listeners['training:progress']!(frame('run-1', many) as never)
    expect(store.epochs.length).toBe(5001)
    expect(store.epochs[0]!.epoch).toBe(1)
    expect(store.epochs.at(-1)!.epoch).toBe(10_001)
  })
})
