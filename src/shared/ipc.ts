/**
 * The one API contract between the renderer and the backend (Heroic-style: maps of signatures).
 * Electron handlers, the preload bridge, the web-host transport and the renderer client are all
 * derived from these two interfaces; every argument is validated at runtime on the backend side
 * (src/main/api/schemas.ts). Channels are named `domain:verb`; payloads are plain data (dto.ts).
 */
import type { AppInfo, BuiltinInfo, ProgressFrame, RunError, RunId, RunResult, StartTrainingRequest } from './dto'
import type { NetworkCost, NetworkSpec } from './dto'
import type { CellSamples, SamplesRequest } from './dto'

/** Requests from the renderer; each resolves with the reply type or rejects with an error message. */
export interface Invoke {
  'app:info': () => AppInfo
  'data:builtins': () => BuiltinInfo[]
  'training:start': (request: StartTrainingRequest) => RunId
  'training:stop': (runId: RunId) => void
  'training:pause': (runId: RunId) => void
  'training:resume': (runId: RunId) => void
  /** The samples of one confusion-matrix cell of a finished run (at most 200). */
  'training:samples': (request: SamplesRequest) => CellSamples
  /** Parameters and FLOPs per layer of a network (the estimator's cost model). */
  'estimate:network': (network: NetworkSpec) => NetworkCost
}

/** Events from the backend to every connected renderer. */
export interface Events {
  'training:progress': (frame: ProgressFrame) => void
  'training:finished': (result: RunResult) => void
  'training:error': (error: RunError) => void
}

export type InvokeChannel = keyof Invoke
export type EventChannel = keyof Events

/** The renderer's view of the backend: one async function per request, one subscribe function per event. */
export interface Api {
  invoke: { [K in InvokeChannel]: (...args: Parameters<Invoke[K]>) => Promise<ReturnType<Invoke[K]>> }
  /** Subscribes to an event; returns the function that unsubscribes. */
  on: { [K in EventChannel]: (listener: Events[K]) => () => void }
}

/** How a request's outcome travels over a transport that cannot throw (web socket, IPC reply). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string }
