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

describe('TrainingPanel controls', () => {
  it('offers Resume instead of Pause while paused, and resumes', async () => {
    const { wrapper, store } = mountPanel({ status: 'paused', runId: 'r' })
    expect(wrapper.find('[data-testid=pause]').exists()).toBe(false)
    await wrapper.get('[data-testid=resume]').trigger('click')
    expect(store.resume).toHaveBeenCalledOnce()
  })

  it('resets a finished run', async () => {
    const { wrapper, store } = mountPanel({ status: 'finished', runId: 'r' })
    await wrapper.get('[data-testid=reset]').trigger('click')
    expect(store.reset).toHaveBeenCalledOnce()
  })

  it('disables the settings while a run is active', () => {
    const { wrapper } = mountPanel({ status: 'running', runId: 'r' })
    expect(wrapper.get('fieldset').attributes('disabled')).toBeDefined()
  })

  it('shows the batch within the epoch', () => {
    const batch = { epoch: 2, batch: 4, batchesPerEpoch: 10, loss: 0.1, accuracy: null }
    const { wrapper } = mountPanel({ status: 'running', progress: { epoch: 2, totalEpochs: 40, elapsedSeconds: 3, etaSeconds: 7, samplesPerSecond: 500, batch, state: 'running' } })
    expect(wrapper.get('[data-testid=batch]').text()).toBe('5 / 10')
  })
})

describe('TrainingPanel settings with the course vocabulary', () => {
  async function mountLive() {
    const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
    const wrapper = mount(TrainingPanel, { global: { plugins: [pinia] } })
    const { useNetworkStore } = await import('../../src/renderer/src/stores/network')
    return { wrapper, network: useNetworkStore(pinia), training: useTrainingStore(pinia) }
  }

  it('switches between batch GD, mini-batch of m and online SGD', async () => {
    const { wrapper, network } = await mountLive()
    const mode = wrapper.get('[data-testid=batch-mode]')
    await mode.setValue('online')
    expect(network.settings.batchSize).toBe(1)
    await mode.setValue('mini')
    await wrapper.get('[data-testid=batch-size]').setValue('64')
    expect(network.settings.batchSize).toBe(64)
    await mode.setValue('full')
    expect(network.settings.batchSize).toBe('full')
  })

  it('explains each batch mode in its tooltip', async () => {
    const { wrapper } = await mountLive()
    const titles = wrapper.get('[data-testid=batch-mode]').findAll('option').map((o) => o.attributes('title'))
    expect(titles[0]).toContain('Batch gradient descent')
    expect(titles[1]).toContain('Mini-batch')
    expect(titles[2]).toContain('Stochastic (online)')
  })

  it('sets the optimizer', async () => {
    const { wrapper, network } = await mountLive()
    await wrapper.get('[data-testid=optimizer-select]').setValue('adam')
    expect(network.settings.optimizer).toBe('adam')
  })

  it('sets and clears the stopping criteria (target accuracy typed in %)', async () => {
    const { wrapper, network } = await mountLive()
    await wrapper.get('[data-testid=stop-target]').setValue('95')
    await wrapper.get('[data-testid=stop-patience]').setValue('10')
    expect(network.settings.stopping).toEqual({ targetAccuracy: 0.95, patience: 10 })
    await wrapper.get('[data-testid=stop-patience]').setValue('')
    expect(network.settings.stopping).toEqual({ targetAccuracy: 0.95 })
  })

  it('binds the picked built-in data set to the network store', async () => {
    const { wrapper, network, training } = await mountLive()
    training.builtins = [{ name: 'spirals', title: 'Two spirals', description: 'Two arms', kind: 'toy', generated: true }]
    await wrapper.vm.$nextTick()
    await wrapper.get('[data-testid=dataset-select]').setValue('spirals')
    expect(network.data).toEqual({ kind: 'builtin', name: 'spirals' })
  })
})
