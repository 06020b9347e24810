// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import ResultsView from '../../../src/renderer/src/views/ResultsView.vue'
import { useTrainingStore } from '../../../src/renderer/src/stores/training'
import type { RunResult } from '../../../src/shared/dto'
import { LABELS, MATRIX, METRICS } from './imbalanced'

const evaluation = { loss: 0.4, accuracy: 0.89, confusion: MATRIX, metrics: METRICS, rows: 100 }
const classification: RunResult = {
  runId: 'r', stop: { kind: 'epochs' }, epochs: 10, elapsedSeconds: 1, train: evaluation, test: evaluation, validation: null, labels: LABELS, task: 'multiclass',
}

function view(state: Record<string, unknown>) {
  const pinia = createTestingPinia({ initialState: { training: state }, stubActions: true, createSpy: vi.fn })
  const wrapper = mount(ResultsView, { global: { plugins: [pinia], stubs: { BaseChart: true } } })
  return { wrapper, store: useTrainingStore(pinia) }
}

describe('ResultsView', () => {
  it('asks for a run before there is a result', () => {
    expect(view({}).wrapper.find('[data-testid=results-empty]').exists()).toBe(true)
  })

  it('offers only the splits the run evaluated', () => {
    const { wrapper } = view({ result: classification, runId: 'r' })
    expect(wrapper.find('[data-testid=split-train]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=split-test]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=split-validation]').exists()).toBe(false)
  })

  it('fetches the samples of a clicked cell of the shown split', async () => {
    const { wrapper, store } = view({ result: classification, runId: 'r' })
    await wrapper.get('[data-testid=cm-cell-1-0]').trigger('click')
    expect(store.selectCell).toHaveBeenCalledWith('test', 1, 0)
  })

  it('switches the matrix to row percentages', async () => {
    const { wrapper } = view({ result: classification, runId: 'r' })
    await wrapper.get('[data-testid=mode-rows]').trigger('click')
    expect(wrapper.get('[data-testid=cm-cell-1-0]').text()).toBe('80.0%')
  })

  it('lists the samples of the selected cell as table rows', () => {
    const samples = { total: 2, columns: ['x1', 'x2', 'label'], image: null, samples: [{ row: 4, values: ['0.123456789', '2', 'rare'] }, { row: 9, values: ['1', null, 'rare'] }] }
    const selection = { split: 'test', actual: 1, predicted: 0, samples, loading: false, error: null }
    const { wrapper } = view({ result: classification, runId: 'r', selection })
    const rows = wrapper.findAll('[data-testid=sample-row]')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([['5', '0.12346', '2', 'rare'], ['10', '1', '—', 'rare']])
    expect(wrapper.get('[data-testid=cell-samples-count]').text()).toContain('2 samples')
  })

  it('draws image samples as images', () => {
    const samples = { total: 3, columns: ['label'], image: { width: 2, height: 2, channels: 1 }, samples: [{ row: 0, values: ['7'], pixels: [0, 255, 0, 255] }] }
    const selection = { split: 'test', actual: 1, predicted: 0, samples, loading: false, error: null }
    const { wrapper } = view({ result: classification, runId: 'r', selection })
    expect(wrapper.findAll('[data-testid=sample-image]')).toHaveLength(1)
    expect(wrapper.get('[data-testid=cell-samples-count]').text()).toContain('3 samples, first 1 shown')
  })

  it('shows MSE, MAE and R² for a regression run', () => {
    const regression = { loss: 0.1, accuracy: null, confusion: null, regression: { mse: 0.1, mae: 0.25, r2: 0.9 }, scatter: { actual: [1, 2], predicted: [1.1, 1.9] } }
    const { wrapper } = view({ result: { ...classification, train: regression, test: regression, labels: null, task: 'regression' }, runId: 'r' })
    expect(wrapper.get('[data-testid=metric-mse]').text()).toBe('0.1000')
    expect(wrapper.get('[data-testid=metric-r2]').text()).toBe('0.9000')
    expect(wrapper.find('[data-testid=confusion-matrix]').exists()).toBe(false)
  })
})
