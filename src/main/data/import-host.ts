/**
 * Runs the import service in a worker thread (SPEC §2: a large file is parsed off the UI thread, with
 * progress and cancellation). Same contract as `importFiles`: an `ImportResult` or a `DataError`.
 */
import type { Worker } from 'node:worker_threads'
import createImportWorker from './import-worker?nodeWorker'
import { DataError } from '../../engine/data/errors'
import type { ImportOptions } from './bytes'
import type { ImportFile, ImportResult } from './import'
import type { ImportReply, ImportRequest } from './import-worker'

export interface WorkerImportSettings extends ImportOptions {
  /** Move the file bytes to the worker instead of copying them (the caller's arrays become empty). */
  transfer?: boolean
}

let spare: Worker | null = null

/**
 * Starts the worker of the next import ahead of time (while its file uploads or is read), so the import
 * does not wait for a thread to boot (a few hundred ms on a busy machine, without progress). An idle
 * spare does not keep the process alive.
 */
export function warmImportWorker(): void {
  if (spare) return
  const worker = createImportWorker({})
  worker.unref()
  const drop = (): void => {
    if (spare === worker) spare = null
  }
  worker.once('error', drop)
  worker.once('exit', drop)
  spare = worker
}

/** The spare worker if there is one, else a new one. */
function takeWorker(): Worker {
  const worker = spare ?? createImportWorker({})
  spare = null
  worker.ref()
  return worker
}

/** Imports in a fresh worker thread; `signal` cancels, rejecting with a `cancelled` DataError. */
export function importInWorker(files: ImportFile[], settings: WorkerImportSettings = {}): Promise<ImportResult> {
  const { signal, onProgress, transfer, ...options } = settings
  const names = files.map((f) => f.name).join(', ')
  return new Promise<ImportResult>((resolve, reject) => {
    if (signal?.aborted) return reject(new DataError('cancelled', 'the import was cancelled', { file: names }))
    const worker = takeWorker()
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' } satisfies ImportRequest)
      // The worker answers within one chunk; a stuck parser is stopped anyway.
      setTimeout(() => finish(() => reject(new DataError('cancelled', 'the import was cancelled', { file: names }))), 1000).unref()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: ImportReply) => {
      if (msg.type === 'progress') onProgress?.(msg.progress)
      else if (msg.type === 'done') finish(() => resolve(msg.result))
      else finish(() => reject(DataError.fromJSON(msg.error)))
    })
    worker.on('error', (e) => finish(() => reject(new DataError('internal', `the import worker failed (${e.message})`, { file: names }))))
    worker.on('exit', (code) => finish(() => reject(new DataError('internal', `the import worker stopped (exit code ${code})`, { file: names }))))
    // Only whole, unshared buffers move (not slices of Node's Buffer pool).
    const whole = (f: ImportFile): boolean => f.bytes.byteOffset === 0 && f.bytes.byteLength === f.bytes.buffer.byteLength
    const buffers = transfer ? files.filter(whole).map((f) => f.bytes.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer) : []
    worker.postMessage({ type: 'import', files, options } satisfies ImportRequest, buffers)
  })
}
