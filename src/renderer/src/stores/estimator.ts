/**
 * The Cost view's state (SPEC §8): the estimator's inputs (prefilled from the graph, the bound data
 * set and the training settings; editable), the estimate the backend computes from them (refreshed on
 * every edit; a late answer for older inputs is dropped), the calibration, and after every run the
 * measured time and energy beside both estimates, kept as a small history for this session.
 *
 * Every request names the bound data set as `training:start` does (`trainingData`: reference + seed):
 * the backend prepares its training split with the training's code, so ρ and the calibration's rows
 * are those the run will see; N and ρ follow its answer until the user types them in.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type {
  CalibrationInfo,
  DataPreview,
  EnergyMeasurement,
  EstimateReply,
  EstimateRequest,
  MachineInfo,
  NetworkSpec,
  OptimizerName,
  TrainingDataInfo,
  TrainingDataRef,
} from '../../../shared/dto'
import { useApi } from '../api'
import { watchRunMeter } from './run-meter'
import { useNetworkStore } from './network'
import { useTrainingStore } from './training'
import { useDataStore } from './data'

/** Where the power figure comes from: this machine, a preset (by id) or the user's own numbers. */
export type PowerProfile = 'machine' | 'custom' | string

/** Everything the user can edit. `tOp` is in seconds. */
export interface EstimatorInputs {
  samples: number
  batchSize: number
  epochs: number
  optimizer: OptimizerName
  /** ρ: fraction of nonzero input values (the backend's, from the prepared training split; else 1: dense assumed). */
  inputDensity: number
  tOp: number
  profile: PowerProfile
  watts: number
  pue: number
  carbonGramsPerKwh: number
}

/** One finished run checked against the estimator. */
export interface RunCheck {
  label: string
  network: string
  samples: number
  batchSize: number
  epochs: number
  /** Training-loop time: Σ epoch seconds (a DBN run: its whole time, see `measuredWhat`). */
  measuredSeconds: number
  /** What `measuredSeconds` spans, where it is not Σ epoch seconds. */
  measuredWhat?: string
  /** Start to finish as the backend saw it (includes validation and the final evaluation). */
  wallSeconds: number
  layerSeconds: number
  flopSeconds: number | null
  layerErrorPercent: number
  flopErrorPercent: number | null
  estimatedJoules: number
  /** CPU package energy from RAPL, or null where unreadable. */
  measuredJoules: number | null
}

/** (estimate − measured)/measured · 100 */
export function errorPercent(estimated: number, measured: number): number {
  return ((estimated - measured) / measured) * 100
}

const MAX_CHECKS = 20

/** The run inputs that follow the graph and the bound data set until the user types one in. */
type GraphInput = 'samples' | 'batchSize' | 'epochs' | 'optimizer' | 'inputDensity'
export const GRAPH_INPUTS: readonly GraphInput[] = ['samples', 'batchSize', 'epochs', 'optimizer', 'inputDensity']

/** What the backend answered about the bound data's training split, for the request it was asked with. */
interface PreparedAnswer {
  /** `dataKey` of the request. */
  key: string
  info: TrainingDataInfo | null
  error: string | null
}

/** ρ and the rows it was measured on, as the panel states it: "ρ = 0.191 of the 6,998 prepared training rows of mnist". */
export function describeDensity(info: TrainingDataInfo): string {
  return `ρ = ${info.inputDensity.toFixed(3)} of the ${info.rows.toLocaleString('en')} prepared training rows of ${info.name}`
}

