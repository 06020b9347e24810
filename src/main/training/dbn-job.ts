/**
 * The training loop of one DBN job (SPEC §4), independent of the thread it runs in: greedy layer-wise
 * pretraining then optional fine-tuning, one `DbnPipeline.step()` (one mini-batch) at a time. Like
 * `run-job.ts`, work runs in time slices with a yield to the event loop in between (pause / resume / stop
 * arrive within milliseconds), and at most one progress frame per `job.frameIntervalMs` carries everything
 * new since the previous one: finished RBM epochs (reconstruction error, pseudo-log-likelihood, free energy
 * of training vs validation rows), fine-tuning epochs, and for image data the current layer's filters
 * (at most every `filterIntervalMs`). The end posts the result and the saved model JSON.
 */
import { Rng } from '../../engine'
import {
  Dbn,
  DbnPipeline,
  classify,
  hiddenFilters,
  mse,
  parseNoise,
  psnr,
  reconstructRows,
  saveDbnModel,
  type DbnFamilyModel,
  type FineTuneSpec,
  type Matrix,
  type Rbm,
  type RbmEpochStats,
  type FineTuneEpochStats,
} from '../../engine/rbm'
import type { Dataset, Kernels } from '../../engine/types'
import type { DbnFiltersDto, DbnFineTuneEpochDto, DbnModelSummary, DbnPretrainEpochDto, DbnProgressFrame, DbnRunResult, DbnSplitMetrics } from '../../shared/dbn'
import type { DbnJob, FromWorker } from '../../shared/engine-protocol'
import { layerHistograms } from '../dbn/histograms'
import type { JobControl } from './run-job'

const SLICE_MS = 15
const DEFAULT_FILTER_INTERVAL_MS = 500
const DEFAULT_MAX_FILTERS = 100

type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void

const now = () => performance.now()
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve))
const matrix = (d: Dataset): Matrix => ({ rows: d.rows, cols: d.inputs, data: d.x })

/** The fine-tuning the settings ask for, in the engine's terms. */
export function fineTuneSpec(job: DbnJob): FineTuneSpec {
  const s = job.settings
  const common = { epochs: s.fineTuneEpochs, batchSize: s.batchSize, ...(s.fineTuneLearningRate ? { learningRate: s.fineTuneLearningRate } : {}) }
  if (s.fineTune === 'none' || s.fineTuneEpochs === 0) return { mode: 'none' }
  if (s.fineTune === 'classifier') {
    if (!job.labels || job.labels.length < 2) throw new Error('The DBN classifier needs a class column with at least two classes.')
    return { mode: 'classifier', classes: job.labels.length, ...common }
  }
  return { mode: 'autoencoder', ...common, ...(s.noise ? { noise: parseNoise(s.noise) } : {}) }
}

/** The optional RBM settings of the app's DBN panel (momentum schedule, weight decay), when set. */
function rbmExtras(s: DbnJob['settings']): { momentum?: number; momentumWarmupEpochs?: number; weightDecay?: number } {
  return {
    ...(s.momentum !== undefined ? { momentum: s.momentum } : {}),
    ...(s.momentumWarmupEpochs !== undefined ? { momentumWarmupEpochs: s.momentumWarmupEpochs } : {}),
    ...(s.weightDecay !== undefined ? { weightDecay: s.weightDecay } : {}),
  }
}

/** Builds the pipeline of a job (throws a readable message on bad settings or data). */
export function dbnPipeline(job: DbnJob, kernels: Kernels): DbnPipeline {
  const s = job.settings
  const classifier = s.fineTune === 'classifier' && s.fineTuneEpochs > 0
  return new DbnPipeline(
    kernels,
    {
      train: matrix(job.train),
      validation: job.validation && job.validation.rows > 0 ? matrix(job.validation) : null,
      labels: classifier ? (job.train.labels ?? null) : null,
      validationLabels: classifier ? (job.validation?.labels ?? null) : null,
    },
    { layers: s.layers, visible: s.visible, rbm: { epochs: s.rbmEpochs, batchSize: s.batchSize, learningRate: s.learningRate, k: s.cdK, persistent: s.persistent, ...rbmExtras(s) } },
    fineTuneSpec(job),
    new Rng(s.seed),
  )
}

