/**
 * State of the current training run, fed by the backend's throttled progress events.
 * Epoch history lives in shallow refs replaced per frame (not deep-reactive arrays), so a fast run
 * costs one update per frame, not one per epoch.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { EpochStats, ProgressFrame, RunResult, StartTrainingRequest } from '../../../shared/dto'
import { useApi } from '../api'

export type TrainingStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'error'

export const useTrainingStore = defineStore('training', () => {
  const status = ref<TrainingStatus>('idle')
  const runId = ref<string | null>(null)
  const epochs = shallowRef<EpochStats[]>([])
  const batchLosses = shallowRef<number[]>([])
  const progress = ref<Omit<ProgressFrame, 'epochs' | 'batchLosses' | 'runId'> | null>(null)
  const result = ref<RunResult | null>(null)
  const error = ref<string | null>(null)
  let subscribed = false

  const isActive = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(status.value))
  const fraction = computed(() => (progress.value ? Math.min(1, progress.value.epoch / progress.value.totalEpochs) : 0))

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    const api = useApi()
    api.on['training:progress']((frame) => onProgress(frame))
    api.on['training:finished']((finished) => {
      if (finished.runId !== runId.value) return
      result.value = finished
      status.value = 'finished'
    })
    api.on['training:error']((failure) => {
      if (failure.runId !== runId.value) return
      error.value = failure.message
      status.value = 'error'
    })
  }

  function onProgress(frame: ProgressFrame): void {
    if (frame.runId !== runId.value) return
    if (frame.epochs.length > 0) epochs.value = epochs.value.concat(frame.epochs)
    if (frame.batchLosses.length > 0) batchLosses.value = batchLosses.value.concat(frame.batchLosses)
    const { epochs: _e, batchLosses: _b, runId: _r, ...rest } = frame
    progress.value = rest
    if (status.value === 'running' || status.value === 'paused') status.value = frame.state
  }

  /** Starts a run; clears the previous one. */
  async function start(request: StartTrainingRequest): Promise<void> {
    subscribe()
    epochs.value = []
    batchLosses.value = []
    progress.value = null
    result.value = null
    error.value = null
    status.value = 'starting'
    try {
      runId.value = await useApi().invoke['training:start'](request)
      if (status.value === 'starting') status.value = 'running'
    } catch (e) {
      error.value = (e as Error).message
      status.value = 'error'
    }
  }

  async function control(action: 'training:stop' | 'training:pause' | 'training:resume'): Promise<void> {
    if (!runId.value) return
    try {
      await useApi().invoke[action](runId.value)
      if (action === 'training:stop') status.value = 'stopping'
      if (action === 'training:pause') status.value = 'paused'
      if (action === 'training:resume') status.value = 'running'
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  return {
    status, runId, epochs, batchLosses, progress, result, error, isActive, fraction,
    start, onProgress,
    stop: () => control('training:stop'),
    pause: () => control('training:pause'),
    resume: () => control('training:resume'),
  }
})
