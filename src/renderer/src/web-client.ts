/**
 * The API contract over the web host's WebSocket (web mode). Same `Api` shape as the Electron
 * preload, so stores cannot tell the two apart. Requests are `{id, channel, args}`; replies
 * `{id, reply}`; events `{event, args}`.
 */
import type { Api, EventChannel, InvokeChannel, Reply } from '../../shared/ipc'
import { eventChannels, invokeChannels } from '../../shared/channels'

type Listener = (...args: unknown[]) => void

/** Connects to the web host that served this page; the token comes from the page URL (then a cookie). */
export function createWebApi(location: Location, createSocket: (url: string) => WebSocket = (url) => new WebSocket(url)): Api {
  const token = new URLSearchParams(location.search).get('token') ?? ''
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const url = `${scheme}//${location.host}/rpc?token=${encodeURIComponent(token)}`
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, Set<Listener>>()
  let nextId = 1
  let closedError: Error | null = null

  const socket = createSocket(url)
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve())
    socket.addEventListener('error', () => reject(new Error('Cannot connect to the Layerwise web host.')))
  })
  socket.addEventListener('close', () => {
    closedError = new Error('The connection to the Layerwise web host was lost. Reload the page.')
    for (const { reject } of pending.values()) reject(closedError)
    pending.clear()
  })
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as { id?: number; reply?: Reply<unknown>; event?: string; args?: unknown[] }
    if (typeof message.event === 'string') {
      for (const listener of listeners.get(message.event) ?? []) listener(...(message.args ?? []))
      return
    }
    const request = message.id == null ? undefined : pending.get(message.id)
    if (!request || !message.reply) return
    pending.delete(message.id!)
    if (message.reply.ok) request.resolve(message.reply.value)
    else request.reject(new Error(message.reply.error))
  })

  const call = async (channel: InvokeChannel, args: unknown[]): Promise<unknown> => {
    await opened
    if (closedError) throw closedError
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ id, channel, args }))
    })
  }

  const invoke = Object.fromEntries(
    (Object.keys(invokeChannels) as InvokeChannel[]).map((channel) => [channel, (...args: unknown[]) => call(channel, args)]),
  ) as unknown as Api['invoke']
  const on = Object.fromEntries(
    (Object.keys(eventChannels) as EventChannel[]).map((channel) => [
      channel,
      (listener: Listener) => {
        const set = listeners.get(channel) ?? new Set<Listener>()
        listeners.set(channel, set)
        set.add(listener)
        return () => set.delete(listener)
      },
    ]),
  ) as unknown as Api['on']
  const upload: Api['upload'] = async ({ importId, file, offset, bytes }) => {
    const query = new URLSearchParams({ token, importId, file: String(file), offset: String(offset) })
    const response = await fetch(`${location.protocol}//${location.host}/upload?${query}`, { method: 'POST', body: bytes, credentials: 'same-origin' })
    const reply = (await response.json().catch(() => ({ ok: false, error: `Upload failed (HTTP ${response.status}).` }))) as Reply<number>
    if (!reply.ok) throw new Error(reply.error)
    return reply.value
  }
  return { invoke, on, upload }
}
