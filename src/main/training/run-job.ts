/**
 * The training loop of one job, independent of the thread it runs in (so tests can run it directly).
 * Work is done in time slices of `SLICE_MS`; between slices the loop yields to the event loop so
 * control messages arrive, and at most one progress frame per `job.frameIntervalMs` is posted —
 * never one message per sample or per batch (SPEC §7: the UI stays responsive at any speed).
 */
import { Network, Rng, Trainer } from '../../engine'
import type { Kernels, StopReason } from '../../engine/types'
import type { KernelReport, ProgressFrame, SplitName } from '../../shared/dto'
import type { FromWorker, SplitPredictions, TrainingJob } from '../../shared/engine-protocol'
import { boundaryGrid, boundaryPoints, decisionBoundary, type BoundaryGrid } from './boundary'
import { evaluateSplit } from './evaluation'
import { weightSnapshots } from './weight-snapshot'
import { runModelJson, RunModelKeeper } from '../models/run-model'
import { StepLog } from './step-log'
import { kernelReport, type KernelSet } from './kernels'

const SLICE_MS = 15
/** Per frame, the per-batch loss curve is averaged down to at most this many points. */
const MAX_BATCH_POINTS = 200

/** Flags set by control messages; `wake` resolves a pause. */
export interface JobControl {
  stopped: boolean
  paused: boolean
  wake: (() => void) | null
  /** Set by the running job: posts the model as it is now (a `model` message), for export during a run. */
  snapshot?: () => void
}

type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void

const now = () => performance.now()
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs `job` to its end (or until stopped) and posts progress, then `done` with the final weights.
 * With `loaded` (what `loadKernelSet` loaded), a `kernels` message first says which kernels and threads the run uses.
 */
export async function runJob(job: TrainingJob, kernels: Kernels, control: JobControl, post: Post, loaded?: KernelSet['report']): Promise<void> {
  const network = Network.create(job.network, new Rng(job.settings.seed), kernels)
  // On wasm kernels the trainer splits large batches over a second thread (src/engine/parallel/replica.ts)
  const trainer = new Trainer(network, { train: job.train, val: job.validation }, { ...job.settings, task: job.task })
  const report = loaded ? kernelReport(loaded, trainer.threads) : null
  if (report) post({ type: 'kernels', report })
  try {
    await trainLoop(job, network, trainer, control, post, report)
  } finally {
    trainer.dispose()
  }
}

