import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import type { Api } from '../../../src/shared/ipc'
import type { DbnRunShape } from '../../../src/shared/dbn-estimate'
import type { DbnRunResult } from '../../../src/shared/dbn'
import { machineInfo, reply } from './fixtures'

const shape: DbnRunShape = {
  inputs: 784,
  layers: [256, 64],
  k: [1, 1],
  persistent: false,
  visible: 'bernoulli',
  samples: 8000,
  validationRows: 1000,
  batchSize: 64,
  epochs: 5,
  fineTune: 'none',
  fineTuneEpochs: 0,
  inputDensity: 0.19,
} as DbnRunShape
const dbnReply = { layerModel: { time: { seconds: 12.5 }, energy: { joules: 400 } }, flopModel: { time: { seconds: 3.6 }, energy: { joules: 120 } } }
const specific: Record<string, ReturnType<typeof vi.fn>> = {
  'estimate:run': vi.fn(async () => reply(1.2, 0.9)),
  'estimate:machine': vi.fn(async () => machineInfo),
  'estimate:meterStart': vi.fn(async () => 'meter-7'),
  'estimate:meterStop': vi.fn(async () => ({ seconds: 4.2, joules: 150, source: 'rapl' })),
  'estimate:dbnRun': vi.fn(async () => dbnReply),
}
const fallback = vi.fn(async () => null)
const fakeApi = {
  invoke: new Proxy({}, { get: (_t, channel: string) => specific[channel] ?? fallback }),
  on: new Proxy({}, { get: () => () => () => undefined }),
} as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
// the Cost view's DBN run as it stands: the shape above
vi.mock('../../../src/renderer/src/stores/dbn-estimate', () => ({ useDbnEstimateStore: () => ({ shape }) }))

const { dbnRunCheck, ranShape, watchDbnRuns } = await import('../../../src/renderer/src/stores/dbn-run-check')
const { useDbnStore } = await import('../../../src/renderer/src/stores/dbn')
const { useEstimatorStore } = await import('../../../src/renderer/src/stores/estimator')

const result = (stop: DbnRunResult['stop']): DbnRunResult => ({ runId: 'd1', stop, elapsedSeconds: 4, pretrainEpochs: [], fineTuneEpochs: [], model: { metrics: [] } as never, labels: null })

/** A DBN run from start to its end with `stop`, as the DBN store goes through it, watched. */
async function runDbn(stop: DbnRunResult['stop']): Promise<void> {
  watchDbnRuns()
  const dbn = useDbnStore()
  dbn.status = 'starting'
  await flushPromises()
  dbn.status = 'running'
  await flushPromises()
  dbn.result = result(stop)
  dbn.status = 'finished'
  await flushPromises()
}

describe('DBN runs in the estimator’s history', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('checks a run of 4 s against 12.5 s (layer model, +212.5 %) and 3.6 s (calibrated, −10 %)', () => {
    const check = dbnRunCheck('DBN run 1', shape, result({ kind: 'epochs' }), 12.5, 3.6, 120, { seconds: 4.2, joules: 150, source: 'rapl' })
    expect([check.network, check.samples, check.batchSize, check.epochs, check.measuredSeconds, check.wallSeconds]).toEqual(['DBN 784-256-64', 8000, 64, 5, 4, 4.2])
    expect(check.layerErrorPercent).toBeCloseTo(212.5, 10)
    expect(check.flopErrorPercent).toBeCloseTo(-10, 10)
    expect([check.estimatedJoules, check.measuredJoules]).toEqual([120, 150])
    expect(check.measuredWhat).toContain('DBN job from start to finish')
  })

  it('estimates the run as it ran: its training and validation rows and its epochs from the result', () => {
    // the Cost view said 8,000 / 1,000 rows and 5 epochs at the start; the run trained 6,998 rows, validated 875, did 2 epochs
    const ran = result({ kind: 'epochs' })
    ran.model = { metrics: [{ split: 'train', rows: 6998 }, { split: 'validation', rows: 875 }] } as never
    ran.pretrainEpochs = [1, 2].flatMap((epoch) => [1, 2].map((layer) => ({ layer, epoch }))) as never
    expect(ranShape(shape, ran)).toMatchObject({ samples: 6998, validationRows: 875, epochs: 2, fineTuneEpochs: 0, batchSize: 64, layers: [256, 64] })
  })

  it('records a DBN run that went all its epochs, with the energy metered over it', async () => {
    await runDbn({ kind: 'epochs' })
    expect(specific['estimate:meterStop']).toHaveBeenCalledWith('meter-7')
    expect(specific['estimate:dbnRun']!.mock.calls[0]![0]).toMatchObject({ shape })
    const checks = useEstimatorStore().checks
    expect(checks.map((c) => [c.label, c.network, c.flopSeconds])).toEqual([['DBN run 1', 'DBN 784-256-64', 3.6]])
  })

  it('does not record a stopped run: it did less than it was estimated for', async () => {
    await runDbn({ kind: 'stopped' })
    expect(specific['estimate:meterStop']).toHaveBeenCalled()
    expect(useEstimatorStore().checks).toEqual([])
  })
})
