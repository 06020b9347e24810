import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import type { Api } from '../../../src/shared/ipc'
import type { DbnAnomalyReply, DbnDenoiseReply, DbnSampleReply } from '../../../src/shared/dbn-uses'
import type { DbnPretrainEpochDto } from '../../../src/shared/dbn'
import type { DbnSpec } from '../../../src/renderer/src/graph/compile'

const fakeApi = { invoke: new Proxy({}, { get: () => () => new Promise(() => undefined) }), on: new Proxy({}, { get: () => () => () => undefined }) } as unknown as Api
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useDbnStore } = await import('../../../src/renderer/src/stores/dbn')
const DbnTrainPanel = (await import('../../../src/renderer/src/components/dbn/DbnTrainPanel.vue')).default
const DbnMonitor = (await import('../../../src/renderer/src/components/dbn/DbnMonitor.vue')).default
const DbnDenoise = (await import('../../../src/renderer/src/components/dbn/DbnDenoise.vue')).default
const DbnAnomaly = (await import('../../../src/renderer/src/components/dbn/DbnAnomaly.vue')).default
const DbnGenerate = (await import('../../../src/renderer/src/components/dbn/DbnGenerate.vue')).default
const DbnView = (await import('../../../src/renderer/src/views/DbnView.vue')).default

const spec: DbnSpec = { inputs: 784, visible: 'bernoulli', layers: [64, 32], k: [1, 1], fineTune: { mode: 'autoencoder' } }

function mountWith<T>(component: T, dbn: Record<string, unknown>, compiled: DbnSpec | null = spec) {
  const pinia = createTestingPinia({ initialState: { dbn }, stubActions: true, createSpy: vi.fn })
  const store = useDbnStore(pinia)
  ;(store as unknown as { spec: DbnSpec | null }).spec = compiled
  const wrapper = mount(component as never, { global: { plugins: [pinia], stubs: { BaseChart: { props: ['option', 'label'], template: '<div class="chart-stub" :aria-label="label" />' } } } })
  return { wrapper, store }
}

const pre = (layer: number, epoch: number, val: number): DbnPretrainEpochDto => ({
  layer, epoch, reconstructionError: 0.1, pseudoLogLikelihood: -90, freeEnergyTrain: -100, freeEnergyVal: val, seconds: 1, samplesPerSecond: 10, momentum: 0.5, learningRate: 0.05,
})

describe('DbnTrainPanel', () => {
  it('describes the stack compiled from the graph', () => {
    const { wrapper } = mountWith(DbnTrainPanel, {})
    expect(wrapper.get('[data-testid=dbn-stack]').text()).toBe('stack 784–64–32, bernoulli visible units, then an unrolled autoencoder')
  })

  it('asks for an RBM node and disables Train when the graph has none', () => {
    const { wrapper } = mountWith(DbnTrainPanel, {}, null)
    expect(wrapper.find('[data-testid=dbn-no-graph]').exists()).toBe(true)
    expect(wrapper.get('[data-testid=dbn-train-button]').attributes('disabled')).toBeDefined()
  })

  it('offers the denoising noise only for an autoencoder', () => {
    expect(mountWith(DbnTrainPanel, {}).wrapper.find('[data-testid=dbn-noise]').exists()).toBe(true)
    expect(mountWith(DbnTrainPanel, {}, { ...spec, fineTune: { mode: 'none' } }).wrapper.find('[data-testid=dbn-noise]').exists()).toBe(false)
  })

  it('stores an edited setting', async () => {
    const { wrapper, store } = mountWith(DbnTrainPanel, {})
    await wrapper.get('[data-testid=dbn-cdK]').setValue('3')
    expect(store.settings.cdK).toBe(3)
  })

  it('trains when Train is pressed', async () => {
    const { wrapper, store } = mountWith(DbnTrainPanel, {})
    await wrapper.get('[data-testid=dbn-train-button]').trigger('click')
    expect(store.start).toHaveBeenCalledOnce()
  })

  it('shows the layer and epoch of a running run', () => {
    const progress = { runId: 'r', phase: 'pretrain', layer: 2, layers: 2, epoch: 3, totalEpochs: 5, batch: 0, batchesPerEpoch: 10, elapsedSeconds: 1, etaSeconds: 1, samplesPerSecond: 1234, state: 'running' }
    const { wrapper } = mountWith(DbnTrainPanel, { status: 'running', progress })
    expect(wrapper.get('[data-testid=dbn-progress]').text()).toBe('layer 2 of 2, epoch 3 of 5 · 1,234 rows/s')
  })
})

