/**
 * Assembles the backend services for one host. Imports no Electron, so the desktop app,
 * the web host and the CLI run exactly the same code.
 */
import createEngineWorker from './training/engine-worker?nodeWorker'
import { JobManager, type WorkerFactory } from './training/job-manager'
import { prepareTrainingData } from './services/datasets'
import { DataStore } from './services/data-store'
import { createHandlers } from './api/handlers'
import type { Handlers } from './api/dispatch'
import type { EventSink } from './services/event-sink'
import type { AppInfo } from '../shared/dto'
import { APP_VERSION } from './version'
import { ProjectService, type ProjectServiceOptions } from './projects/project-service'
import { ModelService, tableFrom, type ModelDialogs } from './models/model-service'
import { loadKernels } from './training/kernels'

export interface Backend {
  handlers: Handlers
  jobs: JobManager
  /** Imported data sets (the web host's binary upload path writes into it). */
  data: DataStore
  dispose(): Promise<void>
}

export interface BackendOptions {
  host: AppInfo['host']
  sink: EventSink
  createWorker?: WorkerFactory
  kernels?: 'wasm' | 'ts'
  /** Project files: native dialogs and the state folder (desktop app); none under the web host. */
  projects?: ProjectServiceOptions
  /** Native save dialogs for model exports (desktop app); none under the web host, which downloads. */
  modelDialogs?: ModelDialogs | null
}

export function createBackend(options: BackendOptions): Backend {
  const kernels = options.kernels ?? 'wasm'
  const data = new DataStore({ host: options.host, sink: options.sink })
  const models = new ModelService({
    host: options.host,
    kernels: () => loadKernels(kernels),
    table: tableFrom(data),
    dialogs: options.modelDialogs ?? null,
    snapshot: (runId) => jobs.snapshot(runId),
  })
  const jobs = new JobManager(options.sink, options.createWorker ?? (() => createEngineWorker({})), (request) => prepareTrainingData(request, data), {
    kernels,
    frameIntervalMs: 50,
    // A tiny network finishes tens of thousands of epochs a second; the charts need a few hundred per frame.
    maxEpochsPerFrame: 200,
    onModel: (model) => void models.addRun(model),
    pins: data,
  })
  const info: AppInfo = { name: 'Layerwise', version: APP_VERSION, host: options.host, engine: { kernels } }
  const projects = new ProjectService(options.projects ?? { stateDir: null, dialogs: null })
  return { handlers: createHandlers({ jobs, info, data, projects, models }), jobs, data, dispose: () => projects.flush().then(() => jobs.dispose()) }
}
