/**
 * Worker-thread entry of the import service: parses off the main thread so the window stays responsive,
 * streams progress, and transfers the finished columns back without copying. Protocol: see
 * `ImportRequest` / `ImportReply`; started by `importInWorker` (import-host.ts).
 */
import { parentPort } from 'node:worker_threads'
import { DataError, type DataErrorJSON } from '../../engine/data/errors'
import type { Table } from '../../engine/data/table'
import type { ImportOptions, ImportProgress } from './bytes'
import { importFiles, type ImportFile, type ImportResult } from './import'

/** Options that can cross a thread boundary (no signal, no callback). */
export type WorkerImportOptions = Omit<ImportOptions, 'signal' | 'onProgress'>

export type ImportRequest = { type: 'import'; files: ImportFile[]; options: WorkerImportOptions } | { type: 'cancel' }

export type ImportReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; error: DataErrorJSON }

/** The buffers of a table's numeric columns, to transfer instead of copying. */
export function tableBuffers(t: Table): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const c of t.columns) if (c.type === 'numeric' && c.values.buffer instanceof ArrayBuffer) buffers.add(c.values.buffer)
  return [...buffers]
}

const port = parentPort
if (port) {
  const controller = new AbortController()
  port.on('message', (msg: ImportRequest) => {
    switch (msg.type) {
      case 'cancel':
        controller.abort()
        return
      case 'import':
        importFiles(msg.files, { ...msg.options, signal: controller.signal, onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies ImportReply) })
          .then((result) => {
            const transfer = [...tableBuffers(result.table), ...(result.test ? tableBuffers(result.test) : [])]
            port.postMessage({ type: 'done', result } satisfies ImportReply, transfer)
          })
          .catch((e: unknown) => {
            const error = e instanceof DataError ? e : new DataError('internal', e instanceof Error ? e.message : String(e))
            port.postMessage({ type: 'error', error: error.toJSON() } satisfies ImportReply)
          })
        return
      default:
        throw new Error(`unknown import request ${JSON.stringify(msg)}`)
    }
  })
}
