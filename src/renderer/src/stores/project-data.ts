/**
 * A project's data file (SPEC §9, issue 6). A data set imported from one file is saved as that file's
 * path and SHA-256 (with the user's choices), as the backend answers for it; when the project is opened
 * again, the file is loaded and bound so Train works without a manual re-import — by path in the desktop
 * app (when the file is there with the same hash), or, in a browser, which cannot read paths, from the
 * file the user picks ("Locate…"), which goes through the ordinary import.
 */
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { DataRef } from '../../../shared/dto'
import type { DataFileRef, ProjectDataRef } from '../../../shared/project'
import { useApi } from '../api'
import { useNetworkStore } from './network'
import { useDataStore } from './data'
import { clone } from '../graph/clone'

/** What binding a project's data file did: loaded as saved, or loaded with content that differs from the saved hash. */
export type DataFileLoad = 'loaded' | 'changed'

export const useProjectDataStore = defineStore('project-data', () => {
  const network = useNetworkStore()
  /** File references of imported data sets, by import id (answered by the backend once per import). */
  const files = shallowRef(new Map<string, DataFileRef>())
  /** The opened project's data file while it is not loaded, with the data the network had meanwhile. */
  const pending = shallowRef<{ ref: DataFileRef; standIn: string } | null>(null)

  watch(
    () => network.data,
    async (data) => {
      if (data.kind !== 'imported' || files.value.has(data.id)) return
      try {
        const ref = await useApi().invoke['project:data-ref'](clone(data))
        if (ref.kind === 'file') files.value = new Map(files.value).set(data.id, ref)
      } catch {
        // without a file reference the project keeps the session reference (asked for again on open)
      }
    },
    { immediate: true, deep: true },
  )

  // Train waits for the project's data file; choosing any other data set instead ends the wait
  watch(pending, (p) => {
    network.dataBlocker = p ? `Load this project's data file “${p.ref.name}” first (Locate the data file…), or choose another data set.` : null
  })
  watch(
    () => JSON.stringify(network.data),
    (data) => {
      if (pending.value && data !== pending.value.standIn) pending.value = null
    },
  )

  /** What the project file saves for the network's data now. */
  function documentRef(): ProjectDataRef {
    const data = network.data
    const file = data.kind === 'imported' ? files.value.get(data.id) : undefined
    if (file && data.kind === 'imported') {
      const { target, task, missing, scaling, split } = data
      const choices = Object.fromEntries(Object.entries({ target, task, missing, scaling, split }).filter(([, v]) => v !== undefined))
      return {
        kind: 'file',
        name: file.name,
        path: file.path,
        sha256: file.sha256,
        ...(file.size !== undefined ? { size: file.size } : {}),
        ...(Object.keys(choices).length > 0 ? { choices } : {}),
      }
    }
    // an opened project whose file is not loaded yet keeps its reference
    if (pending.value && pending.value.standIn === JSON.stringify(data)) return clone(pending.value.ref)
    return clone(data)
  }

  /** Remembers the data file of a project just opened (or forgets it for other data). */
  function opened(data: ProjectDataRef): void {
    pending.value = data.kind === 'file' ? { ref: clone(data), standIn: JSON.stringify(network.data) } : null
  }

  /** Binds a loaded data set: the Data view shows it and the network fits its ends to it. */
  function bind(data: DataRef, ref: DataFileRef): void {
    if (data.kind === 'imported') files.value = new Map(files.value).set(data.id, ref)
    pending.value = null
  }

  /** Loads a data file by path through the backend (desktop app); rejects with the reason (moved, changed). */
  async function load(ref: DataFileRef): Promise<DataFileLoad> {
    const saved = pending.value?.ref
    const preview = await useApi().invoke['project:load-data'](clone(ref))
    bind(preview.data, ref)
    useDataStore().apply(preview)
    return saved && saved.sha256 !== ref.sha256 ? 'changed' : 'loaded'
  }

  /** Imports a file the user picked for the project's data (any host), with the saved choices. */
  async function loadFile(file: File): Promise<DataFileLoad> {
    const saved = pending.value?.ref ?? null
    const data = useDataStore()
    await data.importFiles([file])
    if (data.error) throw new Error(data.error)
    if (saved?.choices) await data.choose(saved.choices)
    const bound = network.data
    if (bound.kind !== 'imported') throw new Error(`${file.name} could not be bound to the network.`)
    const ref = await useApi().invoke['project:data-ref'](clone(bound))
    if (ref.kind === 'file') bind(bound, ref)
    pending.value = null
    return saved && ref.kind === 'file' && ref.sha256 !== saved.sha256 ? 'changed' : 'loaded'
  }

  return { files, pending, documentRef, opened, load, loadFile }
})