export const useEstimatorStore = defineStore('estimator', () => {
  const network = useNetworkStore()
  const training = useTrainingStore()
  const inputs = reactive<EstimatorInputs>({
    samples: 4, batchSize: 4, epochs: 1000, optimizer: 'sgd', inputDensity: 1, tOp: 0.01,
    profile: 'machine', watts: 30, pue: 1, carbonGramsPerKwh: 480,
  })
  /** Inputs the user typed in: no longer follow the graph until `followGraph()`. */
  const pinned = reactive(new Set<keyof EstimatorInputs>())
  const machine = shallowRef<MachineInfo | null>(null)
  const estimate = shallowRef<EstimateReply | null>(null)
  const error = ref<string | null>(null)
  const calibrating = ref(false)
  const checks = shallowRef<RunCheck[]>([])
  const calibration = computed<CalibrationInfo | null>(() => estimate.value?.calibration ?? machine.value?.calibration ?? null)
  const prepared = shallowRef<PreparedAnswer | null>(null)

  /** The bound data set as `training:start` names it: its reference and the run's seed (which decides the split). */
  function trainingDataRef(): TrainingDataRef {
    return { data: JSON.parse(JSON.stringify(network.data)) as TrainingDataRef['data'], seed: network.settings.seed }
  }
  /** The data and the network widths the backend prepares the split for (its answer is only good for these). */
  function dataKey(spec: NetworkSpec = network.network): string {
    return JSON.stringify([trainingDataRef(), spec.inputs, spec.layers.at(-1)?.units ?? 0])
  }
  /** The backend's answer about the bound data, if it is for the current data and network. */
  const preparedData = computed(() => (prepared.value?.key === dataKey() ? prepared.value : null))

  /** The graph's values for the run inputs: rows of the prepared training split, batch, epochs, optimizer, its ρ. */
  function fromGraph(): Pick<EstimatorInputs, GraphInput> {
    const preview = useDataStore().preview
    const bound = preview && preview.data.name === network.data.name ? preview : null
    const data = preparedData.value?.info ?? null
    const samples = data ? data.rows : bound ? trainingRows(bound) : inputs.samples
    const s = network.settings
    const inputDensity = data ? data.inputDensity : 1
    return { samples, batchSize: s.batchSize === 'full' ? samples : s.batchSize, epochs: s.epochs, optimizer: s.optimizer, inputDensity }
  }
  /** Where ρ comes from, for the panel. */
  const densitySource = computed(() => {
    if (pinned.has('inputDensity')) return 'ρ typed in'
    const answer = preparedData.value
    if (answer?.info) return describeDensity(answer.info)
    if (answer?.error) return `ρ = 1 assumed (dense): ${answer.error}`
    return 'ρ from the prepared training data (asking the backend…)'
  })

  function syncFromGraph(): void {
    const g = fromGraph()
    for (const key of GRAPH_INPUTS) if (!pinned.has(key)) (inputs[key] as unknown) = g[key]
  }

  /** Sets one input as the user typed it; it stops following the graph. */
  function edit<K extends keyof EstimatorInputs>(key: K, value: EstimatorInputs[K]): void {
    inputs[key] = value
    pinned.add(key)
    if (key === 'watts' || key === 'pue') inputs.profile = 'custom'
  }

  /** Picks a power profile and takes its watts and PUE. */
  function setProfile(profile: PowerProfile): void {
    inputs.profile = profile
    const m = machine.value
    if (!m) return
    const preset = m.presets.find((p) => p.id === profile)
    if (profile === 'machine') Object.assign(inputs, { watts: round(m.power.watts), pue: m.defaults.localPue.value })
    else if (preset) Object.assign(inputs, { watts: preset.watts, pue: preset.pue })
  }

  /** Drops the user's run inputs and follows the graph again. */
  function followGraph(): void {
    for (const key of GRAPH_INPUTS) pinned.delete(key)
    syncFromGraph()
  }

  /** The request for the current inputs: ρ only when typed in (else the backend takes it from `trainingData`). */
  function request(spec: NetworkSpec = network.network, over: Partial<EstimatorInputs> = {}): EstimateRequest {
    const i = { ...inputs, ...over }
    return {
      network: JSON.parse(JSON.stringify(spec)) as NetworkSpec,
      samples: Math.max(1, Math.round(i.samples)),
      batchSize: Math.max(1, Math.round(i.batchSize)),
      epochs: Math.max(1, Math.round(i.epochs)),
      optimizer: i.optimizer,
      ...(pinned.has('inputDensity') || over.inputDensity !== undefined ? { inputDensity: Math.min(1, Math.max(0, i.inputDensity)) } : {}),
      trainingData: trainingDataRef(),
      tOp: i.tOp,
      watts: i.watts,
      pue: i.pue,
      carbonGramsPerKwh: i.carbonGramsPerKwh,
    }
  }

  let asked = 0
  async function refresh(): Promise<void> {
    const id = ++asked
    try {
      const key = dataKey()
      const answer = await useApi().invoke['estimate:run'](request())
      if (id !== asked) return
      estimate.value = answer
      error.value = null
      if (answer.trainingData !== undefined) {
        prepared.value = { key, info: answer.trainingData, error: answer.trainingDataError ?? null }
        syncFromGraph()
      }
    } catch (e) {
      if (id === asked) error.value = (e as Error).message
    }
  }

  async function loadMachine(): Promise<void> {
    void useDataStore().init()
    try {
      machine.value = await useApi().invoke['estimate:machine']()
      inputs.carbonGramsPerKwh = machine.value.defaults.carbon.value
      inputs.tOp = machine.value.defaults.tOp
      setProfile(inputs.profile)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Runs the ≤ 3 s benchmark on the current network and batch size. */
  async function calibrate(): Promise<void> {
    if (calibrating.value) return
    calibrating.value = true
    try {
      // the backend draws the calibration's rows from the prepared training split of `trainingData` (and its ρ, unless typed in)
      const { network: spec, samples, batchSize, optimizer, inputDensity, trainingData } = request()
      await useApi().invoke['estimate:calibrate']({
        network: spec,
        samples,
        batchSize,
        optimizer,
        ...(inputDensity !== undefined ? { inputDensity } : {}),
        ...(trainingData ? { trainingData } : {}),
      })
      machine.value = await useApi().invoke['estimate:machine']()
      if (inputs.profile === 'machine') setProfile('machine')
      await refresh()
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      calibrating.value = false
    }
  }

  // After every run: the measured time (and RAPL energy) beside both estimates of that very run.
  let runSpec: { spec: NetworkSpec; batchSize: number | 'full'; trainingData: TrainingDataRef } | null = null
  watchRunMeter(
    () => training.status,
    () => (runSpec = { spec: network.network, batchSize: network.settings.batchSize, trainingData: trainingDataRef() }),
    recordRun,
  )

  async function recordRun(measured: EnergyMeasurement | null): Promise<void> {
    const epochs = training.epochs
    const result = training.result
    if (!result || epochs.length === 0 || !runSpec) return
    const first = epochs[0]!
    const samples = Math.max(1, Math.round(first.samplesPerSecond * first.seconds))
    const perEpoch = epochs.reduce((s, e) => s + e.seconds, 0) / epochs.length
    const measuredSeconds = perEpoch * result.epochs
    const batchSize = runSpec.batchSize === 'full' ? samples : runSpec.batchSize
    // the estimate of the run as it ran: its network, N, batch, epochs and the data it trained on
    const run = await useApi().invoke['estimate:run']({ ...request(runSpec.spec, { samples, batchSize, epochs: result.epochs }), trainingData: runSpec.trainingData })
    const widths = [runSpec.spec.inputs, ...runSpec.spec.layers.map((l) => l.units)].join('-')
    const check: RunCheck = {
      label: training.runLabel || `run ${checks.value.length + 1}`,
      network: widths,
      samples,
      batchSize,
      epochs: result.epochs,
      measuredSeconds,
      wallSeconds: measured?.seconds ?? result.elapsedSeconds,
      layerSeconds: run.layerModel.time.seconds,
      flopSeconds: run.flopModel?.time.seconds ?? null,
      layerErrorPercent: errorPercent(run.layerModel.time.seconds, measuredSeconds),
      flopErrorPercent: run.flopModel ? errorPercent(run.flopModel.time.seconds, measuredSeconds) : null,
      estimatedJoules: (run.flopModel ?? run.layerModel).energy.joules,
      measuredJoules: measured?.joules ?? null,
    }
    addCheck(check)
  }

  /** Adds a finished run's check to the session's history (the latest `MAX_CHECKS`). */
  function addCheck(check: RunCheck): void {
    checks.value = [...checks.value, check].slice(-MAX_CHECKS)
  }

  watch(() => [network.network, network.settings, network.data] as const, syncFromGraph, { immediate: true, deep: true })
  // the preview is replaced, never changed in place: by reference (a deep watch would walk its pixels on every edit)
  watch(() => useDataStore().preview, syncFromGraph)
  // a new estimate whenever the request changes (ρ shown from the answer does not change it unless typed in)
  watch(() => JSON.stringify(request()), refresh, { immediate: true })

  return {
    inputs, pinned, machine, estimate, error, calibrating, checks, addCheck, calibration, densitySource, prepared, preparedData,
    edit, setProfile, followGraph, loadMachine, calibrate, refresh, recordRun,
  }
})

/**
 * Rows the run will train on: the data set minus its validation and test hold-outs, as the backend
 * splits it (no split below 20 rows; 15 % + 15 % unless the import chose otherwise; no test hold-out
 * when a separate test file came along).
 */
export function trainingRows(preview: Pick<DataPreview, 'rows' | 'testRows' | 'data'>): number {
  if (preview.rows < 20) return preview.rows
  const hold = preview.data.kind === 'imported' ? preview.data.split : undefined
  const validation = hold?.validation ?? 0.15
  const test = preview.testRows !== null ? 0 : (hold?.test ?? 0.15)
  return Math.max(1, Math.round(preview.rows * (1 - validation - test)))
}

function round(x: number): number {
  return Math.round(x * 10) / 10
}
