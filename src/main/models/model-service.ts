/**
 * The `model:*` requests (SPEC §9): models of finished runs arrive from the job manager, files are
 * imported from uploaded text or (desktop app) a path, exported as files or written where the native
 * dialog says, and predict on a built-in or imported data set. No Electron here: dialogs are injected.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Kernels } from '../../engine/types'
import type { AppInfo, DataRef } from '../../shared/dto'
import type { ExportedFile, ModelExportRequest, ModelId, ModelImportRequest, ModelInfo, PredictionsDto, PredictRequest } from '../../shared/models'
import { formatBytes, isDataError, type Table } from '../data'
import { UserError } from '../api/dispatch'
import { loadModelText, MODEL_MAX_BYTES } from './model-file'
import { exportFiles } from './model-export'
import { predictionsCsv, predictTable, PREDICTION_ROWS_SHOWN, type Predictions } from './predict'
import { ModelStore } from './model-store'
import { builtinTables, type TableSource } from '../services/datasets'
import { atomicWriteFile } from '../services/atomic-write'

/** The table behind a data reference: an imported set from `store`, or a built-in one. */
export function tableFrom(store: TableSource): (ref: DataRef) => Promise<Table> {
  return async (ref) => (ref.kind === 'imported' ? store.tables(ref.id).table : (await builtinTables(ref)).table)
}

/** Native dialogs of the desktop app: where to save a model file, and which folder gets a TF.js export. */
export interface ModelDialogs {
  saveModelFile(defaultName: string): Promise<string | null>
  chooseExportFolder(): Promise<string | null>
}

export interface ModelServiceOptions {
  host: AppInfo['host']
  kernels: () => Promise<Kernels>
  /** The table behind a data reference (the data store's imported sets and the built-ins). */
  table: (ref: DataRef) => Promise<Table>
  dialogs?: ModelDialogs | null
  store?: ModelStore
  /** The model of a running run as it is now (the job manager's `snapshot`). */
  snapshot?: (runId: string) => Promise<{ text: string; epoch: number; best: boolean }>
}

/** A trained model that arrives from a finished run. */
export interface RunModel {
  runId: string
  text: string
  dataName?: string
}

export class ModelService {
  readonly store: ModelStore
  /** Models of finished runs still being loaded: `list` waits for them, so a run's model is listed once its run is reported finished. */
  private adding: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: ModelServiceOptions) {
    this.store = options.store ?? new ModelStore()
  }

  /** Keeps the model of a finished run under its run id (validated like any import); a model that fails to load is left out. */
  addRun(run: RunModel): Promise<ModelInfo | null> {
    const time = new Date().toISOString().slice(11, 16)
    const name = `${run.dataName ?? 'model'} ${time}`
    const added = this.adding.then(async () => this.store.add(run.runId, loadModelText(name, run.text, await this.options.kernels()), { name, source: 'run' })).catch(() => null)
    this.adding = added
    return added
  }

  /**
   * Keeps the model of a running run as it is now under its run id: the best epoch so far when early
   * stopping tracks it, else the current weights. The run's final model replaces it when the run ends.
   */
  async addSnapshot(runId: string): Promise<ModelInfo> {
    if (!this.options.snapshot) throw new UserError('Models of running runs are not available here.')
    const { text, epoch, best } = await this.options.snapshot(runId)
    const name = `run at epoch ${epoch}${best ? ' (best so far)' : ''}`
    return this.store.add(runId, loadModelText(name, text, await this.options.kernels()), { name, source: 'run' })
  }

  async list(): Promise<ModelInfo[]> {
    await this.adding
    return this.store.list()
  }

  /** Validates and keeps a model file; answers its summary. Nothing is kept when it is refused. */
  async import(request: ModelImportRequest): Promise<ModelInfo> {
    const { name, text } = 'path' in request ? await this.readPath(request.path) : request
    const model = loadModelText(name, text, await this.options.kernels())
    return this.store.add(randomUUID(), model, { name, source: 'import' })
  }

  /** The files of an export, for a download (web mode). */
  async export(request: ModelExportRequest): Promise<ExportedFile[]> {
    const kept = await this.kept(request.modelId)
    return exportFiles(kept.model, kept.info.name, request.format)
  }

  /**
   * Desktop app: asks where to save (a file for Model JSON, a folder for TF.js) and writes the export
   * atomically; answers the path written, or null when the dialog was cancelled.
   */
  async save(request: ModelExportRequest): Promise<string | null> {
    const dialogs = this.options.dialogs
    if (!dialogs) throw new UserError('Saving through a dialog needs the desktop app; in the browser the export is downloaded.')
    const files = await this.export(request)
    if (request.format === 'json') {
      const path = await dialogs.saveModelFile(files[0]!.name)
      if (path) await writeAtomic(path, files[0]!)
      return path
    }
    const folder = await dialogs.chooseExportFolder()
    if (!folder) return null
    await mkdir(folder, { recursive: true })
    for (const file of files) await writeAtomic(join(folder, file.name), file)
    return folder
  }

  /** Predictions on a data set: the first rows for the table, accuracy and confusion matrix when labelled. */
  async predict(request: PredictRequest): Promise<PredictionsDto> {
    const { predictions, title } = await this.run(request)
    return { ...predictions, modelId: request.modelId, title, rows: predictions.rows.slice(0, PREDICTION_ROWS_SHOWN) }
  }

  /** Every row's predictions as CSV text. */
  async predictionsCsv(request: PredictRequest): Promise<string> {
    return predictionsCsv((await this.run(request)).predictions)
  }

  private async run(request: PredictRequest): Promise<{ predictions: Predictions; title: string }> {
    const kept = await this.kept(request.modelId)
    try {
      const table = await this.options.table(request.data)
      return { predictions: predictTable(kept.model, table), title: table.name }
    } catch (error) {
      if (isDataError(error)) throw new UserError(error.message)
      throw error
    }
  }

  private async kept(id: ModelId) {
    await this.adding
    const kept = this.store.get(id)
    if (!kept) throw new UserError('This model is no longer loaded (the app was restarted or newer models replaced it): import its file again.')
    return kept
  }

  private async readPath(path: string): Promise<{ name: string; text: string }> {
    if (this.options.host !== 'electron') throw new UserError('Model files can be opened by path only in the desktop app; in the browser they are uploaded.')
    const name = basename(path)
    let handle
    try {
      handle = await open(path, 'r')
    } catch (error) {
      throw new UserError(`${name}: the file cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
    try {
      const { size } = await handle.stat()
      if (size > MODEL_MAX_BYTES) throw new UserError(`${name}: the file is ${formatBytes(size)}, over the model limit of ${formatBytes(MODEL_MAX_BYTES)}.`)
      return { name, text: await handle.readFile('utf8') }
    } finally {
      await handle.close()
    }
  }
}

/** Writes an exported file atomically (temp file, fsync, rename), so a failed write leaves no half file. */
function writeAtomic(path: string, file: ExportedFile): Promise<void> {
  return atomicWriteFile(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? ''))
}
