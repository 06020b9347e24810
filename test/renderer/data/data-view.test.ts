import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import DataView from '../../../src/renderer/src/views/DataView.vue'
import { useDataStore } from '../../../src/renderer/src/stores/data'
import { colorsPreview } from './preview-fixture'

function mountView(state: Record<string, unknown> = {}) {
  const pinia = createTestingPinia({ initialState: { data: { preview: colorsPreview(), ...state } }, stubActions: true, createSpy: vi.fn })
  const wrapper = mount(DataView, { global: { plugins: [pinia] } })
  return { wrapper, store: useDataStore(pinia) }
}

describe('DataView', () => {
  it('shows the first rows with a dash for a missing cell', () => {
    const { wrapper } = mountView()
    const cells = wrapper.get('[data-testid=preview-table]').findAll('tbody tr')[1]!.findAll('td').map((td) => td.text())
    // Row number, then the cells.
    expect(cells).toEqual(['2', '2', '—', 'no'])
  })

  it('highlights the target column in the table header', () => {
    const { wrapper } = mountView()
    expect(wrapper.get('[data-testid=preview-table] th.preview-table__target').text()).toBe('label')
  })

  it('shows a type badge, the range and the missing count per column', () => {
    const { wrapper } = mountView()
    expect(wrapper.get('[data-testid=column-age] [data-testid=kind]').text()).toBe('numeric')
    expect(wrapper.get('[data-testid=column-age]').text()).toContain('1 – 6')
    expect(wrapper.get('[data-testid=column-color] [data-testid=kind]').text()).toBe('categorical')
    expect(wrapper.get('[data-testid=column-color] [data-testid=missing]').text()).toBe('1')
  })

  it('draws a histogram bar per bin of a numeric column', () => {
    const { wrapper } = mountView()
    // Four bins, one of them empty (drawn with zero height).
    const heights = wrapper.get('[data-testid=column-age] svg').findAll('rect').map((r) => Number(r.attributes('height')))
    expect(heights).toEqual([22 / 3, 0, (2 * 22) / 3, 22])
  })

  it('sums up rows, columns, task and the network widths', () => {
    const { wrapper } = mountView()
    expect(wrapper.get('[data-testid=data-summary]').text()).toBe('6 rows · 3 columns · binary classification · 4 inputs → 1 output')
  })

  it('shows the class balance with counts and shares', () => {
    const { wrapper } = mountView()
    expect(wrapper.get('[data-testid=class-balance]').text()).toContain('no 3 · 50%')
  })

  it('shows an import error as an alert next to the data set still shown', () => {
    const { wrapper } = mountView({ error: 'bad.csv, line 4: expected 3 fields but found 2' })
    expect(wrapper.get('[data-testid=data-error]').text()).toBe('bad.csv, line 4: expected 3 fields but found 2')
    expect(wrapper.get('[data-testid=data-title]').text()).toBe('colors.csv')
  })

  it('explains why the chosen target cannot train', () => {
    const { wrapper } = mountView({ preview: colorsPreview({ problem: 'one.csv: the target "y" has a single class', inputs: null, outputs: null }) })
    expect(wrapper.get('[data-testid=data-problem]').text()).toContain('has a single class')
  })

  it('asks the store for another target (and drops the task override) when one is picked', async () => {
    const { wrapper, store } = mountView()
    const select = wrapper.get('[data-testid=target-select]')
    expect((select.element as HTMLSelectElement).value).toBe('label')
    await select.setValue('color')
    expect(store.choose).toHaveBeenCalledWith({ target: 'color', task: undefined })
  })

  it('asks the store for a task override', async () => {
    const { wrapper, store } = mountView()
    await wrapper.get('[data-testid=task-select]').setValue('regression')
    expect(store.choose).toHaveBeenCalledWith({ task: 'regression' })
  })

  it('turns split percentages into fractions', async () => {
    const { wrapper, store } = mountView()
    await wrapper.get('[data-testid=split-test]').setValue('20')
    expect(store.choose).toHaveBeenCalledWith({ split: { validation: 0.15, test: 0.2 } })
  })

  it('shows import progress and cancels on request', async () => {
    const { wrapper, store } = mountView({ importing: { id: 'i', phase: 'parse', file: 'big.csv', fraction: 0.42, rows: 120000, cancelling: false } })
    expect(wrapper.get('[data-testid=import-progress]').text()).toContain('Parsing big.csv')
    // Parsing fills 35 % to 85 % of the bar: 35 + 50 · 0.42 = 56.
    expect(wrapper.get('[data-testid=import-progress]').text()).toContain('56% · 120,000 rows')
    await wrapper.get('[data-testid=import-cancel]').trigger('click')
    expect(store.cancel).toHaveBeenCalledOnce()
  })

  it('names the column inference phase and fills the last 15 % of the bar with it', () => {
    const { wrapper } = mountView({ importing: { id: 'i', phase: 'schema', file: 'big.csv', fraction: 0.6, rows: 1000, cancelling: false } })
    expect(wrapper.get('[data-testid=import-progress]').text()).toContain('Inferring columns of big.csv')
    // 85 + 15 · 0.6 = 94.
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('94')
  })

  it('says the preview is being built once the columns are inferred', () => {
    const { wrapper } = mountView({ importing: { id: 'i', phase: 'schema', file: 'big.csv', fraction: 1, rows: 1000, cancelling: false } })
    expect(wrapper.get('[data-testid=import-progress]').text()).toContain('Building the preview of big.csv')
  })

  it('moves the bar forward from the upload to parsing', () => {
    const { wrapper } = mountView({ importing: { id: 'i', phase: 'upload', file: 'big.csv', fraction: 1, rows: 0, cancelling: false } })
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('25')
  })

  it('draws a grid of image samples with their labels for image data', () => {
    const image = { width: 2, height: 2, channels: 1 }
    const samples = [{ row: 0, label: '7', pixels: [0, 255, 255, 0] }, { row: 1, label: '3', pixels: [9, 9, 9, 9] }]
    const { wrapper } = mountView({ preview: colorsPreview({ image, samples }) })
    const figures = wrapper.get('[data-testid=image-samples]').findAll('figure')
    expect(figures.map((f) => f.text())).toEqual(['7', '3'])
    expect(figures[0]!.get('canvas').attributes('width')).toBe('2')
  })
})
