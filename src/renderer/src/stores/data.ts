/**
 * The Data view's state (SPEC §2): imports (upload or path, progress, cancel), the preview of the data
 * set shown, the user's choices (target, task, missing values, scaling, split) and the built-in menu.
 * A data set that can train is bound to the network store, which fits the Input and Output nodes to it.
 * A failed import sets `error` and leaves the shown and bound data set as they were.
 * The imported data sets the network is bound to and the Data view shows are pinned in the backend
 * (`data:pin`), so importing other files (for a prediction, say) never evicts them.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { BuiltinInfo, DataPreview, DataRef, ImportedDataRef, ImportId, ImportProgressDto } from '../../../shared/dto'
import { useApi } from '../api'
import { chunkOffsets, CHUNK_BYTES, RAW_CHUNK_BYTES, readBase64 } from '../file-chunks'
import { useNetworkStore } from './network'

/** Where a running import is: uploading bytes (web mode), then the backend's phases. */
export interface ImportState {
  id: ImportId | null
  phase: 'upload' | ImportProgressDto['phase']
  file: string
  /** 0…1 within the phase. */
  fraction: number
  rows: number
  cancelling: boolean
}

/** The choices of an imported data set the user can change. */
export type DataChoices = Partial<Pick<ImportedDataRef, 'target' | 'task' | 'missing' | 'scaling' | 'split'>>

/** A plain copy: reactive proxies cannot be structured-cloned by IPC. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Base64 chunks sent over the (ordered) request channel before waiting for the oldest answer. */
const UPLOAD_WINDOW = 4