async function trainLoop(job: TrainingJob, network: Network, trainer: Trainer, control: JobControl, post: Post, report: KernelReport | null): Promise<void> {
  const keeper = new RunModelKeeper(network, job)
  control.snapshot = () => post(keeper.snapshot(Math.min(trainer.epoch, trainer.totalEpochs)))
  const started = now()
  let pausedTime = 0
  let lastFrame = -Infinity
  let stop: StopReason | null = null
  // Rows in batch b of an epoch: full batches of m, and the remainder in the last one.
  const rows = job.train.rows
  const m = job.settings.batchSize === 'full' ? rows : Math.min(job.settings.batchSize, rows)
  const log = new StepLog((b) => (b < trainer.batchesPerEpoch - 1 ? m : rows - m * (trainer.batchesPerEpoch - 1)))
  // A 2-input classifier gets its decision boundary drawn, at most every `boundaryIntervalMs`.
  const units = job.inputs
  const grid: BoundaryGrid | null =
    units && job.network.inputs === 2 && job.task !== 'regression' ? boundaryGrid([job.train, ...(job.test ? [job.test] : [])]) : null
  const boundaryInterval = job.boundaryIntervalMs ?? 200
  let lastBoundary = -Infinity
  let pointsSent = false
  const withBoundary = (f: ProgressFrame, force: boolean): ProgressFrame => {
    if (!grid || !units || (!force && now() - lastBoundary < boundaryInterval)) return f
    lastBoundary = now()
    f.boundary = decisionBoundary(network, grid, units, log.latestBatch?.epoch ?? 0)
    if (!pointsSent) f.points = boundaryPoints(job.train, job.test, units, job.labels)
    pointsSent = true
    return f
  }

  // Samples per second since the last frame; a frame with no new batches (pause, the final one) repeats the last rate.
  let lastRate = 0
  const rate = () => {
    if (log.samplesSinceFrame > 0) lastRate = log.samplesSinceFrame / Math.max(1e-9, (now() - Math.max(lastFrame, started)) / 1000)
    return lastRate
  }
  const frame = (state: ProgressFrame['state']): ProgressFrame => {
    const elapsed = (now() - started - pausedTime) / 1000
    const totalSteps = trainer.totalEpochs * trainer.batchesPerEpoch
    const doneSteps = (trainer.epoch - 1) * trainer.batchesPerEpoch + (log.latestBatch ? log.latestBatch.batch + 1 : 0)
    const eta = doneSteps > 0 ? (elapsed / doneSteps) * Math.max(0, totalSteps - doneSteps) : null
    return {
      runId: job.runId,
      epochs: job.maxEpochsPerFrame ? thinEpochs(log.pendingEpochs, job.maxEpochsPerFrame) : log.pendingEpochs,
      batch: log.latestBatch,
      batchLosses: decimate(log.batchLosses, MAX_BATCH_POINTS),
      ...(job.task === 'regression' ? {} : { batchAccuracies: decimate(log.batchAccuracies, MAX_BATCH_POINTS) }),
      step: log.steps,
      epoch: Math.min(trainer.epoch, trainer.totalEpochs),
      totalEpochs: trainer.totalEpochs,
      elapsedSeconds: elapsed,
      etaSeconds: eta,
      samplesPerSecond: rate(),
      state,
    }
  }
  // Small networks also send their weights (≤ 10 Hz) for the editor's neurons view.
  const withWeights = weightSnapshots(network, job.network)
  const flush = (state: ProgressFrame['state'], forceBoundary = false) => {
    post({ type: 'progress', frame: withWeights(withBoundary(frame(state), forceBoundary), forceBoundary) })
    lastFrame = now()
    log.clear()
  }

  while (stop === null) {
    if (control.stopped) {
      trainer.stop()
      stop = { kind: 'stopped' }
      break
    }
    if (control.paused) {
      flush('paused')
      const pauseStart = now()
      await new Promise<void>((resolve) => (control.wake = resolve))
      control.wake = null
      pausedTime += now() - pauseStart
      continue
    }
    const sliceEnd = now() + SLICE_MS
    do {
      const step = trainer.step()
      stop = log.record(step)
      if (step.epochEnd) keeper.observe(step.epochEnd)
    } while (stop === null && now() < sliceEnd)
    // The frame that ends the run always carries the boundary of the final weights.
    if (stop !== null || now() - lastFrame >= job.frameIntervalMs) flush('running', stop !== null)
    if (stop === null) await yieldToEvents()
  }
  if (log.pendingEpochs.length > 0 || log.batchLosses.length > 0 || (grid && stop.kind === 'stopped')) flush('running', true)

  const splits: [SplitName, TrainingJob['train'] | null][] = [['train', job.train], ['validation', job.validation], ['test', job.test]]
  const evaluations: Partial<Record<SplitName, ReturnType<typeof evaluateSplit>>> = {}
  for (const [name, data] of splits) if (data && data.rows > 0) evaluations[name] = evaluateSplit(network, data, job.network.loss, job.task)
  const predictions: Partial<Record<SplitName, SplitPredictions>> = {}
  const transfer: ArrayBuffer[] = []
  for (const [name, evaluation] of Object.entries(evaluations) as [SplitName, ReturnType<typeof evaluateSplit>][]) {
    if (!evaluation.predictions) continue
    predictions[name] = evaluation.predictions
    transfer.push(evaluation.predictions.actual.buffer as ArrayBuffer, evaluation.predictions.predicted.buffer as ArrayBuffer)
  }
  // how much of a data-parallel run the second thread really carried (the report goes with the result)
  const parts = trainer.parallelParts
  if (report && parts) post({ type: 'kernels', report: { ...report, secondThread: { halves: parts.parts, byHelper: parts.byHelper } } })
  post(
    {
      type: 'done',
      result: {
        runId: job.runId,
        stop,
        epochs: trainer.epoch,
        elapsedSeconds: (now() - started - pausedTime) / 1000,
        train: evaluations.train!.dto,
        test: evaluations.test?.dto ?? null,
        validation: evaluations.validation?.dto ?? null,
        labels: job.labels,
        task: job.task,
      },
      weights: [],
      predictions,
      modelJson: runModelJson(network, job, evaluations),
    },
    transfer,
  )
}

/** At most `max` of `epochs`, evenly spaced, always with the last one. */
export function thinEpochs<T>(epochs: T[], max: number): T[] {
  if (epochs.length <= max) return epochs
  const out: T[] = []
  const stride = epochs.length / max
  for (let i = 1; i <= max; i++) out.push(epochs[Math.round(i * stride) - 1]!)
  return out
}

/** Averages `values` into at most `max` equal buckets (keeps the curve's shape, bounds the message size). */
export function decimate(values: number[], max: number): number[] {
  if (values.length <= max) return values
  const out: number[] = []
  const size = values.length / max
  for (let i = 0; i < max; i++) {
    const from = Math.floor(i * size)
    const to = Math.floor((i + 1) * size)
    let sum = 0
    for (let j = from; j < to; j++) sum += values[j]
    out.push(sum / (to - from))
  }
  return out
}
