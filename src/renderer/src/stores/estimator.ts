/**
 * The Cost view's state (SPEC §8): the estimator's inputs (prefilled from the graph, the bound data
 * set and the training settings; editable), the estimate the backend computes from them (refreshed on
 * every edit; a late answer for older inputs is dropped), the calibration, and after every run the
 * measured time and energy beside both estimates, kept as a small history for this session.
 */
import { defineStore, storeToRefs } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type { CalibrationInfo, DataPreview, EnergyMeasurement, EstimateReply, EstimateRequest, MachineInfo, NetworkSpec, OptimizerName } from '../../../shared/dto'
import { useApi } from '../api'
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
  /** ρ: fraction of nonzero input values (from the data set's sample images where it has them, else 1: dense assumed). */
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
  /** Training-loop time: Σ epoch seconds. */
  measuredSeconds: number
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
const GRAPH_INPUTS: readonly GraphInput[] = ['samples', 'batchSize', 'epochs', 'optimizer', 'inputDensity']

/** Fraction of nonzero pixels of each sample image of a preview. */
export function sampleRowDensities(preview: Pick<DataPreview, 'samples'>): number[] {
  return preview.samples.filter((s) => s.pixels.length > 0).map((s) => s.pixels.filter((v) => v !== 0).length / s.pixels.length)
}

/** Fraction of nonzero pixels of a preview's sample images, or null without images. */
export function sampleDensity(preview: Pick<DataPreview, 'samples'>): number | null {
  let total = 0
  let nonzero = 0
  for (const s of preview.samples) {
    total += s.pixels.length
    for (const v of s.pixels) if (v !== 0) nonzero++
  }
  return total > 0 ? nonzero / total : null
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

  /** The graph's values for the run inputs: rows of the bound data set, batch, epochs, optimizer, input density. */
  function fromGraph(): Pick<EstimatorInputs, GraphInput> {
    const preview = useDataStore().preview
    const bound = preview && preview.data.name === network.data.name ? preview : null
    const samples = bound ? trainingRows(bound) : inputs.samples
    const s = network.settings
    const inputDensity = bound ? (sampleDensity(bound) ?? 1) : inputs.inputDensity
    return { samples, batchSize: s.batchSize === 'full' ? samples : s.batchSize, epochs: s.epochs, optimizer: s.optimizer, inputDensity }
  }
  /** Where ρ comes from, for the panel. */
  const densitySource = computed(() => {
    const preview = useDataStore().preview
    if (pinned.has('inputDensity')) return 'typed in'
    const n = preview && preview.data.name === network.data.name ? preview.samples.length : 0
    return n > 0 ? `nonzero pixels of the data set's ${n} sample images` : 'assumed dense (no sample images to measure)'
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

  function request(spec: NetworkSpec = network.network, over: Partial<EstimatorInputs> = {}): EstimateRequest {
    const i = { ...inputs, ...over }
    return {
      network: JSON.parse(JSON.stringify(spec)) as NetworkSpec,
      samples: Math.max(1, Math.round(i.samples)),
      batchSize: Math.max(1, Math.round(i.batchSize)),
      epochs: Math.max(1, Math.round(i.epochs)),
      optimizer: i.optimizer,
      inputDensity: Math.min(1, Math.max(0, i.inputDensity)),
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
      const answer = await useApi().invoke['estimate:run'](request())
      if (id !== asked) return
      estimate.value = answer
      error.value = null
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
      const { network: spec, samples, batchSize, optimizer, inputDensity } = request()
      // the per-image densities of the sample images (their spread decides how often a batch is too dense to skip zeros)
      const preview = useDataStore().preview
      const bound = preview && preview.data.name === network.data.name && !pinned.has('inputDensity') ? preview : null
      const rows = bound ? sampleRowDensities(bound) : []
      // and the images themselves, where they are the network's inputs: the calibration draws its rows from them
      const images = bound ? bound.samples.map((s) => s.pixels).filter((p) => p.length === spec.inputs) : []
      await useApi().invoke['estimate:calibrate']({
        network: spec,
        samples,
        batchSize,
        optimizer,
        inputDensity,
        ...(rows.length > 0 ? { rowDensities: rows } : {}),
        ...(images.length > 0 ? { sampleRows: images } : {}),
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
  const { status } = storeToRefs(training)
  let meter: Promise<string | null> | null = null
  let runSpec: { spec: NetworkSpec; batchSize: number | 'full' } | null = null
  watch(status, async (now, before) => {
    if (now === 'running' && (before === 'starting' || before === 'idle' || before === 'finished' || before === 'error')) {
      runSpec = { spec: network.network, batchSize: network.settings.batchSize }
      meter = useApi().invoke['estimate:meterStart']().catch(() => null)
    }
    if ((now === 'finished' || now === 'error') && meter) {
      const id = await meter
      meter = null
      const measured = id ? await useApi().invoke['estimate:meterStop'](id).catch(() => null) : null
      if (now === 'finished') await recordRun(measured)
    }
  })

  async function recordRun(measured: EnergyMeasurement | null): Promise<void> {
    const epochs = training.epochs
    const result = training.result
    if (!result || epochs.length === 0 || !runSpec) return
    const first = epochs[0]!
    const samples = Math.max(1, Math.round(first.samplesPerSecond * first.seconds))
    const perEpoch = epochs.reduce((s, e) => s + e.seconds, 0) / epochs.length
    const measuredSeconds = perEpoch * result.epochs
    const batchSize = runSpec.batchSize === 'full' ? samples : runSpec.batchSize
    const run = await useApi().invoke['estimate:run'](request(runSpec.spec, { samples, batchSize, epochs: result.epochs }))
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
    checks.value = [...checks.value, check].slice(-MAX_CHECKS)
  }

  watch(() => [network.network, network.settings, network.data, useDataStore().preview] as const, syncFromGraph, { immediate: true, deep: true })
  watch([() => network.network, inputs], refresh, { deep: true, immediate: true })

  return {
    inputs, pinned, machine, estimate, error, calibrating, checks, calibration, densitySource,
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
