/**
 * The one API contract between the renderer and the backend (Heroic-style: maps of signatures).
 * Electron handlers, the preload bridge, the web-host transport and the renderer client are all
 * derived from these two interfaces; every argument is validated at runtime on the backend side
 * (src/main/api/schemas.ts). Channels are named `domain:verb`; payloads are plain data (dto.ts).
 */
import type { AppInfo, BuiltinInfo, ProgressFrame, RunError, RunId, RunResult, StartTrainingRequest } from './dto'
import type { NetworkCost, NetworkSpec } from './dto'
import type { DbnCost, DbnCostSpec } from './dto'
import type { DataRef } from './dto'
import type { ProjectDataRef } from './project'
import type { CalibrateRequest, CalibrationInfo, EnergyMeasurement, EstimateReply, EstimateRequest, MachineInfo } from './dto'
import type { CellSamples, SamplesRequest } from './dto'
import type { DbnProgressFrame, DbnRunResult, StartDbnRequest } from './dbn'
import type { DbnAnomalyReply, DbnAnomalyRequest, DbnDenoiseReply, DbnDenoiseRequest, DbnExample, DbnExampleRequest, DbnFiltersDto, DbnFiltersRequest, DbnSampleReply, DbnSampleRequest } from './dbn-uses'
import type { DataPreview, ImportBeginRequest, ImportChunk, ImportId, ImportProgressDto, PreviewRequest } from './dto'
import type { AutosaveReply, DataFileRef, OpenRequest, OpenedProject, ProjectDocument, ProjectHandle, SaveTarget, SavedProject } from './project'
import type { ExportedFile, ModelExportRequest, ModelImportRequest, ModelInfo, PredictionsDto, PredictRequest } from './models'
import type { DbnCalibrateRequest, DbnCalibrationInfo, DbnEstimateReply, DbnEstimateRequest } from './dbn-estimate'

