/**
 * The preload bridge: exposes exactly one object, `window.api`, derived from the contract.
 * Only the contract's channels are forwarded (no generic send/invoke), and listeners never see
 * the raw IpcRendererEvent. Built as one CJS bundle so the window can stay sandboxed.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { Api, EventChannel, Events, InvokeChannel, Reply } from '../shared/ipc'

const invokeChannels = {
  'app:info': true,
  'data:builtins': true,
  'data:begin': true,
  'data:chunk': true,
  'data:import': true,
  'data:cancel': true,
  'data:preview': true,
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

const eventChannels = {
  'training:progress': true,
  'training:finished': true,
  'training:error': true,
  'data:progress': true,
  'dbn:progress': true,
  'dbn:finished': true,
} as const satisfies Record<EventChannel, true>

function invoker<K extends InvokeChannel>(channel: K): Api['invoke'][K] {
  return (async (...args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(channel, ...args)) as Reply<unknown>
    if (!reply.ok) throw new Error(reply.error)
    return reply.value
  }) as Api['invoke'][K]
}

function subscriber<K extends EventChannel>(channel: K): Api['on'][K] {
  return ((listener: Events[K]) => {
    const wrapped = (_event: unknown, ...args: unknown[]) => (listener as (...a: unknown[]) => void)(...args)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  }) as unknown as Api['on'][K]
}

const api: Api = {
  invoke: Object.fromEntries(Object.keys(invokeChannels).map((c) => [c, invoker(c as InvokeChannel)])) as Api['invoke'],
  on: Object.fromEntries(Object.keys(eventChannels).map((c) => [c, subscriber(c as EventChannel)])) as Api['on'],
  // A dropped or opened file's path, so the backend reads it directly instead of receiving its bytes.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('api', api)
