/**
 * The DBN view's state (SPEC §4, issue 10): the settings panel of the RBM / DBN stack / Autoencoder graph,
 * the run fed by `dbn:progress` / `dbn:finished` (monitors per layer and epoch, filters, histograms), and
 * the uses of the finished model: denoise, anomaly scores, Gibbs samples, filters of any layer. Also the
 * walkthrough "find the odd digit". Only this store calls the backend for these views (STYLE §9).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DataRef } from '../../../shared/dto'
import type { DbnFiltersDto, DbnHistogramsDto, DbnPretrainEpochDto, DbnFineTuneEpochDto, DbnProgressFrame, DbnRunResult, DbnTrainSettings, StartDbnRequest } from '../../../shared/dbn'
import type { DbnAnomalyLabels, DbnAnomalyReply, DbnDenoiseReply, DbnNoiseChoice, DbnSampleReply } from '../../../shared/dbn-uses'
import type { DbnSpec } from '../graph/compile'
import type { ModelInfo } from '../../../shared/models'
import { useApi } from '../api'
import { useNetworkStore } from './network'
import { clone } from '../graph/clone'

export type DbnStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'error'

/** What the settings panel edits (the stack's sizes and visible units come from the graph). */
export interface DbnPanelSettings {
  rbmEpochs: number
  cdK: number
  persistent: boolean
  learningRate: number
  /** Final momentum, after `momentumWarmupEpochs` epochs at 0.5. */
  momentum: number
  momentumWarmupEpochs: number
  weightDecay: number
  batchSize: number
  fineTuneEpochs: number
  /** Denoising fine-tuning of the autoencoder ('none' = plain). */
  noise: 'none' | DbnNoiseChoice['kind']
  noiseLevel: number
  seed: number
}

export const defaultPanelSettings = (): DbnPanelSettings => ({
  rbmEpochs: 5,
  cdK: 1,
  persistent: false,
  learningRate: 0.05,
  momentum: 0.9,
  momentumWarmupEpochs: 5,
  weightDecay: 0.0002,
  batchSize: 64,
  fineTuneEpochs: 5,
  noise: 'none',
  noiseLevel: 0.2,
  seed: 1,
})

/** The `dbn:start` request of a compiled graph under the panel's settings. */
export function dbnRequest(spec: DbnSpec, s: DbnPanelSettings, data: DataRef, target: string | null): StartDbnRequest {
  const fineTune = spec.fineTune.mode
  const settings: DbnTrainSettings = {
    layers: [...spec.layers],
    visible: spec.visible,
    rbmEpochs: s.rbmEpochs,
    cdK: s.cdK,
    persistent: s.persistent,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    fineTune,
    fineTuneEpochs: fineTune === 'none' ? 0 : s.fineTuneEpochs,
    seed: s.seed,
    momentum: s.momentum,
    momentumWarmupEpochs: s.momentumWarmupEpochs,
    weightDecay: s.weightDecay,
    ...(fineTune === 'autoencoder' && s.noise !== 'none' ? { noise: `${s.noise}:${s.noiseLevel}` } : {}),
  }
  return { data: clone(data), settings, ...(target ? { target } : {}) }
}

/** The walkthrough: a 784-64 RBM on 2,000 MNIST digits without the odd one, 5 epochs. */
export const WALKTHROUGH = { digit: 0, rows: 2000, spec: { inputs: 784, visible: 'bernoulli', layers: [64], k: [1], fineTune: { mode: 'none' } } as DbnSpec }