describe('DbnMonitor', () => {
  it('waits for the first epoch before drawing the chart', () => {
    const { wrapper } = mountWith(DbnMonitor, {})
    expect(wrapper.find('.chart-stub').exists()).toBe(false)
  })

  it('warns of overfitting when the validation free energy drifts away', () => {
    const { wrapper } = mountWith(DbnMonitor, { pretrainEpochs: [pre(1, 1, -99), pre(1, 2, -90), pre(1, 3, -70)] })
    expect(wrapper.find('[data-testid=dbn-overfitting]').exists()).toBe(true)
  })

  it('draws the filters of the layer as an image grid', () => {
    const filters = { layer: 1, units: 64, width: 4, height: 4, channels: 1, filters: [new Array(16).fill(0.5), new Array(16).fill(1)] }
    const { wrapper } = mountWith(DbnMonitor, { filters })
    expect(wrapper.get('[data-testid=dbn-filters]').attributes('data-count')).toBe('2')
    expect(wrapper.text()).toContain('of layer 1 (2 of 64 units)')
  })

  it('loads the filters of another layer of the finished model', async () => {
    const result = { model: { sizes: [784, 64, 32] } }
    const { wrapper, store } = mountWith(DbnMonitor, { status: 'finished', result })
    await wrapper.get('[data-testid=dbn-filters-layer-2]').trigger('click')
    expect(store.loadFilters).toHaveBeenCalledWith(2)
  })
})

const denoise: DbnDenoiseReply = {
  rows: 100, inputs: 2, names: ['a', 'b'], image: null, mseNoisy: 0.1, mseReconstructed: 0.01, psnrNoisy: 10, psnrReconstructed: 20,
  samples: [{ row: 1, clean: [0, 1], noisy: [1, 1], reconstructed: [0.1, 0.9] }],
}

describe('DbnDenoise', () => {
  it('shows MSE and PSNR before and after', () => {
    const { wrapper } = mountWith(DbnDenoise, { modelId: 'm', denoiseReply: denoise })
    const rows = wrapper.findAll('[data-testid=dbn-denoise-metrics] tbody tr').map((r) => r.findAll('td').map((c) => c.text()))
    expect(rows).toEqual([['noisy vs clean (before)', '0.10000', '10.00 dB'], ['reconstructed vs clean (after)', '0.01000', '20.00 dB']])
  })

  it('draws tabular rows as noisy / reconstructed / clean bar charts', () => {
    const { wrapper } = mountWith(DbnDenoise, { modelId: 'm', denoiseReply: denoise })
    expect(wrapper.findAll('.row-bars').map((b) => b.attributes('aria-label'))).toEqual(['Row 1, noisy', 'Row 1, reconstructed', 'Row 1, clean'])
  })

  it('cannot denoise before a model is trained', () => {
    const { wrapper } = mountWith(DbnDenoise, {})
    expect(wrapper.get('[data-testid=dbn-denoise-run]').attributes('disabled')).toBeDefined()
  })

  it('denoises with the chosen noise', async () => {
    const { wrapper, store } = mountWith(DbnDenoise, { modelId: 'm' })
    await wrapper.get('[data-testid=dbn-denoise-kind]').setValue('gaussian')
    await wrapper.get('[data-testid=dbn-denoise-run]').trigger('click')
    expect(store.denoiseNoise.kind).toBe('gaussian')
    expect(store.denoise).toHaveBeenCalledOnce()
  })
})

