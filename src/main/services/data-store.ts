/**
 * The data sets a user imported (SPEC §2), kept in the backend by id with what the preview needs.
 * An import is `begin` (names and sizes, or paths in the desktop app) → `chunk`s of bytes (web mode)
 * → `import` (parse in a worker thread, progress events, cancellable). A failed or cancelled import
 * adds nothing and removes nothing, so the data set in use stays as it was.
 *
 * Eviction: at most `maxDatasets` imports are kept besides the pinned ones; beyond that the least
 * recently used unpinned one is forgotten. Pinned are the data sets the window holds (the network's and
 * the project's, `data:pin`) and those of running jobs (the job manager), so importing files for a
 * prediction never drops the training set. A request that names a forgotten data set gets a message
 * that says which file it was and why it is gone.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { AppInfo, DataPreview, DataRef, ImportBeginRequest, ImportChunk, ImportId } from '../../shared/dto'
import { UserError } from '../api/dispatch'
import { DataError, DEFAULT_MAX_BYTES, describeColumns, formatBytes, importInWorker, isDataError, warmImportWorker, listBuiltins, type ColumnSchema, type ImportFile, type ImportProgress, type ImportResult, type Table } from '../data'
import type { EventSink } from './event-sink'
import { buildPreview, type PreviewSource } from './data-preview'
import { builtinTables, choicesOf, type DataTables, type TableSource } from './datasets'

/** A file to import: bytes already uploaded, or a path to read (desktop app). */
export type ImportSource = { name: string; bytes: Uint8Array } | { name: string; path: string }

/** Progress of reading a file by path, before parsing. */
export interface ReadProgress {
  file: string
  phase: 'read'
  fraction: number
  rows: number
}

/** Runs one import: parses `sources`, reports progress, rejects with a `DataError` (code `cancelled` when aborted). */
export type ImportRunner = (
  sources: ImportSource[],
  options: { maxBytes: number; progressIntervalMs: number; signal: AbortSignal; onProgress: (p: ImportProgress | ReadProgress) => void },
) => Promise<ImportResult>

export interface DataStoreOptions {
  host: AppInfo['host']
  sink: EventSink
  /** Largest accepted file (default 512 MiB, the data backend's limit). */
  maxBytes?: number
  /** Imported data sets kept in memory besides the pinned ones; the least recently used unpinned beyond this are forgotten (default 4). */
  maxDatasets?: number
  /** Uploads begun but not yet imported; the oldest beyond this is dropped (default 2). */
  maxPendingUploads?: number
  /** Progress events at most this often (default 50 ms: the UI needs one at least every 200 ms, and a step of a busy or newly started worker can take 150 ms). */
  progressIntervalMs?: number
  /** How imports run (default: one worker thread each). */
  runner?: ImportRunner
}

interface UploadFile {
  name: string
  size: number
  bytes: Uint8Array
  received: number
  /** SHA-256 of the bytes received so far, updated per chunk (hashing 100 MB at once would stall the event loop). */
  hash: Hash
}

interface Pending {
  uploads?: UploadFile[]
  paths?: string[]
  controller?: AbortController
}

interface Stored extends PreviewSource {
  used: number
  origin: DataOrigin | null
}

/** The one file an imported data set came from: its name, its path (desktop app; null when uploaded), its size and the SHA-256 of its bytes. */
export interface DataOrigin {
  name: string
  path: string | null
  sha256: string
  size: number
}

/** Keeps imported data sets from eviction: `pin(owner, ids)` replaces what `owner` holds (`[]` lets go). */
export interface DataPins {
  pin(owner: string, ids: string[]): void
}

/** Forgotten data sets remembered for their error message (names only; the oldest go first). */
const MAX_GONE = 64

export class DataStore implements TableSource, DataPins {
  private readonly pending = new Map<ImportId, Pending>()
  private readonly stored = new Map<string, Stored>()
  /** Pinned ids per owner (`window`, `run:<id>`). */
  private readonly pins = new Map<string, Set<string>>()
  /** Why each forgotten data set is gone, by id. */
  private readonly gone = new Map<string, string>()
  private readonly builtins = new Map<string, Promise<DataTables>>()
  private readonly described = new WeakMap<Table, ColumnSchema[]>()
  private readonly maxBytes: number
  private clock = 0

  constructor(private readonly options: DataStoreOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  }

  /** Starts an import; refuses files over the size limit before any byte is sent. */
  begin(request: ImportBeginRequest): ImportId {
    const id = randomUUID()
    // the default runner's worker thread boots while the file uploads or is read
    const warm = (): void => (this.options.runner ? undefined : warmImportWorker())
    if ('paths' in request) {
      if (this.options.host !== 'electron') throw new UserError('Files can be opened by path only in the desktop app; in the browser they are uploaded.')
      this.pending.set(id, { paths: request.paths })
      warm()
      return id
    }
    for (const f of request.files) {
      if (f.size > this.maxBytes) throw new UserError(`${f.name}: the file is ${formatBytes(f.size)}, over the import limit of ${formatBytes(this.maxBytes)}`)
      if (f.size === 0) throw new UserError(`${f.name}: the file is empty`)
    }
    const uploads = [...this.pending.entries()].filter(([, p]) => p.uploads && !p.controller)
    for (const [old] of uploads.slice(0, Math.max(0, uploads.length - (this.options.maxPendingUploads ?? 2) + 1))) this.pending.delete(old)
    this.pending.set(id, { uploads: request.files.map((f) => ({ name: f.name, size: f.size, bytes: new Uint8Array(f.size), received: 0, hash: createHash('sha256') })) })
    warm()
    return id
  }

