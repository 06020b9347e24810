import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import CostModels from '../../../src/renderer/src/components/cost/CostModels.vue'
import CostHistory from '../../../src/renderer/src/components/cost/CostHistory.vue'
import CostNetworkTable from '../../../src/renderer/src/components/cost/CostNetworkTable.vue'
import CostInputs from '../../../src/renderer/src/components/cost/CostInputs.vue'
import { useEstimatorStore, type RunCheck } from '../../../src/renderer/src/stores/estimator'
import { machineInfo, reply } from './fixtures'

function mountWith<T>(component: T, estimator: Record<string, unknown>) {
  const pinia = createTestingPinia({ initialState: { estimator }, stubActions: true, createSpy: vi.fn })
  const wrapper = mount(component as never, { global: { plugins: [pinia] } })
  return { wrapper, store: useEstimatorStore(pinia) }
}

const inputs = { samples: 60_000, batchSize: 100, epochs: 10, optimizer: 'sgd', tOp: 0.01, profile: 'machine', watts: 10, pue: 1, carbonGramsPerKwh: 480 }

describe('CostModels', () => {
  it('shows both models\' times side by side', () => {
    const { wrapper } = mountWith(CostModels, { estimate: reply(120, 3.5), inputs })
    expect(wrapper.get('[data-testid=time-layer]').text()).toBe('2.00 min')
    expect(wrapper.get('[data-testid=time-flop]').text()).toBe('3.50 s')
  })

  it('puts the layer formula with the numbers in the tooltip', () => {
    const { wrapper } = mountWith(CostModels, { estimate: reply(120, null), inputs })
    expect(wrapper.get('[data-testid=model-layer]').attributes('title')).toBe('t = t_op · L · (N/m) · e = 0.01 · 2 · (60000/100) · 10 = 2.00 min')
  })

  it('shows a dash and a Calibrate button before any calibration', () => {
    const { wrapper } = mountWith(CostModels, { estimate: reply(120, null), inputs })
    expect(wrapper.get('[data-testid=time-flop]').text()).toBe('–')
    expect(wrapper.get('[data-testid=calibrate]').text()).toBe('Calibrate')
  })

  it('calibrates when the button is pressed', async () => {
    const { wrapper, store } = mountWith(CostModels, { estimate: reply(120, null), inputs })
    await wrapper.get('[data-testid=calibrate]').trigger('click')
    expect(store.calibrate).toHaveBeenCalledOnce()
  })

  it('lists the equivalents with their assumptions', () => {
    const { wrapper } = mountWith(CostModels, { estimate: reply(120, null), inputs })
    expect(wrapper.get('[data-testid=cost-equivalents]').text()).toContain('phone charges (one full smartphone charge ≈ 15 Wh)')
  })
})

describe('CostNetworkTable', () => {
  it('shows the parameters of 784-128-10 with the count without bias in the tooltip', () => {
    const wrapper = mount(CostNetworkTable, { props: { cost: reply(1, null).cost } })
    const total = wrapper.get('[data-testid=cost-parameters]')
    expect(total.text()).toBe('101,770')
    expect(total.attributes('title')).toBe('101,632 without bias')
  })
})

describe('CostHistory', () => {
  const check: RunCheck = {
    label: 'run 1', network: '2-4-1', samples: 4, batchSize: 4, epochs: 100, measuredSeconds: 1, wallSeconds: 1.2,
    layerSeconds: 1.2, flopSeconds: 0.5, layerErrorPercent: 20, flopErrorPercent: -50, estimatedJoules: 5, measuredJoules: null,
  }

  it('shows each run with the error of both estimates in %', () => {
    const { wrapper } = mountWith(CostHistory, { checks: [check] })
    const cells = wrapper.findAll('tbody td').map((td) => td.text())
    expect(cells.slice(0, 4)).toEqual(['run 1', '1.00 s', '1.20 s +20.0 %', '500 ms −50.0 %'])
  })

  it('marks the energy as an estimate where RAPL is unreadable', () => {
    const { wrapper } = mountWith(CostHistory, { checks: [check] })
    expect(wrapper.findAll('tbody td')[4]!.text()).toBe('5.00 J est.')
  })

  it('explains itself before the first run', () => {
    const { wrapper } = mountWith(CostHistory, { checks: [] })
    expect(wrapper.text()).toContain('After each training run')
  })
})

describe('CostInputs', () => {
  it('pins an edited batch size through the store', async () => {
    const { wrapper, store } = mountWith(CostInputs, { inputs, machine: machineInfo })
    await wrapper.get('[data-testid=input-batch]').setValue('32')
    expect(store.edit).toHaveBeenCalledWith('batchSize', 32)
  })

  it('converts t_op from the milliseconds shown to seconds', async () => {
    const { wrapper, store } = mountWith(CostInputs, { inputs, machine: machineInfo })
    expect((wrapper.get('[data-testid=input-top]').element as HTMLInputElement).value).toBe('10')
    await wrapper.get('[data-testid=input-top]').setValue('20')
    expect(store.edit).toHaveBeenCalledWith('tOp', 0.02)
  })

  it('says where ρ came from under the run inputs', async () => {
    const { wrapper, store } = mountWith(CostInputs, { inputs: { ...inputs, inputDensity: 0.192 }, machine: machineInfo })
    ;(store as unknown as { densitySource: string }).densitySource = 'ρ = 0.192 of the 48,000 prepared training rows of mnist'
    await nextTick()
    expect(wrapper.get('[data-testid=density-source]').text()).toBe('ρ = 0.192 of the 48,000 prepared training rows of mnist')
  })

  it('states the power assumption of this machine', () => {
    const { wrapper } = mountWith(CostInputs, { inputs, machine: machineInfo })
    expect(wrapper.get('[data-testid=power-assumption]').text()).toContain('TDP × utilisation')
  })
})
