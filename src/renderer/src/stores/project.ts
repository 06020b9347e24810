/**
 * The project around the network (SPEC §9): which file it lives in, whether it has unsaved changes,
 * New / Open / Save / Save As / recent files, autosave every 30 s and on quit, and the moved-data prompt.
 * In the desktop app files go through the backend's `project:*` channels (paths never leave the
 * backend); in the browser a project is downloaded and uploaded, and autosaved in local storage.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { DataCheck, ProjectDocument, ProjectHandle } from '../../../shared/project'
import { useApi } from '../api'
import { useNetworkStore, xorExample } from './network'
import { useTrainingStore } from './training'
import { useProjectDataStore } from './project-data'
import type { DataFileRef } from '../../../shared/project'
import { graphFromNetwork } from '../graph/from-spec'
import { clone } from '../graph/clone'
import { EXAMPLES } from '../examples'
import { formatBytes } from '../format'

/** Autosave period. */
export const AUTOSAVE_MS = 30_000
/** Local-storage key of the browser's autosave. */
export const WEB_AUTOSAVE_KEY = 'layerwise:autosave'

export type Notice = { kind: 'info' | 'error'; text: string }

export const useProjectStore = defineStore('project', () => {
  const network = useNetworkStore()
  const training = useTrainingStore()
  const projectData = useProjectDataStore()
  const name = ref('Untitled')
  /** Backend handle of the project's file (desktop app), null while untitled or in the browser. */
  const handle = ref<string | null>(null)
  const path = ref<string | null>(null)
  const savedRevision = ref(network.revision)
  const host = ref<'electron' | 'web' | null>(null)
  const recent = ref<ProjectHandle[]>([])
  const dataCheck = ref<DataCheck | null>(null)
  const notice = ref<Notice | null>(null)
  const lastSavedAt = ref<string | null>(null)
  /** The text of a browser autosave found at start, offered for restore. */
  const recoverable = shallowRef<string | null>(null)
  const dirty = computed(() => network.revision !== savedRevision.value)
  let timer: ReturnType<typeof setInterval> | null = null
  // Confirmations fade after a few seconds; errors stay until dismissed.
  watch(notice, (shown) => {
    if (shown?.kind === 'info') setTimeout(() => notice.value === shown && (notice.value = null), 4000)
  })

  /** The project as a file document. */
  function toDocument(): ProjectDocument {
    const compiled = network.compiled
    const results = training.result ? { result: clone(training.result), epochs: clone(training.epochs) } : null
    return {
      format: 'layerwise-project',
      version: 1,
      name: name.value,
      savedAt: new Date().toISOString(),
      data: projectData.documentRef(),
      graph: clone(network.graph),
      network: compiled.kind === 'network' ? clone(compiled.network) : null,
      settings: clone(network.settings),
      results,
    }
  }

  function apply(document: ProjectDocument, file: ProjectHandle | null): void {
    const data = document.data.kind === 'file' ? network.data : document.data
    network.load({ graph: document.graph, data, settings: document.settings })
    projectData.opened(document.data)
    // the run shown is the project's own (or none), never the one of the project open before
    training.showSaved(document.results ?? null)
    name.value = file?.name ?? document.name
    handle.value = file?.handle ?? null
    path.value = file?.path ?? null
    savedRevision.value = network.revision
    // Imported data lives in the backend session that imported it: a reopened project asks for it again.
    dataCheck.value =
      document.data.kind === 'imported' ? { status: 'missing', message: `This project uses the imported data set “${document.data.name}”: import it again in the Data view to train.` } : null
  }

  /**
   * Loads an opened project's data file so it can train at once: by path in the desktop app (the
   * backend checks it is there with the same hash); a browser asks the user to pick it. Loading it
   * is not an unsaved change.
   */
  async function bindDataFile(ref: DataFileRef): Promise<void> {
    if (host.value !== 'electron') {
      const size = ref.size === undefined ? '' : ` (${formatBytes(ref.size)})`
      dataCheck.value = {
        status: 'missing',
        message: `This project trains on the data file “${ref.name}”${size}: drop it on the window again, or pick it to load it (a browser cannot open files by their path).`,
      }
      return
    }
    const clean = !dirty.value
    try {
      await projectData.load(ref)
      dataCheck.value = null
      if (clean) savedRevision.value = network.revision
    } catch (e) {
      dataCheck.value = { status: 'missing', message: (e as Error).message }
    }
  }

  async function run(action: () => Promise<void>): Promise<boolean> {
    try {
      await action()
      return true
    } catch (e) {
      notice.value = { kind: 'error', text: (e as Error).message }
      return false
    }
  }

  /** Learns the host, the recent files (desktop) or a browser autosave; starts the autosave timer. */
  async function init(): Promise<void> {
    await run(async () => {
      host.value = (await useApi().invoke['app:info']()).host
      if (host.value === 'electron') recent.value = await useApi().invoke['project:recent']()
      else recoverable.value = readWebAutosave()
    })
    timer ??= setInterval(() => void autosave(), AUTOSAVE_MS)
  }

  function newProject(): void {
    const example = xorExample()
    network.load({ graph: { nodes: [], edges: [] }, data: example.data, settings: example.settings })
    projectData.opened(example.data)
    training.showSaved(null)
    name.value = 'Untitled'
    handle.value = null
    path.value = null
    savedRevision.value = network.revision
    notice.value = null
  }

  /** Opens a project chosen in the native dialog or from the recent files (desktop app). */
  async function open(recentHandle?: string): Promise<boolean> {
    return run(async () => {
      const opened = await useApi().invoke['project:open'](recentHandle ? { via: 'recent', handle: recentHandle } : { via: 'dialog' })
      apply(opened.document, opened)
      if (opened.data.status !== 'ok') dataCheck.value = opened.data
      else if (opened.document.data.kind === 'file') await bindDataFile(opened.document.data)
      notice.value = { kind: 'info', text: `Opened “${opened.name}”.` }
      recent.value = await useApi().invoke['project:recent']()
    })
  }

  /** Opens the text of an uploaded or dropped project file (named after the file when given). */
  async function openText(text: string, fileName?: string): Promise<boolean> {
    return run(async () => {
      const document = await useApi().invoke['project:parse'](text)
      if (fileName) document.name = fileName.replace(/\.layerwise\.json$|\.json$/i, '') || document.name
      apply(document, null)
      if (document.data.kind === 'file') await bindDataFile(document.data)
      notice.value = { kind: 'info', text: `Opened “${document.name}”.` }
    })
  }

  /**
   * Saves: in the desktop app to the project's file (or via the dialog when untitled or `as`); in the
   * browser, answers the file to download (the caller starts the download).
   */
  async function save(as = false): Promise<{ fileName: string; text: string } | null> {
    const document = toDocument()
    if (host.value !== 'electron') {
      markSaved(document.savedAt)
      localStorage.removeItem(WEB_AUTOSAVE_KEY)
      return { fileName: `${fileSafe(name.value)}.layerwise.json`, text: `${JSON.stringify(document, null, 2)}\n` }
    }
    await run(async () => {
      const target = handle.value && !as ? { via: 'handle' as const, handle: handle.value } : { via: 'dialog' as const }
      const saved = await useApi().invoke['project:save'](document, target)
      Object.assign(document, { name: saved.name })
      name.value = saved.name
      handle.value = saved.handle
      path.value = saved.path
      markSaved(saved.savedAt)
      notice.value = { kind: 'info', text: `Saved “${saved.name}”.` }
      recent.value = await useApi().invoke['project:recent']()
    })
    return null
  }

  /** Saves unsaved changes without asking: the project's file, the recovery file, or local storage. */
  async function autosave(): Promise<void> {
    if (!dirty.value) return
    const document = toDocument()
    if (host.value !== 'electron') {
      localStorage.setItem(WEB_AUTOSAVE_KEY, JSON.stringify(document))
      return
    }
    await run(async () => {
      await useApi().invoke['project:autosave'](document, handle.value)
      if (handle.value) markSaved(document.savedAt)
    })
  }

  /** Reopens the browser's autosave (validated like an uploaded file). */
  async function restoreWebAutosave(): Promise<void> {
    const text = recoverable.value
    recoverable.value = null
    if (text) await openText(text)
  }

  /** Asks the user for a data file that moved (desktop app). */
  async function locateData(): Promise<void> {
    await run(async () => {
      const document = toDocument()
      const wanted = dataCheck.value ? document.data : null
      const ref = await useApi().invoke['project:locate-data'](wanted && wanted.kind !== 'builtin' ? wanted.name : 'data')
      if (ref) located(ref.name, await projectData.load({ ...ref, ...(wanted?.kind === 'file' && wanted.choices ? { choices: wanted.choices } : {}) }))
    })
  }

  /** Loads the data file the user picked for the project (the browser's "Locate…", or any host). */
  async function locateFile(file: File): Promise<void> {
    await run(async () => located(file.name, await projectData.loadFile(file)))
  }

  function located(fileName: string, load: 'loaded' | 'changed'): void {
    dataCheck.value = null
    notice.value =
      load === 'changed'
        ? { kind: 'error', text: `Using ${fileName}, ready to train; its content differs from the file the project was saved with, so results will differ.` }
        : { kind: 'info', text: `Using ${fileName}: ready to train.` }
  }

  function markSaved(at: string): void {
    savedRevision.value = network.revision
    lastSavedAt.value = at
  }

  function dismiss(): void {
    notice.value = null
  }

  /** Opens one of the example projects that ship with the app, as an untitled project without unsaved changes. */
  function openExample(id: string): boolean {
    const example = EXAMPLES.find((e) => e.id === id)
    if (!example) return false
    network.load({ graph: graphFromNetwork(example.network), data: clone(example.data), settings: clone(example.settings) })
    projectData.opened(example.data)
    training.showSaved(null)
    name.value = example.title
    handle.value = null
    path.value = null
    dataCheck.value = null
    savedRevision.value = network.revision
    notice.value = { kind: 'info', text: example.description }
    return true
  }

  /** Shows the XOR example drawn as a graph (the state the app opens in). */
  function loadExample(): void {
    const example = xorExample()
    network.load({ graph: graphFromNetwork(example.network), data: example.data, settings: example.settings })
    savedRevision.value = network.revision
  }

  return {
    name, handle, path, host, recent, dataCheck, notice, lastSavedAt, recoverable, dirty,
    toDocument, init, newProject, openExample, open, openText, save, autosave, restoreWebAutosave, locateData, locateFile, dismiss, loadExample,
  }
})

function readWebAutosave(): string | null {
  try {
    return localStorage.getItem(WEB_AUTOSAVE_KEY)
  } catch {
    return null
  }
}

/** A file name made from a project name. */
export function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'project'
}
