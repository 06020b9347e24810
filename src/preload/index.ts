/**
 * The preload bridge: exposes exactly one object, `window.api`, derived from the contract.
 * Only the contract's channels are forwarded (no generic send/invoke), and listeners never see
 * the raw IpcRendererEvent. Built as one CJS bundle so the window can stay sandboxed.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { Api, EventChannel, Events, InvokeChannel, Reply } from '../shared/ipc'
import { eventChannels, invokeChannels } from '../shared/channels'

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
