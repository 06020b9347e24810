/**
 * The backend's request handlers, built from its services. Shared by every host
 * (Electron IPC, web host, tests); arguments arrive already validated by `dispatch`.
 */
import type { AppInfo } from '../../shared/dto'
import type { JobManager } from '../training/job-manager'
import type { DataStore } from '../services/data-store'
import { listBuiltins, prepareTrainingData } from '../services/datasets'
import type { Handlers } from './dispatch'
import { dbnCost, networkCost } from '../../engine/cost'
import { EstimatorService } from '../estimator/service'
import { loadKernels } from '../training/kernels'
import { calibrateInWorker } from '../estimator/worker-runner'
import { UserError } from './dispatch'
import { ProjectService } from '../projects/project-service'
import { loadProjectData, projectDataRef } from '../projects/project-data'
import { ModelService, tableFrom } from '../models/model-service'
import { DbnUseService } from '../dbn/dbn-use-service'
import { DbnEstimatorService } from '../estimator/dbn-service'
import { calibrateDbnInWorker } from '../estimator/worker-runner'

export interface BackendServices {
  jobs: JobManager
  info: AppInfo
  data: DataStore
  /** Project files (SPEC §9); without it, a service with no dialogs and no state folder (web host, tests). */
  projects?: ProjectService
  /** The estimator (SPEC §8); without it, one with the info's kernels and the default cache. */
  estimator?: EstimatorService
  /** Trained and imported models (SPEC §9); without it, one over the data store with no dialogs. */
  models?: ModelService
  /** The DBN use channels (issue 10); without it, one over `models` and the data store. */
  dbnUses?: DbnUseService
  /** The DBN time estimator (issue 8); without it, one with the info's kernels, the default cache and a worker thread. */
  dbnEstimator?: DbnEstimatorService
}

export function createHandlers(services: BackendServices): Handlers {
  const projects = services.projects ?? new ProjectService({ stateDir: null, dialogs: null })
  const kernels = services.info.engine.kernels === 'ts' ? 'ts' : 'wasm'
  // the estimator prepares a request's training data as `training:start` does (imported sets from the data store)
  const estimator =
    services.estimator ?? new EstimatorService({ kernels, runCalibration: calibrateInWorker, prepare: (request) => prepareTrainingData(request, services.data) })
  const models =
    services.models ??
    new ModelService({
      host: services.info.host,
      kernels: () => loadKernels(kernels),
      table: tableFrom(services.data),
      snapshot: (runId) => services.jobs.snapshot(runId),
    })
  const dbnUses = services.dbnUses ?? new DbnUseService({ models, data: services.data })
  const dbnEstimator = services.dbnEstimator ?? new DbnEstimatorService({ kernels, runCalibration: calibrateDbnInWorker })
  return {
    'app:info': () => services.info,
    'data:builtins': () => listBuiltins(),
    'data:begin': (request) => services.data.begin(request),
    'data:chunk': (chunk) => services.data.chunk(chunk),
    'data:import': (importId) => services.data.import(importId),
    'data:cancel': (importId) => services.data.cancel(importId),
    'data:preview': (request) => services.data.preview(request.data),
    'data:pin': (ids) => services.data.pin('window', ids),
    'training:start': (request) => services.jobs.start(request),
    'training:stop': (runId) => services.jobs.stop(runId),
    'training:pause': (runId) => services.jobs.pause(runId),
    'training:resume': (runId) => services.jobs.resume(runId),
    'training:samples': (request) => services.jobs.samples(request),
    'dbn:start': (request) => services.jobs.startDbn(request, dbnUses),
    'dbn:denoise': (request) => dbnUses.denoise(request),
    'dbn:denoise-csv': (request) => dbnUses.denoiseCsv(request),
    'dbn:anomaly': (request) => dbnUses.anomaly(request),
    'dbn:sample': (request) => dbnUses.sample(request),
    'dbn:filters': (request) => dbnUses.filters(request),
    'dbn:example': (request) => dbnUses.example(request),
    'estimate:network': (network) => networkCost(network),
    'estimate:dbn': (dbn) => dbnCost(dbn),
    'estimate:machine': () => estimator.machine(),
    'estimate:run': (request) => estimator.estimateRun(request),
    'estimate:calibrate': (request) => estimator.calibrate(request),
    'estimate:meterStart': () => estimator.meterStart(),
    'estimate:meterStop': (meterId) => {
      const measured = estimator.meterStop(meterId)
      if (!measured) throw new UserError(`No energy meter with id ${meterId}.`)
      return measured
    },
    'estimate:dbnRun': (request) => dbnEstimator.estimate(request),
    'estimate:dbnCalibrate': (request) => dbnEstimator.calibrate(request),
    'project:recent': () => projects.list(),
    'project:open': (request) => projects.open(request),
    'project:save': (document, target) => projects.save(document, target),
    'project:autosave': (document, handle) => projects.autosave(document, handle),
    'project:parse': (text) => projects.parse(text),
    'project:locate-data': (name) => projects.locateData(name),
    'project:data-ref': (data) => projectDataRef(services.data, data),
    'project:load-data': (ref) => loadProjectData(services.data, ref, services.info.host),
    'model:list': () => models.list(),
    'model:import': (request) => models.import(request),
    'model:export': (request) => models.export(request),
    'model:save': (request) => models.save(request),
    'model:predict': (request) => models.predict(request),
    'model:predictions-csv': (request) => models.predictionsCsv(request),
    'model:snapshot': (runId) => models.addSnapshot(runId),
  }
}
