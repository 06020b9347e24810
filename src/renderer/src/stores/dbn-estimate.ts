/**
 * The Cost view's DBN estimate (issue 8): when the graph compiles to a DBN (RBM, DBN stack or
 * Autoencoder nodes), the run it describes — the stack from the graph, N / validation rows from the
 * bound data set as the DBN job splits it, epochs, batch, CD-k and fine-tuning from the DBN view's
 * settings (all editable here) — and its estimate by the layer model and the calibrated DBN model,
 * with the energy inputs the network estimate uses (power profile, PUE, grid). Refreshed on every edit;
 * a late answer for older inputs is dropped.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type { DataPreview } from '../../../shared/dto'
import type { DbnEstimateReply, DbnRunShape } from '../../../shared/dbn-estimate'
import { useApi } from '../api'
import { useDbnStore } from './dbn'
import { useDataStore } from './data'
import { useEstimatorStore } from './estimator'
import { useNetworkStore } from './network'

/** The run inputs of a DBN estimate the user can edit. */
export interface DbnEstimateInputs {
  samples: number
  validationRows: number
  batchSize: number
  epochs: number
  cdK: number
  fineTuneEpochs: number
  /** ρ: fraction of nonzero input values (the data set's sample images, else 1: dense assumed). */
  inputDensity: number
}

/** Fractions the DBN job holds out when the request names none (src/main/training/dbn-data.ts). */
export const DBN_SPLIT = { validation: 0.1, test: 0.1 }

/** Training and validation rows of a data set of `rows` rows as the DBN job splits it. */
export function dbnRows(rows: number): { samples: number; validationRows: number } {
  const validationRows = Math.round(rows * DBN_SPLIT.validation)
  const test = Math.round(rows * DBN_SPLIT.test)
  return { samples: Math.max(1, rows - validationRows - test), validationRows }
}

/** Fraction of nonzero pixels of a preview's sample images, or null without images. */
export function previewDensity(preview: Pick<DataPreview, 'samples'>): number | null {
  let total = 0
  let nonzero = 0
  for (const s of preview.samples) {
    total += s.pixels.length
    for (const v of s.pixels) if (v !== 0) nonzero++
  }
  return total > 0 ? nonzero / total : null
}

export const useDbnEstimateStore = defineStore('dbn-estimate', () => {
  const network = useNetworkStore()
  const dbn = useDbnStore()
  const estimator = useEstimatorStore()
  const inputs = reactive<DbnEstimateInputs>({ samples: 1000, validationRows: 0, batchSize: 64, epochs: 5, cdK: 1, fineTuneEpochs: 0, inputDensity: 1 })
  /** Inputs the user typed in: no longer follow the graph, the data and the DBN settings. */
  const pinned = reactive(new Set<keyof DbnEstimateInputs>())
  const estimate = shallowRef<DbnEstimateReply | null>(null)
  const error = ref<string | null>(null)
  const calibrating = ref(false)

  /** Whether the editor holds a DBN (then the Cost view shows this estimate). */
  const active = computed(() => network.compiled.kind === 'dbn')

  function fromGraph(): DbnEstimateInputs {
    const preview = useDataStore().preview
    const bound = preview && preview.data.name === network.data.name ? preview : null
    const rows = bound ? dbnRows(bound.rows) : { samples: inputs.samples, validationRows: inputs.validationRows }
    const inputDensity = bound ? (previewDensity(bound) ?? 1) : inputs.inputDensity
    const s = dbn.settings
    const fineTunes = (dbn.spec?.fineTune.mode ?? 'none') !== 'none'
    return { ...rows, batchSize: s.batchSize, epochs: s.rbmEpochs, cdK: s.cdK, fineTuneEpochs: fineTunes ? s.fineTuneEpochs : 0, inputDensity }
  }

  function syncFromGraph(): void {
    const g = fromGraph()
    for (const key of Object.keys(g) as (keyof DbnEstimateInputs)[]) if (!pinned.has(key)) inputs[key] = g[key]
  }

  /** Sets one input as the user typed it; it stops following the graph. */
  function edit(key: keyof DbnEstimateInputs, value: number): void {
    inputs[key] = value
    pinned.add(key)
  }

  /** Drops the user's inputs and follows the graph, the data and the DBN settings again. */
  function followGraph(): void {
    pinned.clear()
    syncFromGraph()
  }

  /** The run to estimate, or null without a DBN in the editor. */
  const shape = computed<DbnRunShape | null>(() => {
    const spec = dbn.spec
    if (!active.value || !spec) return null
    const fine = spec.fineTune
    return {
      inputs: spec.inputs,
      layers: [...spec.layers],
      k: spec.layers.map(() => Math.max(1, Math.round(inputs.cdK))),
      persistent: dbn.settings.persistent,
      visible: spec.visible,
      samples: Math.max(1, Math.round(inputs.samples)),
      validationRows: Math.max(0, Math.round(inputs.validationRows)),
      batchSize: Math.max(1, Math.round(inputs.batchSize)),
      epochs: Math.max(0, Math.round(inputs.epochs)),
      fineTune: fine.mode,
      ...(fine.mode === 'classifier' ? { classes: Math.max(2, fine.classes) } : {}),
      fineTuneEpochs: fine.mode === 'none' ? 0 : Math.max(0, Math.round(inputs.fineTuneEpochs)),
      inputDensity: Math.min(1, Math.max(0, inputs.inputDensity)),
    }
  })

  let asked = 0
  async function refresh(): Promise<void> {
    const s = shape.value
    if (!s) return
    const id = ++asked
    const e = estimator.inputs
    try {
      const answer = await useApi().invoke['estimate:dbnRun']({ shape: s, tOp: e.tOp, watts: e.watts, pue: e.pue, carbonGramsPerKwh: e.carbonGramsPerKwh })
      if (id !== asked) return
      estimate.value = answer
      error.value = null
    } catch (err) {
      if (id === asked) error.value = (err as Error).message
    }
  }

  /**
   * Runs the ≤ 3 s DBN benchmark on this stack and batch size, then estimates with it. The bound data
   * set's sample images go along when they are the stack's inputs: the benchmark's rows are drawn from them.
   */
  async function calibrate(): Promise<void> {
    const s = shape.value
    if (calibrating.value || !s) return
    calibrating.value = true
    try {
      const preview = useDataStore().preview
      const bound = preview && preview.data.name === network.data.name ? preview : null
      const images = bound ? bound.samples.map((x) => x.pixels).filter((p) => p.length === s.inputs).slice(0, 64) : []
      await useApi().invoke['estimate:dbnCalibrate']({ shape: s, ...(images.length > 0 ? { sampleRows: images } : {}) })
      await refresh()
    } catch (err) {
      error.value = (err as Error).message
    } finally {
      calibrating.value = false
    }
  }

  watch(() => [dbn.settings, dbn.spec, network.data] as const, syncFromGraph, { immediate: true, deep: true })
  // the preview is replaced, never changed in place: by reference (a deep watch would walk its pixels on every edit)
  watch(() => useDataStore().preview, syncFromGraph)
  watch(
    () => [shape.value, estimator.inputs.tOp, estimator.inputs.watts, estimator.inputs.pue, estimator.inputs.carbonGramsPerKwh] as const,
    () => void refresh(),
    { immediate: true, deep: true },
  )

  return { inputs, pinned, estimate, error, calibrating, active, shape, edit, followGraph, refresh, calibrate }
})
