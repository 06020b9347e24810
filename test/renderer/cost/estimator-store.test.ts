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

const { useEstimatorStore, trainingRows, describeDensity } = await import('../../../src/renderer/src/stores/estimator')
const { useTrainingStore } = await import('../../../src/renderer/src/stores/training')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

const lastRequest = (): EstimateRequest => specific['estimate:run']!.mock.calls.at(-1)![0] as EstimateRequest
const epoch = (n: number): EpochStats => ({
  epoch: n, trainLoss: 0.1, trainAccuracy: null, valLoss: null, valAccuracy: null, seconds: 0.5, samplesPerSecond: 200, gradMeanAbs: [], learningRate: 0.5,
})

describe('estimator store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    specific['estimate:run']!.mockImplementation(async (_r: EstimateRequest) => reply(1.2, 0.9))
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

  it('names the bound data set as training:start does (reference + seed) and leaves ρ to the backend', async () => {
    const network = useNetworkStore()
    useEstimatorStore()
    await flushPromises()
    expect(lastRequest().trainingData).toEqual({ data: JSON.parse(JSON.stringify(network.data)), seed: network.settings.seed })
    expect(lastRequest()).not.toHaveProperty('inputDensity')
  })

  it('sends a typed-in ρ with the estimate and the calibration, beside the data reference', async () => {
    const network = useNetworkStore()
    const store = useEstimatorStore()
    await flushPromises()
    store.edit('inputDensity', 0.19)
    await flushPromises()
    expect(lastRequest().inputDensity).toBe(0.19)
    await store.calibrate()
    const calibrate = specific['estimate:calibrate']!.mock.calls.at(-1)![0]
    expect(calibrate).toMatchObject({ inputDensity: 0.19, trainingData: { data: { name: network.data.name } } })
    expect(calibrate).not.toHaveProperty('sampleRows')
  })

  it('calibrates on the data reference without ρ or images when ρ is not typed in', async () => {
    const network = useNetworkStore()
    const store = useEstimatorStore()
    await flushPromises()
    await store.calibrate()
    const calibrate = specific['estimate:calibrate']!.mock.calls.at(-1)![0]
    expect(calibrate.trainingData).toEqual({ data: JSON.parse(JSON.stringify(network.data)), seed: network.settings.seed })
    expect(Object.keys(calibrate).sort()).toEqual(['batchSize', 'network', 'optimizer', 'samples', 'trainingData'])
  })

  it('takes N and ρ from the prepared training split the backend answers, and says where ρ came from', async () => {
    const info = { name: 'mnist', rows: 6998, inputDensity: 0.1913, sampleRows: 1024 }
    specific['estimate:run']!.mockImplementation(async (r: EstimateRequest) => ({ ...reply(1, null), inputDensity: r.inputDensity ?? info.inputDensity, trainingData: info }))
    const store = useEstimatorStore()
    await flushPromises()
    expect([store.inputs.samples, store.inputs.inputDensity]).toEqual([6998, 0.1913])
    expect(lastRequest().samples).toBe(6998)
    expect(store.densitySource).toBe('ρ = 0.191 of the 6,998 prepared training rows of mnist')
    store.edit('inputDensity', 0.5)
    await flushPromises()
    expect(store.inputs.inputDensity).toBe(0.5)
    expect(store.densitySource).toBe('ρ typed in')
  })

  it('assumes ρ = 1 and says why when the backend cannot prepare the data', async () => {
    specific['estimate:run']!.mockImplementation(async () => ({ ...reply(1, null), trainingData: null, trainingDataError: 'The data set "xor" has 2 inputs' }))
    const store = useEstimatorStore()
    await flushPromises()
    expect(store.inputs.inputDensity).toBe(1)
    expect(store.densitySource).toBe('ρ = 1 assumed (dense): The data set "xor" has 2 inputs')
  })

  it('states ρ with three decimals and the rows with thousands separators', () => {
    expect(describeDensity({ name: 'spirals', rows: 48_000, inputDensity: 0.19234, sampleRows: 1024 })).toBe('ρ = 0.192 of the 48,000 prepared training rows of spirals')
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

describe('estimator store after a run', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    specific['estimate:run']!.mockImplementation(async (_r: EstimateRequest) => reply(1.2, 0.9))
  })

  it('estimates a finished run on the data it trained on, even if another data set was bound meanwhile', async () => {
    const network = useNetworkStore()
    useEstimatorStore()
    const training = useTrainingStore()
    const before = JSON.parse(JSON.stringify(network.data))
    training.status = 'starting'
    await flushPromises()
    training.status = 'running'
    await flushPromises()
    network.data = { kind: 'builtin', name: 'iris' }
    training.epochs = [epoch(1)]
    training.result = { runId: 'r', stop: { kind: 'epochs' }, epochs: 1, elapsedSeconds: 1, train: { loss: 0.1, accuracy: null, confusion: null }, test: null, labels: null } as never
    training.status = 'finished'
    await flushPromises()
    expect(before.name).not.toBe('iris')
    expect(lastRequest()).toMatchObject({ samples: 100, epochs: 1, trainingData: { data: before } })
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