export const useDbnStore = defineStore('dbn', () => {
  const settings = ref<DbnPanelSettings>(defaultPanelSettings())
  const status = ref<DbnStatus>('idle')
  const runId = ref<string | null>(null)
  const progress = ref<Omit<DbnProgressFrame, 'pretrainEpochs' | 'fineTuneEpochs' | 'filters' | 'histograms'> | null>(null)
  const pretrainEpochs = shallowRef<DbnPretrainEpochDto[]>([])
  const fineTuneEpochs = shallowRef<DbnFineTuneEpochDto[]>([])
  const filters = shallowRef<DbnFiltersDto | null>(null)
  const histograms = shallowRef<DbnHistogramsDto | null>(null)
  const result = shallowRef<DbnRunResult | null>(null)
  const error = ref<string | null>(null)
  /** The kept model the uses run on: the finished run's id. */
  const modelId = ref<string | null>(null)
  /** Data of the run and of the uses: the network's data set unless the walkthrough chose others. */
  const trainData = ref<DataRef | null>(null)
  const scoreData = ref<DataRef | null>(null)
  /** The label column of the data (kept out of the inputs), and how it marks anomalies. */
  const target = ref<string | null>(null)
  const labels = ref<DbnAnomalyLabels | null>(null)
  const walkthrough = ref(false)
  /** Kept models of the RBM family (finished DBN runs and imports) the uses can run on. */
  const models = ref<ModelInfo[]>([])

  const denoiseNoise = ref<DbnNoiseChoice>({ kind: 'saltpepper', level: 0.2 })
  const denoiseReply = shallowRef<DbnDenoiseReply | null>(null)
  const anomalyScore = ref<'recon' | 'energy'>('recon')
  const anomalyReply = shallowRef<DbnAnomalyReply | null>(null)
  const sampleReply = shallowRef<DbnSampleReply | null>(null)
  const busy = ref<'denoise' | 'anomaly' | 'sample' | 'filters' | null>(null)
  const useError = ref<string | null>(null)
  let subscribed = false

  const isActive = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(status.value))
  /** The graph compiled to a DBN, or null when it holds no RBM / DBN stack / Autoencoder node. */
  const spec = computed<DbnSpec | null>(() => {
    if (walkthrough.value) return WALKTHROUGH.spec
    const compiled = useNetworkStore().compiled
    return compiled.kind === 'dbn' ? compiled.dbn : null
  })
  const dataRef = computed<DataRef>(() => trainData.value ?? useNetworkStore().data)
  const usesData = computed<DataRef>(() => scoreData.value ?? dataRef.value)

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    const api = useApi()
    api.on['dbn:progress']((frame) => {
      if (frame.runId !== runId.value) return
      const { pretrainEpochs: pre, fineTuneEpochs: fine, filters: f, histograms: h, ...rest } = frame
      progress.value = rest
      if (pre.length) pretrainEpochs.value = [...pretrainEpochs.value, ...pre]
      if (fine.length) fineTuneEpochs.value = [...fineTuneEpochs.value, ...fine]
      if (f) filters.value = f
      if (h) histograms.value = h
      if (status.value !== 'stopping') status.value = frame.state
    })
    api.on['dbn:finished']((r) => {
      if (r.runId !== runId.value) return
      result.value = r
      pretrainEpochs.value = r.pretrainEpochs
      fineTuneEpochs.value = r.fineTuneEpochs
      status.value = 'finished'
      modelId.value = r.runId
      // The walkthrough goes straight on to scoring every digit.
      if (walkthrough.value) void anomaly()
    })
    api.on['training:error']((e) => {
      if (e.runId !== runId.value) return
      error.value = e.message
      status.value = 'error'
    })
  }

  /** The label column of the data set, from its preview (kept out of the inputs, offered for anomaly labels). */
  async function loadTarget(): Promise<void> {
    try {
      const preview = await useApi().invoke['data:preview']({ data: clone(dataRef.value) })
      const column = preview.task !== 'regression' ? preview.columns[preview.target] : undefined
      target.value = column?.name ?? null
    } catch {
      target.value = null
    }
  }

  async function start(): Promise<void> {
    const s = spec.value
    if (!s || isActive.value) return
    subscribe()
    status.value = 'starting'
    error.value = null
    result.value = null
    pretrainEpochs.value = []
    fineTuneEpochs.value = []
    filters.value = null
    histograms.value = null
    progress.value = null
    try {
      if (!walkthrough.value) await loadTarget()
      runId.value = await useApi().invoke['dbn:start'](dbnRequest(s, settings.value, dataRef.value, target.value))
      if (status.value === 'starting') status.value = 'running'
    } catch (e) {
      error.value = (e as Error).message
      status.value = 'error'
    }
  }

  async function control(channel: 'training:pause' | 'training:resume' | 'training:stop'): Promise<void> {
    if (!runId.value) return
    if (channel === 'training:stop') status.value = 'stopping'
    try {
      await useApi().invoke[channel](runId.value)
      if (channel === 'training:pause') status.value = 'paused'
      if (channel === 'training:resume') status.value = 'running'
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Runs a use request, keeping one error message and a busy flag for the view. */
  async function use<T>(kind: NonNullable<typeof busy.value>, call: (id: string) => Promise<T>): Promise<T | null> {
    if (!modelId.value) return null
    busy.value = kind
    useError.value = null
    try {
      return await call(modelId.value)
    } catch (e) {
      useError.value = (e as Error).message
      return null
    } finally {
      busy.value = null
    }
  }

  async function denoise(): Promise<void> {
    const reply = await use('denoise', (id) => useApi().invoke['dbn:denoise']({ modelId: id, data: clone(usesData.value), noise: { ...denoiseNoise.value }, shown: 8, seed: settings.value.seed }))
    if (reply) denoiseReply.value = reply
  }

  /** Every reconstruction of the current noise as CSV text (empty on failure). */
  async function denoiseCsv(): Promise<string> {
    const text = await use('denoise', (id) => useApi().invoke['dbn:denoise-csv']({ modelId: id, data: clone(usesData.value), noise: { ...denoiseNoise.value }, shown: 0, seed: settings.value.seed }))
    return text ?? ''
  }

  async function anomaly(): Promise<void> {
    const label = labels.value ?? (target.value ? { column: target.value } : null)
    const reply = await use('anomaly', (id) =>
      useApi().invoke['dbn:anomaly']({
        modelId: id,
        data: clone(usesData.value),
        score: anomalyScore.value,
        ...(scoreData.value ? { reference: clone(dataRef.value) } : {}),
        ...(label ? { labels: { ...label } } : {}),
        top: 12,
      }),
    )
    if (reply) anomalyReply.value = reply
  }

  async function sample(count = 16, steps = 200, frames = 20): Promise<void> {
    const reply = await use('sample', (id) => useApi().invoke['dbn:sample']({ modelId: id, count, steps, frames, seed: settings.value.seed }))
    if (reply) sampleReply.value = reply
  }

  /** Filters of any layer of the finished model (the monitor shows the layer in training while it runs). */
  async function loadFilters(layer: number): Promise<void> {
    const reply = await use('filters', (id) => useApi().invoke['dbn:filters']({ modelId: id, layer, max: 256 }))
    if (reply) filters.value = reply
  }

  /** "Find the odd digit": trains a 784-64 RBM on MNIST without one digit; the uses then score all digits. */
  async function startWalkthrough(): Promise<void> {
    if (isActive.value) return
    try {
      const example = await useApi().invoke['dbn:example']({ digit: WALKTHROUGH.digit, rows: WALKTHROUGH.rows })
      walkthrough.value = true
      trainData.value = example.train
      scoreData.value = example.score
      labels.value = example.labels
      target.value = example.labels.column
      anomalyReply.value = null
      denoiseReply.value = null
      settings.value = { ...settings.value, rbmEpochs: 5, batchSize: 32, learningRate: 0.05 }
      await start()
    } catch (e) {
      error.value = (e as Error).message
      status.value = 'error'
    }
  }

  /** The kept RBM / DBN / autoencoder / DBN-classifier models, newest first. */
  async function loadModels(): Promise<void> {
    try {
      models.value = (await useApi().invoke['model:list']()).filter((m) => m.kind !== 'mlp')
    } catch {
      models.value = []
    }
  }

  /** Runs the uses on another kept model (e.g. an imported DBN model file). */
  function chooseModel(id: string): void {
    modelId.value = id
    denoiseReply.value = null
    anomalyReply.value = null
    sampleReply.value = null
  }

  /** Back to the graph in the editor and its data set. */
  function leaveWalkthrough(): void {
    walkthrough.value = false
    trainData.value = null
    scoreData.value = null
    labels.value = null
  }

  return {
    settings, status, runId, progress, pretrainEpochs, fineTuneEpochs, filters, histograms, result, error, modelId,
    trainData, scoreData, target, labels, walkthrough, models, loadModels, chooseModel, denoiseNoise, denoiseReply, anomalyScore, anomalyReply, sampleReply,
    busy, useError, isActive, spec, dataRef, usesData,
    start, pause: () => control('training:pause'), resume: () => control('training:resume'), stop: () => control('training:stop'),
    denoise, denoiseCsv, anomaly, sample, loadFilters, startWalkthrough, leaveWalkthrough,
  }
})