  /** Adds the next bytes of an uploaded file (base64 over the request channel); answers the bytes of that file received so far. */
  chunk(chunk: ImportChunk): number {
    return this.receive(chunk.importId, chunk.file, chunk.offset, Buffer.from(chunk.base64, 'base64'))
  }

  /** Adds the next bytes of an uploaded file, in order (also the web host's binary upload path). */
  receive(importId: ImportId, fileIndex: number, offset: number, bytes: Uint8Array): number {
    const upload = this.pending.get(importId)
    const file = upload?.uploads?.[fileIndex]
    if (!upload || !file || upload.controller) throw new UserError('This upload is unknown or already being imported; drop the file again.')
    if (offset !== file.received) throw new UserError(`${file.name}: upload chunk at byte ${offset} arrived out of order (expected ${file.received}).`)
    if (file.received + bytes.length > file.size) throw new UserError(`${file.name}: more bytes arrived than the file's size of ${file.size}.`)
    file.bytes.set(bytes, file.received)
    file.hash.update(bytes)
    file.received += bytes.length
    return file.received
  }

  /** Parses the import's files and keeps the result; answers its preview. Progress goes out as `data:progress`. */
  async import(importId: ImportId): Promise<DataPreview> {
    const job = this.pending.get(importId)
    if (!job || job.controller) throw new UserError('This import is unknown or already running; drop the file again.')
    const sources: ImportSource[] = job.paths
      ? job.paths.map((path) => ({ name: path.split(/[\\/]/).pop() || path, path }))
      : job.uploads!.map((f) => {
          if (f.received !== f.size) throw new UserError(`${f.name}: the upload is incomplete (${f.received} of ${f.size} bytes).`)
          return { name: f.name, bytes: f.bytes }
        })
    job.controller = new AbortController()
    const interval = this.options.progressIntervalMs ?? 50
    const emit = (p: { file: string; phase: 'read' | 'decompress' | 'parse' | 'schema'; fraction: number; rows: number }) =>
      this.options.sink.emit('data:progress', { importId, phase: p.phase, file: p.file, fraction: p.fraction, rows: p.rows })
    try {
      // uploaded bytes were hashed as they arrived; a path is read alongside the parse
      const [first, upload] = [sources[0]!, job.uploads?.[0]]
      const hashing: Promise<DataOrigin | null> | DataOrigin | null =
        sources.length !== 1 ? null
        : upload ? { name: upload.name, path: null, sha256: upload.hash.digest('hex'), size: upload.size }
        : 'path' in first ? originOf(first).catch(() => null)
        : null
      const run = this.options.runner ?? workerRunner
      const result = await run(sources, { maxBytes: this.maxBytes, progressIntervalMs: interval, signal: job.controller.signal, onProgress: emit })
      if (job.controller.signal.aborted) throw new DataError('cancelled', 'the import was cancelled', { file: sources.map((s) => s.name).join(', ') })
      emit({ file: result.files.join(', '), phase: 'schema', fraction: 1, rows: result.table.rows })
      const origin = await hashing
      const { table, test, columns, format } = result
      const source: Stored = { table, test, columns, title: result.files.join(' + '), format, used: ++this.clock, origin }
      const preview = buildPreview(source, { kind: 'imported', id: importId, name: source.title }, {})
      this.keep(importId, source)
      return preview
    } catch (error) {
      if (job.controller.signal.aborted) throw new UserError(`${sources.map((s) => s.name).join(', ')}: the import was cancelled`)
      if (isDataError(error)) throw new UserError(error.message)
      throw error
    } finally {
      this.pending.delete(importId)
    }
  }

  /** Cancels a running or pending import; unknown ids are ignored (it may just have finished). */
  cancel(importId: ImportId): void {
    const job = this.pending.get(importId)
    if (!job) return
    if (job.controller) job.controller.abort()
    else this.pending.delete(importId)
  }

  /** The preview of any data reference under its choices. */
  async preview(ref: DataRef): Promise<DataPreview> {
    try {
      if (ref.kind === 'imported') {
        const source = this.source(ref.id, ref.name)
        return buildPreview(source, ref, choicesOf(ref))
      }
      const tables = await this.builtin(ref)
      const title = listBuiltins().find((b) => b.name === ref.name)?.title ?? ref.name
      // described once per cached table: MNIST's 785 columns take ~0.1 s
      const columns = this.described.get(tables.table) ?? describeColumns(tables.table)
      this.described.set(tables.table, columns)
      return buildPreview({ ...tables, columns, title, format: 'builtin' }, ref, {})
    } catch (error) {
      if (isDataError(error)) throw new UserError(error.message)
      throw error
    }
  }

