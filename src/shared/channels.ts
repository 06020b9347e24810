/**
 * The contract's channel names as values, for the two transports that forward them (the Electron
 * preload and the web-socket client): each forwards exactly these and nothing else. The
 * `satisfies` clauses make the compiler refuse a list that misses or invents a channel of `ipc.ts`.
 */
import type { EventChannel, InvokeChannel } from './ipc'

export const invokeChannels = {
  'app:info': true,
  'data:builtins': true,
  'data:begin': true,
  'data:chunk': true,
  'data:import': true,
  'data:cancel': true,
  'data:preview': true,
  'data:pin': true,
  'training:start': true,
  'training:stop': true,
  'training:pause': true,
  'training:resume': true,
  'training:samples': true,
  'dbn:start': true,
  'dbn:denoise': true,
  'dbn:denoise-csv': true,
  'dbn:anomaly': true,
  'dbn:sample': true,
  'dbn:filters': true,
  'dbn:example': true,
  'estimate:network': true,
  'estimate:dbn': true,
  'estimate:machine': true,
  'estimate:run': true,
  'estimate:calibrate': true,
  'estimate:meterStart': true,
  'estimate:meterStop': true,
  'estimate:dbnRun': true,
  'estimate:dbnCalibrate': true,
  'project:recent': true,
  'project:open': true,
  'project:save': true,
  'project:autosave': true,
  'project:parse': true,
  'project:locate-data': true,
  'project:data-ref': true,
  'project:load-data': true,
  'model:list': true,
  'model:import': true,
  'model:export': true,
  'model:save': true,
  'model:predict': true,
  'model:predictions-csv': true,
  'model:snapshot': true,
} as const satisfies Record<InvokeChannel, true>

export const eventChannels = {
  'training:progress': true,
  'training:finished': true,
  'training:error': true,
  'data:progress': true,
  'dbn:progress': true,
  'dbn:finished': true,
} as const satisfies Record<EventChannel, true>