/** Runs `job` to its end (or until stopped), posting throttled `dbn-progress` frames, then `dbn-done`. */
export async function runDbnJob(job: DbnJob, kernels: Kernels, control: JobControl, post: Post): Promise<void> {
  const s = job.settings
  const pipeline = dbnPipeline(job, kernels)
  const fine = fineTuneSpec(job)
  const started = now()
  let pausedTime = 0
  let lastFrame = -Infinity
  let lastFilters = -Infinity
  let lastHistograms = -Infinity
  const filterInterval = job.filterIntervalMs ?? DEFAULT_FILTER_INTERVAL_MS
  const allPretrain: DbnPretrainEpochDto[] = []
  const allFineTune: DbnFineTuneEpochDto[] = []
  let pendingPretrain: DbnPretrainEpochDto[] = []
  let pendingFineTune: DbnFineTuneEpochDto[] = []
  let current: { phase: DbnProgressFrame['phase']; layer: number; epoch: number; batch: number; batchesPerEpoch: number } = {
    phase: 'pretrain',
    layer: 1,
    epoch: 0,
    batch: 0,
    batchesPerEpoch: Math.ceil(job.train.rows / Math.min(s.batchSize, job.train.rows)),
  }
  let steps = 0
  let samplesSinceFrame = 0
  let lastRate = 0
  const pretrainSteps = s.layers.length * s.rbmEpochs * current.batchesPerEpoch
  const fineSteps = fine.mode === 'none' ? 0 : fine.epochs * Math.ceil(job.train.rows / Math.min(fine.batchSize, job.train.rows))

  const frame = (state: DbnProgressFrame['state'], forceFilters: boolean): DbnProgressFrame => {
    const elapsed = (now() - started - pausedTime) / 1000
    if (samplesSinceFrame > 0) lastRate = samplesSinceFrame / Math.max(1e-9, (now() - Math.max(lastFrame, started)) / 1000)
    const total = pretrainSteps + fineSteps
    const f: DbnProgressFrame = {
      runId: job.runId,
      phase: current.phase,
      layer: current.phase === 'pretrain' ? current.layer : 0,
      layers: s.layers.length,
      epoch: current.epoch,
      totalEpochs: current.phase === 'pretrain' ? s.rbmEpochs : fine.mode === 'none' ? 0 : fine.epochs,
      batch: current.batch,
      batchesPerEpoch: current.batchesPerEpoch,
      pretrainEpochs: pendingPretrain,
      fineTuneEpochs: pendingFineTune,
      elapsedSeconds: elapsed,
      etaSeconds: steps > 0 ? (elapsed / steps) * Math.max(0, total - steps) : null,
      samplesPerSecond: lastRate,
      state,
    }
    if (current.phase === 'pretrain' && (forceFilters || now() - lastHistograms >= filterInterval)) {
      const stack = stackThrough(pipeline, current.layer)
      if (stack) f.histograms = layerHistograms(stack, current.layer, matrix(job.train))
      lastHistograms = now()
    }
    if (job.image && current.phase === 'pretrain' && (forceFilters || now() - lastFilters >= filterInterval)) {
      const filters = layerFilters(pipeline, current.layer, job.image, job.maxFilters ?? DEFAULT_MAX_FILTERS)
      if (filters) {
        f.filters = filters
        lastFilters = now()
      }
    }
    return f
  }
  const flush = (state: DbnProgressFrame['state'], forceFilters = false) => {
    post({ type: 'dbn-progress', frame: frame(state, forceFilters) })
    lastFrame = now()
    pendingPretrain = []
    pendingFineTune = []
    samplesSinceFrame = 0
  }

  let done = false
  let stop: DbnRunResult['stop'] = { kind: 'epochs' }
  while (!done) {
    if (control.stopped) pipeline.stop()
    if (control.paused && !control.stopped) {
      flush('paused')
      const pauseStart = now()
      await new Promise<void>((resolve) => (control.wake = resolve))
      control.wake = null
      pausedTime += now() - pauseStart
      continue
    }
    const sliceEnd = now() + SLICE_MS
    let layerEnded = false
    do {
      const r = pipeline.step()
      steps++
      samplesSinceFrame += job.train.rows / Math.max(1, r.batchesPerEpoch)
      if (r.phase !== current.phase || r.layer !== current.layer) current = { ...current, phase: r.phase, layer: r.layer, epoch: 0 }
      current.batch = r.batch
      current.batchesPerEpoch = r.batchesPerEpoch
      if (r.pretrainEpoch) {
        const e = pretrainDto(r.layer, r.pretrainEpoch)
        pendingPretrain.push(e)
        allPretrain.push(e)
        current.epoch = e.epoch
        if (e.epoch === s.rbmEpochs) layerEnded = true
      }
      if (r.fineTuneEpoch) {
        const e = fineTuneDto(r.fineTuneEpoch)
        pendingFineTune.push(e)
        allFineTune.push(e)
        current.epoch = e.epoch
      }
      done = r.done
      if (r.stopReason) stop = r.stopReason
    } while (!done && !layerEnded && now() < sliceEnd)
    // The frame that ends a layer always carries that layer's final filters.
    if (done || layerEnded || now() - lastFrame >= job.frameIntervalMs) flush('running', layerEnded)
    if (!done) await yieldToEvents()
  }

  const model = pipeline.model({ preprocessing: job.preprocessing ?? undefined, training: { ...s } })
  const summary = summarize(model, job, s.visible)
  const modelJson = saveDbnModel({ ...model, metrics: metricsObject(summary.metrics) })
  const result: DbnRunResult = {
    runId: job.runId,
    stop,
    elapsedSeconds: (now() - started - pausedTime) / 1000,
    pretrainEpochs: allPretrain,
    fineTuneEpochs: allFineTune,
    model: summary,
    labels: job.labels,
  }
  post({ type: 'dbn-done', result, modelJson })
}

