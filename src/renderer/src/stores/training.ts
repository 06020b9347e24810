/**
 * State of the current training run, fed by the backend's throttled progress events, plus the runs
 * of this session kept for comparison and the samples of a confusion-matrix cell.
 * Histories live in shallow refs: epochs are replaced per frame, the per-batch series are appended in
 * place and signalled once with `triggerRef`, so a fast run costs one update per frame, not per batch.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type {
  BoundaryPointsDto,
  BuiltinInfo,
  CellSamples,
  DecisionBoundaryDto,
  EpochStats,
  KernelReport,
  ProgressFrame,
  RunResult,
  SplitName,
  StartTrainingRequest,
} from '../../../shared/dto'
import { useApi } from '../api'

export type TrainingStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'error'

/** A finished or abandoned run of this session, drawn faintly under the current one. */
export interface PastRun {
  runId: string
  label: string
  epochs: EpochStats[]
}

/** The selected confusion-matrix cell and its samples. */
export interface CellSelection {
  split: SplitName
  actual: number
  predicted: number
  samples: CellSamples | null
  loading: boolean
  error: string | null
}

/** Earlier runs kept for comparison. */
const MAX_HISTORY = 4
/** Above this many epochs (batch points) the kept history is halved, so a million-epoch run stays light. */
const MAX_EPOCHS_KEPT = 10_000
const MAX_BATCH_POINTS_KEPT = 200_000

/** Drops every other entry of each array in place (same indices in all), always keeping the last one. */
export function compact(...arrays: unknown[][]): void {
  const n = arrays[0]?.length ?? 0
  for (const a of arrays) {
    let w = 0
    for (let r = 0; r < n; r++) if (r % 2 === 0 || r === n - 1) a[w++] = a[r]
    a.length = w
  }
}

