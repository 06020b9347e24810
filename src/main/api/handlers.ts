/**
 * The backend's request handlers, built from its services. Shared by every host
 * (Electron IPC, web host, tests); arguments arrive already validated by `dispatch`.
 */
import type { AppInfo } from '../../shared/dto'
import type { JobManager } from '../training/job-manager'
import { listBuiltins } from '../services/datasets'
import type { Handlers } from './dispatch'
import { networkCost } from '../../engine/cost'

export interface BackendServices {
  jobs: JobManager
  info: AppInfo
}

export function createHandlers(services: BackendServices): Handlers {
  return {
    'app:info': () => services.info,
    'data:builtins': () => listBuiltins(),
    'training:start': (request) => services.jobs.start(request),
    'training:stop': (runId) => services.jobs.stop(runId),
    'training:pause': (runId) => services.jobs.pause(runId),
    'training:resume': (runId) => services.jobs.resume(runId),
    'training:samples': (request) => services.jobs.samples(request),
    'estimate:network': (network) => networkCost(network),
  }
}