function pretrainDto(layer: number, e: RbmEpochStats): DbnPretrainEpochDto {
  return {
    layer,
    epoch: e.epoch,
    reconstructionError: e.reconstructionError,
    pseudoLogLikelihood: e.pseudoLogLikelihood,
    freeEnergyTrain: e.freeEnergyTrain,
    freeEnergyVal: e.freeEnergyVal,
    seconds: e.seconds,
    samplesPerSecond: e.samplesPerSecond,
    momentum: e.momentum,
    learningRate: e.learningRate,
  }
}

function fineTuneDto(e: FineTuneEpochStats): DbnFineTuneEpochDto {
  return {
    epoch: e.epoch,
    trainLoss: e.trainLoss,
    valLoss: e.valLoss,
    trainAccuracy: e.trainAccuracy,
    valAccuracy: e.valAccuracy,
    seconds: e.seconds,
    samplesPerSecond: e.samplesPerSecond,
  }
}

/**
 * The stack up to `layer` (from 1): finished layers, plus the RBM still in training. `DbnTrainer` keeps
 * the layer in training private, so it is read through a narrow structural view; the job test checks
 * that filters of layer 1 arrive while layer 1 trains, so a change of that field fails loudly.
 */
function stackThrough(pipeline: DbnPipeline, layer: number): Dbn | null {
  const trained = pipeline.pretrainer.trained
  if (trained.length >= layer) return new Dbn(trained.slice(0, layer))
  const inTraining = (pipeline.pretrainer as unknown as { current: { rbm: Rbm } | null }).current?.rbm
  return inTraining && trained.length === layer - 1 ? new Dbn([...trained, inTraining]) : null
}

function layerFilters(pipeline: DbnPipeline, layer: number, image: NonNullable<DbnJob['image']>, max: number): DbnFiltersDto | null {
  const stack = stackThrough(pipeline, layer)
  if (!stack || stack.nVisible !== image.width * image.height * image.channels) return null
  const all = hiddenFilters(stack, layer)
  return { layer, units: all.length, ...image, filters: all.slice(0, max).map((f) => Array.from(f, (v) => Math.round(v * 1e4) / 1e4)) }
}

/** Sizes, parameter count and the final metrics per split of a finished model. */
export function summarize(model: DbnFamilyModel, job: Pick<DbnJob, 'train' | 'validation' | 'test'>, visible: DbnModelSummary['visible']): DbnModelSummary {
  const splits: [DbnSplitMetrics['split'], Dataset | null][] = [['train', job.train], ['validation', job.validation], ['test', job.test]]
  const metrics: DbnSplitMetrics[] = []
  for (const [split, d] of splits) {
    if (!d || d.rows === 0) continue
    if (model.kind === 'dbn-classifier') {
      let hits = 0
      const predicted = classify(model.classifier, d.x, d.rows)
      if (d.labels) predicted.forEach((p, i) => (hits += p === d.labels![i] ? 1 : 0))
      metrics.push({ split, rows: d.rows, reconstructionMse: null, psnr: null, accuracy: d.labels ? hits / d.rows : null })
      continue
    }
    const reconstructor = model.kind === 'rbm' ? model.rbm : model.kind === 'dbn' ? model.dbn : model.autoencoder
    const error = mse(reconstructRows(reconstructor, d.x, d.rows), d.x.subarray(0, d.rows * d.inputs))
    metrics.push({ split, rows: d.rows, reconstructionMse: error, psnr: visible === 'bernoulli' ? psnr(error) : null, accuracy: null })
  }
  const rbms = model.kind === 'rbm' ? [model.rbm] : model.kind === 'dbn' ? model.dbn.layers : (model.pretrained?.layers ?? [])
  const net = model.kind === 'autoencoder' ? model.autoencoder.net : model.kind === 'dbn-classifier' ? model.classifier.net : null
  const parameters = net
    ? net.layers.reduce((n, l) => n + l.inputs * l.outputs + l.outputs, 0)
    : rbms.reduce((n, r) => n + r.nVisible * r.nHidden + r.nVisible + r.nHidden, 0)
  return {
    kind: model.kind,
    visible,
    sizes: rbms.length > 0 ? [rbms[0].nVisible, ...rbms.map((r) => r.nHidden)] : [job.train.inputs],
    classes: model.kind === 'dbn-classifier' ? model.classifier.classes : null,
    parameters,
    metrics,
  }
}

/** The summary's metrics as the model file's free-form `metrics` object (non-finite PSNR left out). */
export function metricsObject(metrics: DbnSplitMetrics[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const m of metrics) {
    const entry: Record<string, number> = { rows: m.rows }
    if (m.reconstructionMse !== null) entry.reconstructionMse = m.reconstructionMse
    if (m.psnr !== null && Number.isFinite(m.psnr)) entry.psnr = m.psnr
    if (m.accuracy !== null) entry.accuracy = m.accuracy
    out[m.split] = entry
  }
  return out
}
