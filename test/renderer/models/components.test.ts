import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import ModelSummary from '../../../src/renderer/src/components/models/ModelSummary.vue'
import PredictionsTable from '../../../src/renderer/src/components/models/PredictionsTable.vue'
import ModelBar from '../../../src/renderer/src/components/models/ModelBar.vue'
import PredictPanel from '../../../src/renderer/src/components/models/PredictPanel.vue'
import { useModelsStore } from '../../../src/renderer/src/stores/models'
import { twoRows, xorInfo } from './fixtures'

describe('ModelSummary', () => {
  it('lists each layer with its activation and parameter counts', () => {
    const w = mount(ModelSummary, { props: { model: xorInfo() } })
    const rows = w.findAll('[data-testid=model-layers] tbody tr').map((r) => r.findAll('td').map((c) => c.text()))
    expect(rows).toEqual([
      ['1', 'dense 2→4', '4', 'tanh', '8', '4'],
      ['2', 'dense 4→1', '1', 'sigmoid', '4', '1'],
    ])
  })

  it('totals 17 parameters for the 2-4-1 network', () => {
    const w = mount(ModelSummary, { props: { model: xorInfo() } })
    expect(w.find('[data-testid=model-layers] tfoot').text()).toContain('total 17 parameters')
  })

  it('shows the features with the category count of categorical ones', () => {
    const w = mount(ModelSummary, { props: { model: xorInfo() } })
    expect(w.find('[data-testid=model-features]').text()).toBe('a, colour (3 categories)')
  })

  it('says when no preprocessing is stored', () => {
    const w = mount(ModelSummary, { props: { model: xorInfo({ preprocessing: null }) } })
    expect(w.text()).toContain('none stored')
  })
})

describe('PredictionsTable', () => {
  it('shows each row with its predicted and actual class and probabilities', () => {
    const w = mount(PredictionsTable, { props: { predictions: twoRows() } })
    const cells = w.findAll('tbody tr')[0]!.findAll('td').map((c) => c.text())
    expect(cells).toEqual(['1', '0', '0', '0.9000', '0.1000'])
  })

  it('marks a wrong prediction', () => {
    const w = mount(PredictionsTable, { props: { predictions: twoRows() } })
    expect(w.findAll('tbody tr').map((r) => r.classes('wrong'))).toEqual([false, true])
  })

  it('flags the rows an autoencoder reconstructs worst as anomalies', () => {
    const predictions = {
      ...twoRows(),
      mode: 'reconstruction' as const,
      columns: ['reconstruction error', 'anomaly score'],
      rows: [
        { row: 1, values: [0.01, 0.1], predicted: 'normal', actual: null },
        { row: 2, values: [0.2, 2], predicted: 'anomaly', actual: null },
      ],
    }
    const w = mount(PredictionsTable, { props: { predictions } })
    expect(w.findAll('tbody tr').map((r) => r.classes('flagged'))).toEqual([false, true])
    expect(w.findAll('thead th').map((h) => h.text())).toEqual(['row', 'predicted', 'reconstruction error', 'anomaly score'])
  })

  it('says when only the first rows are shown', () => {
    const w = mount(PredictionsTable, { props: { predictions: { ...twoRows(), total: 5000 } } })
    expect(w.text()).toContain('First 2 of 5,000 rows')
  })
})

describe('ModelBar', () => {
  function mountBar(tfjs: string | null) {
    const pinia = createTestingPinia({ stubActions: true, createSpy: vi.fn, initialState: { models: { models: [xorInfo({ tfjs })], selectedId: 'm1' } } })
    return { w: mount(ModelBar, { global: { plugins: [pinia] } }), store: useModelsStore(pinia) }
  }

  it('exports the model JSON on click', async () => {
    const { w, store } = mountBar(null)
    await w.find('[data-testid=export-json]').trigger('click')
    expect(store.exportModel).toHaveBeenCalledWith('json')
  })

  it('offers the running model while a run is in progress', async () => {
    const pinia = createTestingPinia({ stubActions: true, createSpy: vi.fn, initialState: { models: { models: [] }, training: { status: 'running', runId: 'run-7', progress: { epoch: 3 } } } })
    const w = mount(ModelBar, { global: { plugins: [pinia] } })
    await w.find('[data-testid=model-snapshot]').trigger('click')
    expect(useModelsStore(pinia).snapshotRun).toHaveBeenCalledWith('run-7')
  })

  it('hides the running-model button when no run is in progress', () => {
    const { w } = mountBar(null)
    expect(w.find('[data-testid=model-snapshot]').exists()).toBe(false)
  })

  it('disables the TF.js export and says why when TF.js lacks an activation', () => {
    const { w } = mountBar('Layer 1 uses the sinc activation, which TensorFlow.js does not have')
    const button = w.find('[data-testid=export-tfjs]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.attributes('title')).toContain('sinc')
  })
})

describe('PredictPanel', () => {
  function mountPanel() {
    const pinia = createTestingPinia({ stubActions: true, createSpy: vi.fn, initialState: { models: { models: [xorInfo()], selectedId: 'm1', predictions: twoRows() } } })
    return { w: mount(PredictPanel, { global: { plugins: [pinia] } }), store: useModelsStore(pinia) }
  }

  it('predicts on a CSV dropped on its zone', async () => {
    const { w, store } = mountPanel()
    const csv = new File(['a,b\n'], 'new.csv')
    await w.find('[data-testid=predict-drop]').trigger('drop', { dataTransfer: { files: [csv] } })
    expect(store.predictFile).toHaveBeenCalledWith(csv)
  })

  it('shows the accuracy and the confusion matrix of labelled data', () => {
    const { w } = mountPanel()
    expect(w.find('[data-testid=predict-accuracy]').text()).toBe('50.0%')
    expect(w.find('[data-testid=cm-cell-1-0]').text()).toBe('1')
  })

  it('predicts on the data set imported on the Data tab', async () => {
    const data = { kind: 'imported' as const, id: 'imp-1', name: 'rows.csv' }
    const pinia = createTestingPinia({ stubActions: true, createSpy: vi.fn, initialState: { models: { models: [xorInfo()], selectedId: 'm1' }, data: { preview: { data, title: 'rows.csv' } } } })
    const w = mount(PredictPanel, { global: { plugins: [pinia] } })
    const button = w.find('[data-testid=predict-imported]')
    expect(button.text()).toBe('rows.csv')
    await button.trigger('click')
    expect(useModelsStore(pinia).predict).toHaveBeenCalledWith(data)
  })

  it('downloads the predictions as CSV on click', async () => {
    const { w, store } = mountPanel()
    await w.find('[data-testid=predictions-csv]').trigger('click')
    expect(store.downloadCsv).toHaveBeenCalled()
  })
})