export const useTrainingStore = defineStore('training', () => {
  const status = ref<TrainingStatus>('idle')
  const runId = ref<string | null>(null)
  const runLabel = ref('')
  const epochs = shallowRef<EpochStats[]>([])
  const batchLosses = shallowRef<number[]>([])
  const batchAccuracies = shallowRef<number[]>([])
  /** x of each per-batch point, in epochs (batch step / batches per epoch). */
  const batchSteps = shallowRef<number[]>([])
  const progress = ref<Omit<ProgressFrame, 'epochs' | 'batchLosses' | 'runId' | 'batchAccuracies' | 'boundary' | 'points' | 'kernels'> | null>(null)
  /** The kernels the current run trains on (from its first frame or its result), with the reason of a fallback. */
  const kernels = ref<KernelReport | null>(null)
  const boundary = shallowRef<DecisionBoundaryDto | null>(null)
  const points = shallowRef<BoundaryPointsDto | null>(null)
  const result = ref<RunResult | null>(null)
  const error = ref<string | null>(null)
  const history = shallowRef<PastRun[]>([])
  const builtins = ref<BuiltinInfo[]>([])
  const selection = ref<CellSelection | null>(null)
  let subscribed = false
  let lastStep = 0
  let runCount = 0

  const isActive = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(status.value))
  const fraction = computed(() => {
    const p = progress.value
    if (!p) return 0
    if (!p.batch) return Math.min(1, p.epoch / p.totalEpochs)
    return Math.min(1, (p.batch.epoch - 1 + (p.batch.batch + 1) / p.batch.batchesPerEpoch) / p.totalEpochs)
  })

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    const api = useApi()
    api.on['training:progress']((frame) => onProgress(frame))
    api.on['training:finished']((finished) => {
      if (finished.runId !== runId.value) return
      result.value = finished
      if (finished.kernels) kernels.value = finished.kernels
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
    if (frame.epochs.length > 0) {
      for (const e of frame.epochs) epochs.value.push(e)
      if (epochs.value.length > MAX_EPOCHS_KEPT) compact(epochs.value)
      triggerRef(epochs)
    }
    if (frame.batchLosses.length > 0) appendBatches(frame)
    if (frame.boundary) boundary.value = frame.boundary
    if (frame.points) points.value = frame.points
    if (frame.kernels) kernels.value = frame.kernels
    const { epochs: _e, batchLosses: _b, runId: _r, batchAccuracies: _a, boundary: _d, points: _p, kernels: _k, ...rest } = frame
    progress.value = rest
    if (status.value === 'running' || status.value === 'paused') status.value = frame.state
  }

  /** The frame's k decimated batch points are spread evenly over the steps since the previous frame. */
  function appendBatches(frame: ProgressFrame): void {
    const k = frame.batchLosses.length
    const perEpoch = frame.batch?.batchesPerEpoch ?? 1
    const step = frame.step ?? lastStep + k
    for (let i = 0; i < k; i++) batchSteps.value.push((lastStep + ((i + 1) * (step - lastStep)) / k) / perEpoch)
    for (const loss of frame.batchLosses) batchLosses.value.push(loss)
    for (const accuracy of frame.batchAccuracies ?? []) batchAccuracies.value.push(accuracy)
    lastStep = step
    if (batchSteps.value.length > MAX_BATCH_POINTS_KEPT) {
      compact(batchSteps.value, batchLosses.value, ...(batchAccuracies.value.length > 0 ? [batchAccuracies.value] : []))
    }
    triggerRef(batchSteps)
    triggerRef(batchLosses)
    triggerRef(batchAccuracies)
  }

  /** Keeps the current run (if it has epochs) among the earlier runs. */
  function archive(): void {
    if (!runId.value || epochs.value.length === 0) return
    history.value = [...history.value, { runId: runId.value, label: runLabel.value, epochs: epochs.value }].slice(-MAX_HISTORY)
  }

  /**
   * Shows a saved run (a project's results: its result and epochs) or none: what a project opened or
   * a new one shows, never the run of the project before, whose kernels no longer apply.
   */
  function showSaved(saved: { result: RunResult; epochs: EpochStats[] } | null): void {
    result.value = saved?.result ?? null
    epochs.value = saved?.epochs ?? []
    kernels.value = null
  }

  /** Clears the current run's charts and result (earlier runs stay for comparison). */
  function reset(): void {
    archive()
    runId.value = null
    epochs.value = []
    batchLosses.value = []
    batchAccuracies.value = []
    batchSteps.value = []
    lastStep = 0
    progress.value = null
    kernels.value = null
    boundary.value = null
    points.value = null
    result.value = null
    error.value = null
    selection.value = null
    status.value = 'idle'
  }

  /** Starts a run; the previous one moves to the history. */
  async function start(request: StartTrainingRequest): Promise<void> {
    subscribe()
    reset()
    runCount++
    const s = request.settings
    runLabel.value = `run ${runCount}: ${request.data.name}, ${s.optimizer} η=${s.learningRate}, batch ${s.batchSize}`
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

  /** Loads the list of built-in data sets once; a failure leaves the list empty. */
  async function loadBuiltins(): Promise<void> {
    if (builtins.value.length > 0) return
    try {
      builtins.value = await useApi().invoke['data:builtins']()
    } catch {
      builtins.value = []
    }
  }

  /** Selects a confusion-matrix cell of the finished run and fetches its samples (at most 200). */
  async function selectCell(split: SplitName, actual: number, predicted: number): Promise<void> {
    if (!runId.value) return
    const selected: CellSelection = { split, actual, predicted, samples: null, loading: true, error: null }
    selection.value = selected
    try {
      const samples = await useApi().invoke['training:samples']({ runId: runId.value, split, actual, predicted })
      if (sameCell(selection.value, selected)) selection.value = { ...selected, samples, loading: false }
    } catch (e) {
      if (sameCell(selection.value, selected)) selection.value = { ...selected, loading: false, error: (e as Error).message }
    }
  }

  return {
    status, runId, runLabel, epochs, batchLosses, batchAccuracies, batchSteps, progress, kernels, boundary, points, result, error, showSaved,
    history, builtins, selection, isActive, fraction,
    start, onProgress, reset, loadBuiltins, selectCell,
    stop: () => control('training:stop'),
    pause: () => control('training:pause'),
    resume: () => control('training:resume'),
  }
})

function sameCell(a: CellSelection | null, b: CellSelection): boolean {
  return a !== null && a.split === b.split && a.actual === b.actual && a.predicted === b.predicted
}
