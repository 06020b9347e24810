// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ConfusionMatrix from '../../../src/renderer/src/components/results/ConfusionMatrix.vue'
import { normalize } from '../../../src/renderer/src/composables/use-confusion'
import { LABELS, MATRIX } from './imbalanced'

const matrix = (mode: 'counts' | 'rows' | 'columns', selected: { actual: number; predicted: number } | null = null) =>
  mount(ConfusionMatrix, { props: { matrix: MATRIX, labels: LABELS, mode, selected } })
const cell = (w: ReturnType<typeof matrix>, i: number, j: number) => w.get(`[data-testid=cm-cell-${i}-${j}]`).text()

describe('ConfusionMatrix', () => {
  it('shows counts with rows = actual and columns = predicted', () => {
    const w = matrix('counts')
    expect(cell(w, 1, 0)).toBe('4')
    expect(cell(w, 0, 1)).toBe('1')
  })

  it('labels rows and columns with the class names', () => {
    const headers = matrix('counts').findAll('thead th').map((th) => th.text())
    expect(headers.slice(1, 5)).toEqual(LABELS)
  })

  it('row-normalises: each actual class sums to 100 % and the diagonal is recall', () => {
    const w = matrix('rows')
    expect(cell(w, 0, 0)).toBe('97.8%')
    expect(cell(w, 1, 0)).toBe('80.0%')
    expect(cell(w, 1, 1)).toBe('20.0%')
  })

  it('column-normalises: each predicted class sums to 100 % and the diagonal is precision', () => {
    const w = matrix('columns')
    expect(cell(w, 0, 0)).toBe('90.7%')
    expect(cell(w, 1, 1)).toBe('50.0%')
    expect(cell(w, 0, 3)).toBe('0.0%')
  })

  it('emits select(actual, predicted) when a cell is clicked', async () => {
    const w = matrix('counts')
    await w.get('[data-testid=cm-cell-1-0]').trigger('click')
    expect(w.emitted('select')).toEqual([[1, 0]])
  })

  it('marks the selected cell', () => {
    const w = matrix('counts', { actual: 2, predicted: 0 })
    expect(w.get('[data-testid=cm-cell-2-0]').classes()).toContain('cm__cell--selected')
    expect(w.get('[data-testid=cm-cell-0-0]').classes()).not.toContain('cm__cell--selected')
  })

  it('shows the row and column totals', () => {
    const rows = matrix('counts').findAll('tbody tr')
    expect(rows[0]!.findAll('td').at(-1)!.text()).toBe('90')
    expect(rows.at(-1)!.findAll('td').map((td) => td.text())).toEqual(['97', '2', '1', '0', '100'])
  })
})

describe('normalize', () => {
  it('leaves an all-zero column at 0 instead of dividing by zero', () => {
    expect(normalize([[1, 0], [1, 0]], 'columns')).toEqual([[0.5, 0], [0.5, 0]])
  })

  it('leaves an all-zero row at 0', () => {
    expect(normalize([[0, 0], [1, 3]], 'rows')).toEqual([[0, 0], [0.25, 0.75]])
  })
})