export const useDataStore = defineStore('data', () => {
  const builtins = ref<BuiltinInfo[]>([])
  const preview = shallowRef<DataPreview | null>(null)
  const importing = ref<ImportState | null>(null)
  const error = ref<string | null>(null)
  /** A preview request (target change, built-in pick) is on its way. */
  const loading = ref(false)
  let subscribed = false
  /** Counts imports; an answer for an older (or cancelled) one is ignored. */
  let importToken = 0
  let previewRequest = 0

  const isImage = computed(() => preview.value?.image != null)

  /** Imported data set ids the window holds on to: the network's and the one shown. */
  const pinned = computed(() => {
    const ids = [useNetworkStore().data, preview.value?.data].flatMap((d) => (d?.kind === 'imported' ? [d.id] : []))
    return [...new Set(ids)]
  })
  watch(
    () => pinned.value.join('\n'),
    async (now, before) => {
      if (now === (before ?? '')) return
      try {
        await useApi().invoke['data:pin']([...pinned.value])
      } catch {
        // an older backend, or a lost connection: the store's plain LRU order still applies
      }
    },
    { immediate: true },
  )

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    useApi().on['data:progress']((p) => {
      const state = importing.value
      if (!state || state.id !== p.importId) return
      importing.value = { ...state, phase: p.phase, file: p.file, fraction: p.fraction, rows: p.rows }
    })
  }

  /** Loads the built-in menu and the preview of the data set the network is bound to. */
  async function init(): Promise<void> {
    subscribe()
    try {
      if (builtins.value.length === 0) builtins.value = await useApi().invoke['data:builtins']()
    } catch (e) {
      error.value = (e as Error).message
    }
    if (!preview.value) await show(useNetworkStore().data, false)
  }

  /**
   * Imports dropped or opened files. In the desktop app the backend reads them by path; in a browser
   * their bytes are uploaded in 1 MiB chunks. Another import in progress is cancelled first.
   */
  async function importFiles(files: File[]): Promise<void> {
    if (files.length === 0) return
    subscribe()
    if (importing.value) await cancel()
    const api = useApi()
    const token = ++importToken
    const live = (): boolean => token === importToken
    importing.value = { id: null, phase: 'upload', file: files.map((f) => f.name).join(', '), fraction: 0, rows: 0, cancelling: false }
    error.value = null
    try {
      const paths = api.pathForFile ? files.map((f) => api.pathForFile!(f)) : []
      const byPath = paths.length > 0 && paths.every((p) => p !== '')
      const id = await api.invoke['data:begin'](byPath ? { paths } : { files: files.map((f) => ({ name: f.name, size: f.size })) })
      if (!live()) return void api.invoke['data:cancel'](id).catch(() => undefined)
      importing.value = { ...importing.value!, id }
      if (!byPath) await upload(id, files, live)
      if (!live()) return
      const result = await api.invoke['data:import'](id)
      if (!live()) return
      importing.value = null
      apply(result)
    } catch (e) {
      if (!live()) return
      error.value = (e as Error).message
      importing.value = null
    }
  }

  /**
   * Sends the files' bytes with a few chunks in flight, so reading, sending and storing overlap: raw
   * 4 MiB blobs over the web host's upload path when there is one, else 1 MiB base64 `data:chunk`s.
   */
  async function upload(id: ImportId, files: File[], live: () => boolean): Promise<void> {
    const api = useApi()
    const step = api.upload ? RAW_CHUNK_BYTES : CHUNK_BYTES
    const total = files.reduce((n, f) => n + f.size, 0)
    let sent = 0
    const inFlight: Promise<void>[] = []
    for (const [index, file] of files.entries()) {
      for (const offset of chunkOffsets(file.size, step)) {
        if (!live()) return
        const blob = file.slice(offset, offset + step)
        const sending = api.upload
          ? api.upload({ importId: id, file: index, offset, bytes: blob })
          : readBase64(blob).then((base64) => api.invoke['data:chunk']({ importId: id, file: index, offset, base64 }))
        inFlight.push(
          sending.then(() => {
            sent += blob.size
            if (live()) importing.value = { ...importing.value!, phase: 'upload', file: file.name, fraction: total > 0 ? sent / total : 1 }
          }),
        )
        // Requests on separate HTTP connections may overtake each other: raw chunks go one at a time.
        if (inFlight.length >= (api.upload ? 1 : UPLOAD_WINDOW)) await inFlight.shift()
      }
    }
    await Promise.all(inFlight)
  }

  /** Cancels the running import; the data set shown stays. */
  async function cancel(): Promise<void> {
    const state = importing.value
    if (!state) return
    importToken++
    importing.value = { ...state, cancelling: true }
    try {
      if (state.id) await useApi().invoke['data:cancel'](state.id)
    } catch {
      // The import may have just finished or failed; either way it no longer counts.
    } finally {
      if (importing.value?.cancelling) importing.value = null
    }
  }

  /** Changes the target, task, missing-value policy, scaling or split of the imported data set shown. */
  async function choose(changes: DataChoices): Promise<void> {
    const current = preview.value?.data
    if (!current || current.kind !== 'imported') return
    await show({ ...current, ...changes }, true)
  }

  /** Shows and binds a built-in data set. */
  async function selectBuiltin(name: string): Promise<void> {
    await show({ kind: 'builtin', name }, true)
  }

  /** Loads the preview of `data`; binds it to the network when `bind` and it can train. */
  async function show(data: DataRef, bind: boolean): Promise<void> {
    const id = ++previewRequest
    loading.value = true
    try {
      const answer = await useApi().invoke['data:preview']({ data: plain(data) })
      if (id !== previewRequest) return
      error.value = null
      if (bind) apply(answer)
      else preview.value = answer
    } catch (e) {
      if (id === previewRequest) error.value = (e as Error).message
    } finally {
      if (id === previewRequest) loading.value = false
    }
  }

  /** Shows a preview and, when the data can train as chosen, binds it and fits the network's ends to it. */
  function apply(next: DataPreview): void {
    preview.value = next
    if (next.inputs === null || next.outputs === null) return
    const regression = next.task === 'regression'
    useNetworkStore().fitDataSet(plain(next.data), {
      name: next.title,
      inputs: next.inputs,
      classes: regression ? null : (next.classes?.length ?? next.outputs),
      targets: regression ? next.outputs : 1,
    })
  }

  return { builtins, preview, importing, error, loading, isImage, pinned, init, importFiles, cancel, choose, selectBuiltin, apply }
})