  /** The tables of an imported data set (for training); `name` (the reference's) makes the error for a data set not loaded specific. */
  tables(id: string, name?: string): DataTables {
    const { table, test } = this.source(id, name)
    return test ? { table, test } : { table }
  }

  /**
   * Pins imported data sets for `owner` (replacing what it pinned before; `[]` unpins): they are never
   * evicted while pinned. Unknown ids are ignored. Pinning does not count as a use.
   */
  pin(owner: string, ids: string[]): void {
    if (ids.length === 0) this.pins.delete(owner)
    else this.pins.set(owner, new Set(ids))
    this.evict()
  }

  /** Whether a data set is pinned by anyone. */
  pinned(id: string): boolean {
    for (const ids of this.pins.values()) if (ids.has(id)) return true
    return false
  }

  /** The file an imported data set came from (null for several files, or an id no longer kept). */
  origin(id: string): DataOrigin | null {
    return this.stored.get(id)?.origin ?? null
  }

  /** Ids of the imported data sets kept, most recently used first. */
  ids(): string[] {
    return [...this.stored.entries()].sort((a, b) => b[1].used - a[1].used).map(([id]) => id)
  }

  private source(id: string, name?: string): Stored {
    const found = this.stored.get(id)
    if (!found) {
      const why = this.gone.get(id)
      if (why) throw new UserError(why)
      const what = name ? `The imported data set “${name}”` : 'This imported data set'
      throw new UserError(`${what} is no longer loaded (most likely the app was restarted since it was imported): import ${name ? `“${name}”` : 'the file'} again (drop it on the window) to use it.`)
    }
    found.used = ++this.clock
    return found
  }

  private keep(id: string, source: Stored): void {
    this.stored.set(id, source)
    this.gone.delete(id)
    this.evict(source.title)
  }

  /** Forgets the least recently used unpinned data sets beyond `maxDatasets` (pinned ones do not count). */
  private evict(newest?: string): void {
    const max = this.options.maxDatasets ?? 4
    const unpinned = this.ids().filter((id) => !this.pinned(id))
    for (const old of unpinned.slice(max)) {
      const title = this.stored.get(old)!.title
      this.stored.delete(old)
      const by = newest ? ` when “${newest}” was imported` : ''
      this.gone.set(old, `The imported data set “${title}” is no longer loaded: the app keeps the ${max} most recently used imports besides the data sets in use, and it was removed${by}. Drop “${title}” on the window again to use it.`)
      if (this.gone.size > MAX_GONE) this.gone.delete(this.gone.keys().next().value!)
    }
  }

  private builtin(ref: DataRef & { kind: 'builtin' }): Promise<DataTables> {
    const key = `${ref.name}|${ref.seed ?? ''}|${ref.noise ?? ''}`
    let tables = this.builtins.get(key)
    if (!tables) {
      tables = builtinTables(ref)
      tables.catch(() => this.builtins.delete(key))
      this.builtins.set(key, tables)
      if (this.builtins.size > 3) this.builtins.delete(this.builtins.keys().next().value!)
    }
    return tables
  }
}

/**
 * The default runner: files given by path are read here (asynchronously, so the event loop keeps
 * serving), then the data backend parses everything in a worker thread (`importInWorker`).
 */
export const workerRunner: ImportRunner = async (sources, options) => {
  const files: ImportFile[] = []
  for (const source of sources) {
    files.push('bytes' in source ? source : { name: source.name, bytes: await readFile(source, options) })
  }
  const { maxBytes, progressIntervalMs, signal, onProgress } = options
  return importInWorker(files, { maxBytes, progressIntervalMs, signal, onProgress, transfer: true, describe: true })
}

const READ_STEP = 4 << 20

/** Name, path, size and SHA-256 of a file given by path, read as a stream. */
async function originOf(source: { name: string; path: string }): Promise<DataOrigin> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(source.path)) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { name: source.name, path: source.path, sha256: hash.digest('hex'), size }
}

/** Reads a file in 4 MiB steps with progress, refusing it before reading when it is over the limit. */
async function readFile(source: { name: string; path: string }, options: Parameters<ImportRunner>[1]): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(source.path, 'r')
  } catch (error) {
    throw new DataError('empty', `the file cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file: source.name })
  }
  try {
    const { size } = await handle.stat()
    if (size > options.maxBytes) throw new DataError('too-large', `the file is ${formatBytes(size)}, over the import limit of ${formatBytes(options.maxBytes)}`, { file: source.name })
    const bytes = new Uint8Array(size)
    let last = 0
    for (let at = 0; at < size; ) {
      if (options.signal.aborted) throw new DataError('cancelled', 'the import was cancelled', { file: source.name })
      const { bytesRead } = await handle.read(bytes, at, Math.min(READ_STEP, size - at), at)
      if (bytesRead === 0) break
      at += bytesRead
      if (performance.now() - last >= options.progressIntervalMs) {
        last = performance.now()
        options.onProgress({ file: source.name, phase: 'read', fraction: at / size, rows: 0 })
      }
    }
    return bytes
  } finally {
    await handle.close()
  }
}
