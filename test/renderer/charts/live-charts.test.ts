// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import type { Api } from '../../../src/shared/ipc'
import type { EpochStats, ProgressFrame } from '../../../src/shared/dto'

const fakeApi = {
  invoke: { 'training:start': vi.fn(async () => 'run-1') },
  on: new Proxy({}, { get: () => () => () => undefined }),
} as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useTrainingStore } = await import('../../../src/renderer/src/stores/training')
const { xorExample } = await import('../../../src/renderer/src/stores/network')
const { CHART_REFRESH_MS } = await import('../../../src/renderer/src/composables/use-training-charts')
const BaseChart = (await import('../../../src/renderer/src/components/BaseChart.vue')).default
const GradientChart = (await import('../../../src/renderer/src/components/charts/GradientChart.vue')).default
const LearningRateChart = (await import('../../../src/renderer/src/components/charts/LearningRateChart.vue')).default

const epoch = (n: number): EpochStats => ({
  epoch: n, trainLoss: 1 / n, trainAccuracy: null, valLoss: null, valAccuracy: null, seconds: 0.01, samplesPerSecond: 400, gradMeanAbs: [0.01 / n, 0.1 / n], learningRate: 0.5,
})
const frame = (epochs: EpochStats[]): ProgressFrame => ({
  runId: 'run-1', epochs, batch: null, batchLosses: [], epoch: epochs.at(-1)!.epoch, totalEpochs: 10, elapsedSeconds: 1, etaSeconds: 2, samplesPerSecond: 400, state: 'running',
})
type Series = { name: string; data: [number, number][] }
const drawn = (wrapper: ReturnType<typeof mount>) => (wrapper.findComponent(BaseChart).props('option') as { series: Series[] }).series

/** Mounts a chart on a running store (BaseChart stubbed: the option it receives is what would be drawn). */
async function chartOfRun(component: typeof GradientChart) {
  const store = useTrainingStore()
  await store.start(xorExample())
  const wrapper = mount(component, { global: { stubs: { BaseChart: true } } })
  return { store, wrapper }
}

/** Lets the throttle's period pass and Vue re-render. */
async function refresh(): Promise<void> {
  await nextTick()
  vi.advanceTimersByTime(CHART_REFRESH_MS)
  await nextTick()
}

describe('live training charts fed by the training store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.useRealTimers())

  it('draws each layer\'s gradients of the epochs that arrive during the run', async () => {
    const { store, wrapper } = await chartOfRun(GradientChart)
    store.onProgress(frame([epoch(1), epoch(2)]))
    await refresh()
    store.onProgress(frame([epoch(3)]))
    await refresh()
    expect(drawn(wrapper).map((s) => s.name)).toEqual(['layer 1', 'layer 2'])
    expect(drawn(wrapper)[1]!.data).toEqual([[1, 0.1], [2, 0.05], [3, 0.1 / 3]])
  })

  it('draws the learning rate of the epochs that arrive during the run', async () => {
    const { store, wrapper } = await chartOfRun(LearningRateChart)
    store.onProgress(frame([epoch(1), epoch(2)]))
    await refresh()
    expect(drawn(wrapper)[0]!.data).toEqual([[1, 0.5], [2, 0.5]])
  })

  it('builds no option while scrolled out of view, then catches up once on coming back', async () => {
    const { store, wrapper } = await chartOfRun(LearningRateChart)
    wrapper.findComponent(BaseChart).vm.$emit('visible', false)
    store.onProgress(frame([epoch(1)]))
    await refresh()
    expect(drawn(wrapper)[0]!.data).toEqual([])
    wrapper.findComponent(BaseChart).vm.$emit('visible', true)
    await refresh()
    expect(drawn(wrapper)[0]!.data).toEqual([[1, 0.5]])
  })
})
