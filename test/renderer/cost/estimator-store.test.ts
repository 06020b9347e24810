import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import type { Api } from '../../../src/shared/ipc'
import type { EstimateRequest, EpochStats } from '../../../src/shared/dto'
import { machineInfo, reply } from './fixtures'

const specific: Record<string, ReturnType<typeof vi.fn>> = {
  'estimate:run': vi.fn(async (_r: EstimateRequest) => reply(1.2, 0.9)),
  'estimate:machine': vi.fn(async () => machineInfo),
  'estimate:meterStart': vi.fn(async () => 'meter-1'),
  'estimate:meterStop': vi.fn(async () => ({ seconds: 1.1, joules: null, source: 'none' })),
  'estimate:calibrate': vi.fn(async () => ({})),
}
const fallback = vi.fn(async () => null)
const fakeApi = {
  invoke: new Proxy({}, { get: (_t, channel: string) => specific[channel] ?? fallback }),
  on: new Proxy({}, { get: () => () => () => undefined }),
} as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useEstimatorStore, trainingRows, sampleDensity, sampleRowDensities } = await import('../../../src/renderer/src/stores/estimator')
const { useTrainingStore } = await import('../../../src/renderer/src/stores/training')

const lastRequest = (): EstimateRequest => specific['estimate:run']!.mock.calls.at(-1)![0] as EstimateRequest
const epoch = (n: number): EpochStats => ({
  epoch: n, trainLoss: 0.1, trainAccuracy: null, valLoss: null, valAccuracy: null, seconds: 0.5, samplesPerSecond: 200, gradMeanAbs: [], learningRate: 0.5,
})

describe('estimator store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('prefills batch, epochs and optimizer from the graph\'s training settings', async () => {
    const store = useEstimatorStore()
    await flushPromises()
    // the XOR example: full batch over its 4 rows, 1000 epochs, SGD
    expect(store.inputs.batchSize).toBe(store.inputs.samples)
    expect(store.inputs.epochs).toBe(1000)
    expect(store.inputs.optimizer).toBe('sgd')
  })

  it('asks for a new estimate when the user edits an input, and keeps the edit', async () => {
    const store = useEstimatorStore()
    await flushPromises()
    store.edit('samples', 500)
    await flushPromises()
    expect(lastRequest().samples).toBe(500)
    expect(store.pinned.has('samples')).toBe(true)
  })

  it('sends the input density with the estimate and the calibration: dense (1) by default, the typed value once edited', async () => {
    const store = useEstimatorStore()
    await flushPromises()
    expect(lastRequest().inputDensity).toBe(1)
    store.edit('inputDensity', 0.19)
    await flushPromises()
    expect(lastRequest().inputDensity).toBe(0.19)
    await store.calibrate()
    expect(specific['estimate:calibrate']!.mock.calls.at(-1)![0]).toMatchObject({ inputDensity: 0.19 })
  })

  it('measures ρ from the sample images: 3 nonzero of 8 pixels = 0.375; null without images', () => {
    const samples = [
      { row: 0, label: '1', pixels: [0, 255, 0, 0] },
      { row: 1, label: '7', pixels: [12, 0, 0, 40] },
    ]
    expect(sampleDensity({ samples })).toBe(0.375)
    expect(sampleDensity({ samples: [] })).toBeNull()
    expect(sampleRowDensities({ samples })).toEqual([0.25, 0.5])
  })

  it('goes back to the graph values with followGraph', async () => {
    const store = useEstimatorStore()
    store.edit('epochs', 7)
    store.followGraph()
    expect(store.inputs.epochs).toBe(1000)
  })

  it('takes watts and PUE from a preset and marks a typed power as custom', async () => {
    const store = useEstimatorStore()
    await store.loadMachine()
    expect(store.inputs.watts).toBe(32.5)
    store.setProfile('a100')
    expect([store.inputs.watts, store.inputs.pue]).toEqual([400, 1.58])
    store.edit('watts', 123)
    expect(store.inputs.profile).toBe('custom')
  })

  it('records a finished run: Σ epoch seconds beside both estimates with the error in %', async () => {
    const store = useEstimatorStore()
    const training = useTrainingStore()
    training.status = 'starting'
    await flushPromises()
    training.status = 'running'
    await flushPromises()
    training.epochs = [epoch(1), epoch(2)]
    training.result = { runId: 'r', stop: { kind: 'epochs' }, epochs: 2, elapsedSeconds: 1.3, train: { loss: 0.1, accuracy: null, confusion: null }, test: null, labels: null } as never
    training.status = 'finished'
    await flushPromises()
    expect(specific['estimate:meterStop']).toHaveBeenCalledWith('meter-1')
    // N = 200 rows/s · 0.5 s = 100 rows; measured 2 · 0.5 s = 1 s; layer model 1.2 s (+20 %), FLOP model 0.9 s (−10 %)
    expect(lastRequest()).toMatchObject({ samples: 100, epochs: 2 })
    expect(store.checks).toHaveLength(1)
    const check = store.checks[0]!
    expect(check.measuredSeconds).toBeCloseTo(1, 12)
    expect(check.layerErrorPercent).toBeCloseTo(20, 10)
    expect(check.flopErrorPercent).toBeCloseTo(-10, 10)
    expect(check.wallSeconds).toBe(1.1)
    expect(check.measuredJoules).toBeNull()
  })
})

describe('trainingRows', () => {
  const builtin = { kind: 'builtin' as const, name: 'spirals' }

  it('keeps 70 % of the rows after the default 15 % + 15 % hold-outs', () => {
    expect(trainingRows({ rows: 500, testRows: null, data: builtin })).toBe(350)
  })

  it('does not split below 20 rows', () => {
    expect(trainingRows({ rows: 4, testRows: null, data: builtin })).toBe(4)
  })

  it('holds out no test rows when a separate test file came along', () => {
    expect(trainingRows({ rows: 1000, testRows: 200, data: builtin })).toBe(850)
  })
})
