/**
 * The only main-process file that touches raw `ipcMain`: registers one handler per contract channel.
 * Each handler first checks that the sender is one of our windows showing our own page (Fiddle
 * `main/ipc.ts`); a foreign sender is ignored. Arguments are validated by `dispatch`.
 */
import { ipcMain, type BrowserWindow, type WebContents } from 'electron'
import { dispatch, type Handlers } from './api/dispatch'
import { invokeSchemas } from './api/schemas'
import type { EventChannel, Events, InvokeChannel, Reply } from '../shared/ipc'
import type { EventSink } from './services/event-sink'

/** Decides whether a request comes from a trusted renderer. */
export type SenderCheck = (sender: WebContents) => boolean

export function registerIpcHandlers(handlers: Handlers, isTrusted: SenderCheck): void {
  for (const channel of Object.keys(invokeSchemas) as InvokeChannel[]) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Reply<unknown>> => {
      if (!isTrusted(event.sender)) return { ok: false, error: 'Request ignored: it did not come from a Layerwise window.' }
      return dispatch(handlers, channel, args)
    })
  }
}

/** Sends backend events to every open window. */
export function windowSink(windows: () => BrowserWindow[]): EventSink {
  return {
    emit<K extends EventChannel>(channel: K, ...args: Parameters<Events[K]>) {
      for (const win of windows()) if (!win.isDestroyed()) win.webContents.send(channel, ...args)
    },
  }
}
