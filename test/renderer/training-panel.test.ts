import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import TrainingPanel from '../../src/renderer/src/components/TrainingPanel.vue'
import { useTrainingStore } from '../../src/renderer/src/stores/training'

function mountPanel(state: Record<string, unknown> = {}) {
  const pinia = createTestingPinia({ initialState: { training: state }, stubActions: true, createSpy: vi.fn })
  const wrapper = mount(TrainingPanel, { global: { plugins: [pinia] } })
  return { wrapper, store: useTrainingStore(pinia) }
}

describe('TrainingPanel', () => {
  it('starts training with the network store\'s example when Train is pressed', async () => {
    const { wrapper, store } = mountPanel()
    await wrapper.get('[data-testid=train]').trigger('click')
    expect(store.start).toHaveBeenCalledOnce()
    const request = (store.start as unknown as { mock: { calls: [{ data: { name: string }; network: { inputs: number } }][] } }).mock.calls[0]![0]
    expect(request.data.name).toBe('xor')
    expect(request.network.inputs).toBe(2)
  })

  it('disables Train and enables Stop while a run is active', () => {
    const { wrapper } = mountPanel({ status: 'running', runId: 'r' })
    expect(wrapper.get('[data-testid=train]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid=stop]').attributes('disabled')).toBeUndefined()
  })

  it('shows epoch progress as "epoch / total"', () => {
    const { wrapper } = mountPanel({ status: 'running', progress: { epoch: 12, totalEpochs: 40, elapsedSeconds: 3, etaSeconds: 7, samplesPerSecond: 52000, batch: null, state: 'running' } })
    expect(wrapper.get('[data-testid=epoch]').text()).toBe('12 / 40')
    expect(wrapper.text()).toContain('52k')
  })

  it('shows the test accuracy as a percentage when the run is finished', () => {
    const result = { runId: 'r', stop: { kind: 'epochs' }, epochs: 1000, elapsedSeconds: 1, train: { loss: 0.02, accuracy: 0.75, confusion: null }, test: { loss: 0.01, accuracy: 1, confusion: null }, labels: null }
    const { wrapper } = mountPanel({ status: 'finished', result })
    expect(wrapper.get('[data-testid=accuracy]').text()).toBe('100.0%')
    expect(wrapper.get('[data-testid=result]').text()).toContain('reached the last epoch')
  })

  it('shows an error message as an alert', () => {
    const { wrapper } = mountPanel({ status: 'error', error: 'Loss became NaN at epoch 3.' })
    expect(wrapper.get('[role=alert]').text()).toBe('Loss became NaN at epoch 3.')
  })
})

describe('TrainingPanel settings', () => {
  it('sets the epochs from the input and ignores values that are not positive integers', async () => {
    const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
    const wrapper = mount(TrainingPanel, { global: { plugins: [pinia] } })
    const { useNetworkStore } = await import('../../src/renderer/src/stores/network')
    const network = useNetworkStore(pinia)
    const input = wrapper.get('[data-testid=epochs-input]')
    await input.setValue('250')
    expect(network.settings.epochs).toBe(250)
    await input.setValue('2.5')
    await input.setValue('-3')
    expect(network.settings.epochs).toBe(250)
  })
})