const anomaly: DbnAnomalyReply = {
  rows: 4, score: 'recon', scores: [0.1, 0.4, 0.3, 0.2], sourceRows: [1, 2, 3, 4], classes: ['3', '7', '3', '7'], anomaly: [0, 1, 0, 1],
  referencePercentiles: Array.from({ length: 101 }, (_, p) => p / 100), referenceRows: 4, roc: { fpr: [0, 0.5, 1], tpr: [0, 1, 1] }, auc: 0.75,
  top: [{ row: 2, score: 0.4, label: '7', values: [1, 0] }], image: null,
}

describe('DbnAnomaly', () => {
  it('counts the rows flagged at the 95th percentile and shows the AUC', () => {
    const { wrapper } = mountWith(DbnAnomaly, { modelId: 'm', anomalyReply: anomaly, labels: { column: 'label', positive: '7' } })
    // threshold = 0.95: no score reaches it
    expect(wrapper.get('[data-testid=dbn-flagged]').text().replace(/\s+/g, ' ')).toBe('0 of 4 rows flagged (score ≥ 0.9500) · AUC 0.750')
  })

  it('shows the confusion matrix at a slider threshold', async () => {
    const { wrapper } = mountWith(DbnAnomaly, { modelId: 'm', anomalyReply: anomaly, labels: { column: 'label', positive: '7' } })
    await wrapper.get('[data-testid=dbn-threshold-slider-mode]').setValue(true)
    await wrapper.get('[data-testid=dbn-threshold-value]').setValue('0.3')
    const cells = wrapper.findAll('[data-testid=dbn-confusion] td').map((c) => c.text())
    // flagged: 0.4 (7), 0.3 (3) → TP 1, FN 1, FP 1, TN 1
    expect(cells).toEqual(['1', '1', '1', '1'])
  })

  it('lists the top rows with label and score', () => {
    const { wrapper } = mountWith(DbnAnomaly, { modelId: 'm', anomalyReply: anomaly })
    expect(wrapper.get('[data-testid=dbn-top-rows]').text()).toContain('row 2 · 7')
  })

  it('scores again when the anomaly label value changes', async () => {
    const { wrapper, store } = mountWith(DbnAnomaly, { modelId: 'm', anomalyReply: anomaly, target: 'label' })
    await wrapper.get('[data-testid=dbn-anomaly-positive]').setValue('3')
    expect(store.labels).toEqual({ column: 'label', positive: '3' })
    expect(store.anomaly).toHaveBeenCalledOnce()
  })
})

describe('DbnGenerate and DbnView', () => {
  const sample: DbnSampleReply = { inputs: 4, image: { width: 2, height: 2, channels: 1 }, frames: [{ step: 10, samples: [[0, 1, 0, 1]] }, { step: 20, samples: [[1, 1, 0, 0]] }] }

  it('shows the first snapshot of the chain with its step', () => {
    const { wrapper } = mountWith(DbnGenerate, { modelId: 'm', sampleReply: sample })
    expect(wrapper.get('[data-testid=dbn-sample-step]').text()).toBe('10')
  })

  it('switches between the inner tabs', async () => {
    const { wrapper } = mountWith(DbnView, {})
    expect(wrapper.find('[data-testid=dbn-train]').exists()).toBe(true)
    await wrapper.get('[data-testid=dbn-tab-anomaly]').trigger('click')
    expect(wrapper.find('[data-testid=dbn-anomaly]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=dbn-train]').exists()).toBe(false)
  })
})

describe('DbnModelPicker', () => {
  it('lists the kept RBM-family models and switches the uses to the chosen one', async () => {
    const DbnModelPicker = (await import('../../../src/renderer/src/components/dbn/DbnModelPicker.vue')).default
    const models = [{ id: 'imp-1', name: 'dbn.json', kind: 'dbn', inputs: 784, layers: [{ units: 64 }, { units: 32 }] }]
    const { wrapper, store } = mountWith(DbnModelPicker, { models })
    expect(wrapper.findAll('option').map((o) => o.text())).toEqual(['choose a model', 'dbn.json · dbn 784–64–32'])
    await wrapper.get('[data-testid=dbn-model]').setValue('imp-1')
    expect(store.chooseModel).toHaveBeenCalledWith('imp-1')
  })
})
