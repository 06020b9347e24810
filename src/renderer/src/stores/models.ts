/**
 * The Model view's state (SPEC §9): the models the backend keeps (finished runs and imports), the one
 * shown, its export (a download in web mode, the native dialog in the desktop app), import of a model
 * file (dropped on the window or opened), and prediction on a built-in set or a dropped CSV.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { BuiltinInfo, DataRef, DbnCost, NetworkCost } from '../../../shared/dto'
import { modelDbnSpec, modelNetworkSpec } from '../graph/model-graph'
import type { ExportedFile, ModelFileFormat, ModelId, ModelInfo, PredictionsDto } from '../../../shared/models'
import { useApi } from '../api'
import { chunkOffsets, CHUNK_BYTES, readBase64 } from '../file-chunks'

/**
 * Largest model file uploaded in web mode: it travels as one WebSocket message, which the web host
 * caps at 4 MiB. The desktop app reads the file by path, up to the backend's 128 MiB limit.
 */
export const WEB_MODEL_MAX_BYTES = 3.5 * 1024 * 1024

/** Whether the first bytes of a file are those of a Layerwise model (`{"format":"layerwise-model"`). */
export function looksLikeModel(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"format"\s*:\s*"layerwise-model"/.test(head)
}

/** Saves text or bytes as a download named `name` (web mode). */
function download(file: ExportedFile): void {
  const data = file.base64 !== undefined ? Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)) : (file.text ?? '')
  const url = URL.createObjectURL(new Blob([data], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A plain copy: reactive proxies cannot be structured-cloned by IPC. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

export const useModelsStore = defineStore('models', () => {
  const models = ref<ModelInfo[]>([])
  const selectedId = ref<ModelId | null>(null)
  const builtins = ref<BuiltinInfo[]>([])
  const predictions = shallowRef<PredictionsDto | null>(null)
  /** The data set the predictions are for. */
  const predictData = shallowRef<DataRef | null>(null)
  const busy = ref<'import' | 'export' | 'predict' | null>(null)
  const error = ref<string | null>(null)
  const notice = ref<string | null>(null)
  /** Counts models shown by an import, so the window can switch to the Model tab. */
  const shown = ref(0)
  let subscribed = false
  /** The model drawn read-only on the canvas instead of the editable network (null: the editor is shown). */
  const graphId = ref<ModelId | null>(null)
  /** The cost model's answer for the drawn model (FLOPs per layer), null while unknown. */
  const graphCost = shallowRef<NetworkCost | DbnCost | null>(null)

  const selected = computed(() => models.value.find((m) => m.id === selectedId.value) ?? null)
  const graphModel = computed(() => models.value.find((m) => m.id === graphId.value) ?? null)

  /** Draws model `id` read-only on the canvas, with the FLOPs of the engine's cost model. */
  async function showGraph(id: ModelId): Promise<void> {
    graphId.value = id
    graphCost.value = null
    const info = graphModel.value
    if (!info) return
    const spec = modelNetworkSpec(info)
    const dbn = spec ? null : modelDbnSpec(info)
    try {
      const cost = spec ? await useApi().invoke['estimate:network'](spec) : dbn ? await useApi().invoke['estimate:dbn'](dbn) : null
      if (graphId.value === id) graphCost.value = cost
    } catch {
      // the graph still shows the file's parameter counts, without FLOPs
    }
  }

  /** Back to the editable network. */
  function closeGraph(): void {
    graphId.value = null
    graphCost.value = null
  }

  async function refresh(): Promise<void> {
    try {
      models.value = await useApi().invoke['model:list']()
      if (!selected.value) selectedId.value = models.value[0]?.id ?? null
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Lists the kept models and follows finished runs (their models arrive in the list). */
  async function init(): Promise<void> {
    if (!subscribed) {
      subscribed = true
      // a finished run's model is shown, unless the user is looking at an imported one
      const follow = (result: { runId: string }) =>
        void refresh().then(() => {
          if (!models.value.some((m) => m.id === result.runId) || selected.value?.source === 'import') return
          selectedId.value = result.runId
          predictions.value = null
          predictData.value = null
        })
      useApi().on['training:finished'](follow)
      useApi().on['dbn:finished'](follow)
    }
    await refresh()
    try {
      if (builtins.value.length === 0) builtins.value = await useApi().invoke['data:builtins']()
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  function select(id: ModelId): void {
    if (id === selectedId.value) return
    selectedId.value = id
    predictions.value = null
    predictData.value = null
  }

  /** Imports a model file: by path in the desktop app, else its text is uploaded. Refusals become `error`. */
  async function importFile(file: File): Promise<void> {
    const api = useApi()
    busy.value = 'import'
    error.value = null
    notice.value = null
    try {
      const path = api.pathForFile?.(file) ?? ''
      if (!path && file.size > WEB_MODEL_MAX_BYTES) {
        throw new Error(`${file.name}: the file is ${(file.size / 1e6).toFixed(1)} MB; in the browser model files up to 3.5 MiB can be imported (use the desktop app or \`layerwise predict\` for bigger ones).`)
      }
      const info = await api.invoke['model:import'](path ? { path } : { name: file.name, text: await file.text() })
      models.value = [info, ...models.value.filter((m) => m.id !== info.id)]
      select(info.id)
      shown.value++
      void showGraph(info.id)
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = null
    }
  }

  /**
   * For the window's drop handler: imports `file` when it is a Layerwise model and answers true;
   * answers false (and does nothing) for any other file.
   */
  async function importIfModel(file: File): Promise<boolean> {
    if (!/\.json$/i.test(file.name)) return false
    const head = await file.slice(0, 256).text()
    if (!looksLikeModel(head)) return false
    await importFile(file)
    return true
  }

  /** Takes the model of a running run as it is now (its best epoch so far under early stopping) and shows it. */
  async function snapshotRun(runId: string): Promise<void> {
    busy.value = 'export'
    error.value = null
    notice.value = null
    try {
      const info = await useApi().invoke['model:snapshot'](runId)
      models.value = [info, ...models.value.filter((m) => m.id !== info.id)]
      selectedId.value = info.id
      predictions.value = null
      predictData.value = null
      notice.value = `Took the running model ${info.name.replace(/^run /, '')}: export it above; the run's final model replaces it when the run ends.`
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = null
    }
  }

  /** Exports the model shown: the native dialog in the desktop app, downloads in web mode. */
  async function exportModel(format: ModelFileFormat): Promise<void> {
    const model = selected.value
    if (!model) return
    const api = useApi()
    busy.value = 'export'
    error.value = null
    notice.value = null
    try {
      if (api.pathForFile) {
        const path = await api.invoke['model:save']({ modelId: model.id, format })
        if (path) notice.value = `Saved to ${path}`
      } else {
        const files = await api.invoke['model:export']({ modelId: model.id, format })
        files.forEach(download)
        notice.value = `Downloaded ${files.map((f) => f.name).join(' and ')}`
      }
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = null
    }
  }

  /** Predicts with the model shown on a data set. */
  async function predict(data: DataRef): Promise<void> {
    const model = selected.value
    if (!model) return
    busy.value = 'predict'
    error.value = null
    try {
      predictions.value = await useApi().invoke['model:predict']({ modelId: model.id, data: plain(data) })
      predictData.value = data
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = null
    }
  }

  /** Imports a dropped CSV (or any data file) through the data channels, then predicts on it. */
  async function predictFile(file: File): Promise<void> {
    if (!selected.value) return
    const api = useApi()
    busy.value = 'predict'
    error.value = null
    try {
      const path = api.pathForFile?.(file) ?? ''
      const id = await api.invoke['data:begin'](path ? { paths: [path] } : { files: [{ name: file.name, size: file.size }] })
      if (!path) {
        for (const offset of chunkOffsets(file.size)) {
          await api.invoke['data:chunk']({ importId: id, file: 0, offset, base64: await readBase64(file.slice(offset, offset + CHUNK_BYTES)) })
        }
      }
      const preview = await api.invoke['data:import'](id)
      await predict(preview.data)
    } catch (e) {
      error.value = (e as Error).message
      busy.value = null
    }
  }

  /** Downloads every row's predictions as CSV. */
  async function downloadCsv(): Promise<void> {
    const model = selected.value
    if (!model || !predictData.value) return
    try {
      const text = await useApi().invoke['model:predictions-csv']({ modelId: model.id, data: plain(predictData.value) })
      download({ name: 'predictions.csv', mime: 'text/csv', text })
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  return {
    models,
    selectedId,
    selected,
    builtins,
    predictions,
    predictData,
    busy,
    error,
    notice,
    shown,
    graphId,
    graphModel,
    graphCost,
    showGraph,
    closeGraph,
    init,
    refresh,
    select,
    importFile,
    importIfModel,
    snapshotRun,
    exportModel,
    predict,
    predictFile,
    downloadCsv,
  }
})

/**
 * For the window's drop handler (components/data/TheDropOverlay.vue): true when the drop is taken here —
 * it landed on a drop zone of the Model view (`data-model-drop`, which handles it itself), or it is one
 * `.json` file, imported as a model when it is a Layerwise model and otherwise passed to `otherwise`.
 */
export function routeWindowDrop(event: Event, files: File[], otherwise: () => void): boolean {
  const target = event.target
  if (target instanceof Element && target.closest('[data-model-drop]')) return true
  if (files.length !== 1 || !/\.json$/i.test(files[0]!.name)) return false
  void useModelsStore()
    .importIfModel(files[0]!)
    .then((taken) => {
      if (!taken) otherwise()
    }, otherwise)
  return true
}
