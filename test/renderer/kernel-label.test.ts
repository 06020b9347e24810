// The kernels a run trains on reach the training view: the store keeps the report of the run's first
// frame (or its result), and the panel shows a label beside the status whose tooltip explains a fallback.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import type { Api } from '../../src/shared/ipc'
import type { KernelReport, ProgressFrame, RunResult } from '../../src/shared/dto'

const listeners: Record<string, (payload: never) => void> = {}
const fakeApi = {
  invoke: { 'training:start': vi.fn(async () => 'run-1') },
  on: new Proxy({}, { get: (_t, channel: string) => (fn: (payload: never) => void) => ((listeners[channel] = fn), () => undefined) }),
} as unknown as Api
vi.mock('../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))

const { useTrainingStore } = await import('../../src/renderer/src/stores/training')
const { xorExample } = await import('../../src/renderer/src/stores/network')
const { default: TrainingPanel } = await import('../../src/renderer/src/components/TrainingPanel.vue')

const FALLBACK: KernelReport = {
  set: 'ts',
  requested: 'wasm',
  dataParallel: false,
  singleThread: 'the TypeScript kernels run on one thread',
  fallback: 'WebAssembly SIMD kernels unavailable: LAYERWISE_WASM=/nonexistent/gemm.wasm does not exist',
}
const PARALLEL: KernelReport = { set: 'wasm-relaxed-simd', requested: 'wasm', dataParallel: true }

const frame = (kernels?: KernelReport): ProgressFrame => ({
  runId: 'run-1', epochs: [], batch: null, batchLosses: [], epoch: 1, totalEpochs: 10, elapsedSeconds: 1, etaSeconds: 2, samplesPerSecond: 400, state: 'running',
  ...(kernels ? { kernels } : {}),
})

describe('training store: kernels of the run', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('keeps the kernel report of the first frame through later frames without one', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(frame(FALLBACK) as never)
    listeners['training:progress']!(frame() as never)
    expect(store.kernels).toEqual(FALLBACK)
    expect(store.progress).not.toHaveProperty('kernels')
  })

  it('forgets the report when the run is reset', async () => {
    const store = useTrainingStore()
    await store.start(xorExample())
    listeners['training:progress']!(frame(PARALLEL) as never)
    store.reset()
    expect(store.kernels).toBeNull()
  })
})

function mountPanel(state: Record<string, unknown>) {
  const pinia = createTestingPinia({ initialState: { training: state }, stubActions: true, createSpy: vi.fn })
  return mount(TrainingPanel, { global: { plugins: [pinia] } })
}

describe('TrainingPanel kernel label', () => {
  it('shows no label before a run reports its kernels', () => {
    expect(mountPanel({ status: 'idle' }).find('[data-testid=kernels]').exists()).toBe(false)
  })

  it('shows wasm relaxed-SIMD on two threads for a data-parallel run', () => {
    const label = mountPanel({ status: 'running', runId: 'run-1', kernels: PARALLEL }).get('[data-testid=kernels]')
    expect(label.text()).toBe('wasm relaxed-SIMD · 2 threads')
    expect(label.attributes('title')).toContain('each batch is split over 2 threads')
  })

  it('says in the tooltip how many batch halves the second thread ran when the machine was busy', () => {
    const kernels = { ...PARALLEL, secondThread: { halves: 500, byHelper: 312 } }
    const label = mountPanel({ status: 'finished', runId: 'run-1', kernels }).get('[data-testid=kernels]')
    expect(label.attributes('title')).toContain('The second thread ran 312 of 500 batch halves; the training thread ran the others')
  })

  it('marks a fallback to the TypeScript kernels and gives the load error in its tooltip', () => {
    const label = mountPanel({ status: 'running', runId: 'run-1', kernels: FALLBACK }).get('[data-testid=kernels]')
    expect(label.text()).toBe('⚠ TS kernels (fallback)')
    expect(label.classes()).toContain('kernel-label--fallback')
    expect(label.attributes('title')).toContain('The WebAssembly kernels did not load')
    expect(label.attributes('title')).toContain('LAYERWISE_WASM=/nonexistent/gemm.wasm does not exist')
  })

  it('takes the report from a finished run\'s result (a reopened project)', () => {
    const result: RunResult = { runId: 'r', stop: { kind: 'epochs' }, epochs: 5, elapsedSeconds: 1, train: { loss: 0.1, accuracy: 1, confusion: null }, test: null, labels: null, kernels: FALLBACK }
    expect(mountPanel({ status: 'idle', result }).get('[data-testid=kernels]').text()).toBe('⚠ TS kernels (fallback)')
  })
})