/** Requests from the renderer; each resolves with the reply type or rejects with an error message. */
export interface Invoke {
  'app:info': () => AppInfo
  'data:builtins': () => BuiltinInfo[]
  /** Starts an import of uploaded bytes (web) or of file paths (desktop app only); checks the size limit. */
  'data:begin': (request: ImportBeginRequest) => ImportId
  /** Adds bytes of an uploaded file; answers how many bytes of that file have arrived. */
  'data:chunk': (chunk: ImportChunk) => number
  /** Reads and parses the import's files (progress as `data:progress`); answers the preview. Nothing changes on failure. */
  'data:import': (importId: ImportId) => DataPreview
  /** Cancels an import; its `data:import` rejects with "the import was cancelled". */
  'data:cancel': (importId: ImportId) => void
  /** Rows, schema, histograms, class balance and image samples of a data set under the given choices. */
  'data:preview': (request: PreviewRequest) => DataPreview
  /** The imported data sets the window holds on to (the network's, the project's): the store never evicts them. Replaces the previous list. */
  'data:pin': (ids: ImportId[]) => void
  'training:start': (request: StartTrainingRequest) => RunId
  'training:stop': (runId: RunId) => void
  'training:pause': (runId: RunId) => void
  'training:resume': (runId: RunId) => void
  /** The samples of one confusion-matrix cell of a finished run (at most 200). */
  'training:samples': (request: SamplesRequest) => CellSamples
  /** Starts a Deep Belief Net run (SPEC §4); controlled with `training:stop` / `training:pause` / `training:resume`, failures as `training:error`. */
  'dbn:start': (request: StartDbnRequest) => RunId
  /** Corrupts every row, reconstructs it with a kept RBM/DBN/autoencoder model; MSE and PSNR before and after, the first rows side by side. */
  'dbn:denoise': (request: DbnDenoiseRequest) => DbnDenoiseReply
  /** Every reconstruction of a denoise request as CSV text. */
  'dbn:denoise-csv': (request: DbnDenoiseRequest) => string
  /** Anomaly score of every row, percentiles of the reference rows' scores, ROC/AUC when labelled, the top rows. */
  'dbn:anomaly': (request: DbnAnomalyRequest) => DbnAnomalyReply
  /** Gibbs sampling from a kept model's stack: snapshots along the chain. */
  'dbn:sample': (request: DbnSampleRequest) => DbnSampleReply
  /** Filters of one layer's hidden units of a kept model. */
  'dbn:filters': (request: DbnFiltersRequest) => DbnFiltersDto
  /** The walkthrough "find the odd digit": keeps MNIST without one digit as a data set to train on. */
  'dbn:example': (request: DbnExampleRequest) => DbnExample
  /** Parameters and FLOPs per layer of a network (the estimator's cost model). */
  'estimate:network': (network: NetworkSpec) => NetworkCost
  /** Parameters and FLOPs per RBM of a DBN (the editor's numbers on RBM, DBN stack and Autoencoder nodes). */
  'estimate:dbn': (dbn: DbnCostSpec) => DbnCost
  /** This machine, its power profile, the presets and sourced defaults, its latest calibration. */
  'estimate:machine': () => MachineInfo
  /** Time, energy and CO₂ of a run by the layer model and (once calibrated) the FLOP model. */
  'estimate:run': (request: EstimateRequest) => EstimateReply
  /** Runs the ≤ 3 s calibration benchmark on the request's shapes in a worker thread; caches and answers it. */
  'estimate:calibrate': (request: CalibrateRequest) => CalibrationInfo
  /** Starts a wall-time and RAPL energy meter (call when a run starts); returns its id. */
  'estimate:meterStart': () => string
  /** Reads and removes a meter (call when the run ends). */
  'estimate:meterStop': (meterId: string) => EnergyMeasurement
  /** Time, energy and CO₂ of a DBN run (greedy CD-k pretraining, fine-tuning) by the layer model and (once calibrated) the calibrated model. */
  'estimate:dbnRun': (request: DbnEstimateRequest) => DbnEstimateReply
  /** Runs the ≤ 3 s DBN calibration benchmark on the stack's RBMs in a worker thread; caches and answers it. */
  'estimate:dbnCalibrate': (request: DbnCalibrateRequest) => DbnCalibrationInfo
  /** The backend's recent project files, newest first. */
  'project:recent': () => ProjectHandle[]
  /** Opens a project chosen in the native dialog or from the recent files (desktop app). */
  'project:open': (request: OpenRequest) => OpenedProject
  /** Saves atomically to the open project's file or to a file chosen in the native dialog (desktop app). */
  'project:save': (document: ProjectDocument, target: SaveTarget) => SavedProject
  /** Autosave: the project's own file, or the recovery file of an untitled project (desktop app). */
  'project:autosave': (document: ProjectDocument, handle: string | null) => AutosaveReply
  /** Validates the text of an uploaded or dropped project file; newer versions are refused. */
  'project:parse': (text: string) => ProjectDocument
  /** Asks for a data file that moved (native dialog) and answers its new path and content hash. */
  'project:locate-data': (name: string) => DataFileRef | null
  /** What a project saves for a data set: path + SHA-256 (and the choices) of the one file it was imported from, else the reference itself. */
  'project:data-ref': (data: DataRef) => ProjectDataRef
  /** Imports a project's data file by path (desktop app) when it is there with the same SHA-256; answers its preview to bind. */
  'project:load-data': (ref: DataFileRef) => DataPreview
  /** The models the backend keeps (finished runs and imports), newest first. */
  'model:list': () => ModelInfo[]
  /** Validates and keeps a model file (uploaded text, or a path in the desktop app); refuses anything else with a message. */
  'model:import': (request: ModelImportRequest) => ModelInfo
  /** The files of an export (Model JSON, or TF.js model.json + weights.bin), for a download. */
  'model:export': (request: ModelExportRequest) => ExportedFile[]
  /** Desktop app: writes the export where the native dialog says; the path written, or null when cancelled. */
  'model:save': (request: ModelExportRequest) => string | null
  /** Predictions on a data set with the model's stored preprocessing; accuracy and confusion matrix when labelled. */
  'model:predict': (request: PredictRequest) => PredictionsDto
  /** Every row's predictions as CSV text. */
  'model:predictions-csv': (request: PredictRequest) => string
  /** Keeps the model of a running run as it is now (its best epoch so far under early stopping), ready to export. */
  'model:snapshot': (runId: RunId) => ModelInfo
}

/** Events from the backend to every connected renderer. */
export interface Events {
  'training:progress': (frame: ProgressFrame) => void
  'training:finished': (result: RunResult) => void
  'training:error': (error: RunError) => void
  'data:progress': (progress: ImportProgressDto) => void
  /** A DBN run's throttled progress: RBM epochs per layer, fine-tuning epochs, filters of image data. */
  'dbn:progress': (frame: DbnProgressFrame) => void
  'dbn:finished': (result: DbnRunResult) => void
}

export type InvokeChannel = keyof Invoke
export type EventChannel = keyof Events

/** The renderer's view of the backend: one async function per request, one subscribe function per event. */
export interface Api {
  invoke: { [K in InvokeChannel]: (...args: Parameters<Invoke[K]>) => Promise<ReturnType<Invoke[K]>> }
  /** Subscribes to an event; returns the function that unsubscribes. */
  on: { [K in EventChannel]: (listener: Events[K]) => () => void }
  /**
   * Desktop app only (preload, `webUtils.getPathForFile`): the path of a dropped or opened file, or ''
   * when it has none. Absent in web mode, where the renderer uploads the file's bytes instead.
   */
  pathForFile?: (file: File) => string
  /**
   * Web mode only: sends raw bytes of an uploaded file (same effect as `data:chunk`, without base64) to
   * the web host's binary upload path; resolves with the bytes of that file received so far.
   */
  upload?: (chunk: { importId: string; file: number; offset: number; bytes: Blob }) => Promise<number>
}

/** How a request's outcome travels over a transport that cannot throw (web socket, IPC reply). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string }
