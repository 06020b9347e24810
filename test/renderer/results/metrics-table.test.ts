// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MetricsTable from '../../../src/renderer/src/components/results/MetricsTable.vue'
import { LABELS, METRICS } from './imbalanced'

const table = () => mount(MetricsTable, { props: { metrics: METRICS, labels: LABELS } })
const metric = (key: string) => table().get(`[data-testid=metric-${key}]`).text()

describe('MetricsTable on the 4-class imbalanced case', () => {
  it('shows OA = 89.0 % while macro F1 = 30.7 %: accuracy and F1 disagree', () => {
    expect(metric('oa')).toBe('89.0%')
    expect(metric('macroF1')).toBe('30.7%')
  })

  it('shows AA = macro recall = 29.4 % and macro precision = 35.2 %', () => {
    expect(metric('aa')).toBe('29.4%')
    expect(metric('macroR')).toBe('29.4%')
    expect(metric('macroP')).toBe('35.2%')
  })

  it('shows "F1 of macro P and macro R" = 32.1 %, apart from macro F1', () => {
    expect(metric('f1PR')).toBe('32.1%')
  })

  it('shows weighted F1 = 86.1 % and κ = 0.125', () => {
    expect(metric('weightedF1')).toBe('86.1%')
    expect(metric('kappa')).toBe('0.125')
  })

  it('lists per class n, CA = recall, UA = precision and F1', () => {
    const cells = (i: number) => table().get(`[data-testid=class-row-${i}]`).findAll('td').map((td) => td.text())
    expect(cells(0)).toEqual(['90', '97.8%', '90.7%', '94.1%'])
    expect(cells(1)).toEqual(['5', '20.0%', '50.0%', '28.6%'])
    expect(cells(3)).toEqual(['2', '0.0%', '0.0%', '0.0%'])
  })

  it('puts each formula in a tooltip, telling the two macro F1s apart', () => {
    const rows = table().get('[data-testid=metrics-summary]').findAll('tr')
    const title = (label: string) => rows.find((r) => r.text().startsWith(label))!.attributes('title')
    expect(title('F1 of macro P and macro R')).toContain('2·P·R / (P + R)')
    expect(title('Macro F1')).toContain('(1/K) Σᵢ F1ᵢ')
    expect(title("Cohen's κ")).toContain('(p₀ − pₑ) / (1 − pₑ)')
    expect(title('Overall accuracy OA')).toContain('Σᵢ Cᵢᵢ / Σᵢⱼ Cᵢⱼ')
  })

  it("names recall the producer's accuracy and precision the user's accuracy in the column tooltips", () => {
    const headers = table().get('[data-testid=metrics-per-class]').findAll('thead th')
    expect(headers[2]!.attributes('title')).toContain("producer's accuracy")
    expect(headers[3]!.attributes('title')).toContain("user's accuracy")
  })
})
