import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { dbnRows, previewDensity } from '../../../src/renderer/src/stores/dbn-estimate'
import { dbnChartOption } from '../../../src/renderer/src/components/cost/dbn-chart-option'
import { dbnLayerFormula } from '../../../src/renderer/src/components/cost/dbn-formulas'
import CostDbnTable from '../../../src/renderer/src/components/cost/CostDbnTable.vue'
import type { DbnEstimateReply, DbnRunShape, DbnTimeEstimate } from '../../../src/shared/dbn-estimate'

const time = (rbms: number[], fineTune = 0): DbnTimeEstimate => ({
  seconds: rbms.reduce((s, t) => s + t, 0) + fineTune,
  rbms,
  rbmEpochs: rbms.map((t) => t / 5),
  rbmUpdateEpochs: rbms.map((t) => t / 5),
  propagate: rbms.map(() => 0),
  fineTune,
  fineTuneUpdateEpoch: fineTune / 3,
})
const energy = { seconds: 1, joules: 1, kWh: 1 / 3.6e6, co2Grams: 1e-4 }
const rbm = (index: number, visible: number, hidden: number) => ({
  index, visible, hidden, k: 1, weights: visible * hidden, biases: visible + hidden, flopsPerSample: 10, flopsPerUpdate: 1, trainFlops: 100, monitorFlops: 20, propagateFlops: 3,
})
const reply: DbnEstimateReply = {
  cost: {
    rbms: [rbm(1, 784, 256), rbm(2, 256, 64)],
    fineTune: { kind: 'autoencoder', widths: [784, 256, 64, 256, 784], parameters: 436_000, parametersWithoutBias: 434_176, flopsPerSample: 1000, trainFlops: 5000, evaluationFlops: 700 },
    parameters: 436_000,
    parametersWithoutBias: 434_176,
    flopsPerSample: 20,
    totalFlops: 5946,
  },
  layerModel: { time: time([6.25, 6.25], 15), energy, equivalents: [] },
  flopModel: { time: time([1.05, 0.12], 2), energy, equivalents: [] },
  calibration: null,
  correction: { factors: [1, 1], reason: 'no calibration of this stack' },
}
const shape: DbnRunShape = { inputs: 784, layers: [256, 64], k: [1, 1], samples: 8000, batchSize: 64, epochs: 5, fineTune: 'autoencoder', fineTuneEpochs: 3 }

describe('DBN estimate inputs', () => {
  it('splits a data set as the DBN job does: 10 % validation, 10 % test', () => {
    expect(dbnRows(10_000)).toEqual({ samples: 8000, validationRows: 1000 })
    expect(dbnRows(1234)).toEqual({ samples: 1234 - 123 - 123, validationRows: 123 })
  })

  it('measures ρ as the share of nonzero pixels of the sample images, null without images', () => {
    expect(previewDensity({ samples: [{ pixels: [0, 1, 0, 0.5] }, { pixels: [0, 0, 0, 1] }] } as never)).toBe(3 / 8)
    expect(previewDensity({ samples: [] } as never)).toBeNull()
  })
})

describe('DBN time chart', () => {
  it('has one bar per RBM and one for fine-tuning, for each model', () => {
    const option = dbnChartOption(reply) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[] }[] }
    expect(option.xAxis.data).toEqual(['RBM 1: 784→256', 'RBM 2: 256→64', 'fine-tune autoencoder'])
    expect(option.series.map((s) => s.name)).toEqual(['layer model', 'calibrated model'])
    expect(option.series[1]!.data).toEqual([1.05, 0.12, 2])
  })

  it('starts the log axis at least 2× below the smallest bar, so the smallest bar shows', () => {
    // smallest bar 0.12 s → 0.06 s → axis from 0.01 s
    expect((dbnChartOption(reply) as { yAxis: { min: number } }).yAxis.min).toBeCloseTo(0.01, 12)
  })
})

describe('DBN formulas and table', () => {
  it('writes the layer model with its numbers: 0.01 · 2 · (8000/64) · 5 and the fine-tuning term with L_ft = 4', () => {
    const text = dbnLayerFormula(reply, shape, 0.01)
    expect(text).toContain('t = t_op · R · (N/m) · e = 0.01 · 2 · (8000/64) · 5')
    expect(text).toContain('0.01 · 4 · (8000/64) · 3')
  })

  it('lists every RBM and the fine-tuning row with their parameters', () => {
    const wrapper = mount(CostDbnTable, { props: { cost: reply.cost }, global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } })
    const rows = wrapper.findAll('tbody tr').map((r) => r.find('td').text())
    expect(rows).toEqual(['1: 784→256 CD-1', '2: 256→64 CD-1', 'fine-tune 784-256-64-256-784'])
    expect(wrapper.find('[data-testid=cost-dbn-parameters]').text()).toBe('436,000')
  })
})
