/**
 * The web host (SPEC §1): the built renderer and the backend over HTTP + WebSocket, on 127.0.0.1 only.
 * Every request and every socket must carry the per-run random token (query `token=` once, then a
 * SameSite=Strict cookie), and Host / Origin must name this server, which defeats DNS rebinding and
 * cross-site sockets. Requests are validated by the same `dispatch` as Electron IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { dispatch, type Handlers } from '../api/dispatch'
import type { EventChannel, Events, Reply } from '../../shared/ipc'
import type { EventSink } from '../services/event-sink'
import { readStatic } from './static-files'
import { CONTENT_SECURITY_POLICY } from '../security'

export interface WebHostOptions {
  /** Folder of the built renderer (`out/renderer`). */
  root: string
  port?: number
  token?: string
}

export interface WebHost {
  url: string
  port: number
  token: string
  /** Publishes backend events to every authenticated socket. */
  sink: EventSink
  /** Connects the request handlers (kept separate so the backend can be built with this host's sink). */
  attach(handlers: Handlers): void
  /** Connects the binary upload path `POST /upload?importId=&file=&offset=` (raw bytes, at most 8 MiB per request). */
  attachUpload(receive: UploadReceiver): void
  close(): Promise<void>
}

/** Stores the next bytes of an uploaded file; answers the bytes of that file received so far, or throws a message. */
export type UploadReceiver = (importId: string, file: number, offset: number, bytes: Uint8Array) => number

const COOKIE = 'layerwise_token'
/** Largest body of one upload request. */
const MAX_UPLOAD_CHUNK = 8 * 1024 * 1024
/** Above this many buffered bytes a socket is considered slow and progress frames are skipped for it. */
const MAX_BUFFERED = 8 * 1024 * 1024
const PROGRESS_EVENTS: ReadonlySet<EventChannel> = new Set<EventChannel>(['training:progress', 'dbn:progress', 'data:progress'])

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  let handlers: Handlers | null = null
  let port = 0
  const sockets = new Set<WebSocket>()

  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`
  const allowedOrigin = (origin: string | undefined) => origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
  const authorized = (req: IncomingMessage, url: URL) => tokenEquals(url.searchParams.get('token'), token) || tokenEquals(readCookie(req, COOKIE), token)

  const server = createServer((req, res) => void serveHttp(req, res))
  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!allowedHost(req.headers.host)) return refuse(res, 421, 'Wrong Host header.')
    if (!authorized(req, url)) return refuse(res, 403, 'Forbidden: this Layerwise web host needs its access token (open the URL it printed).')
    if (req.method === 'POST' && url.pathname === '/upload') return receiveUpload(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.')
    const file = await readStatic(options.root, url.pathname)
    if (!file) return refuse(res, 404, 'Not found.')
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  // Binary file upload (data import in web mode): same Host and token checks as above, plus Origin.
  let uploader: UploadReceiver | null = null
  async function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!allowedOrigin(req.headers.origin)) return refuse(res, 403, 'Forbidden: wrong Origin.')
    const importId = url.searchParams.get('importId') ?? ''
    const file = Number(url.searchParams.get('file'))
    const offset = Number(url.searchParams.get('offset'))
    if (!uploader || !/^[A-Za-z0-9_-]{1,64}$/.test(importId) || !Number.isSafeInteger(file) || file < 0 || !Number.isSafeInteger(offset) || offset < 0) {
      return refuse(res, 400, 'Malformed upload request.')
    }
    const bytes = await readBody(req, MAX_UPLOAD_CHUNK)
    if (!bytes) {
      res.once('finish', () => req.destroy())
      return refuse(res, 413, 'Upload chunk too large.')
    }
    let reply: Reply<number>
    try {
      reply = { ok: true, value: uploader(importId, file, offset, bytes) }
    } catch (error) {
      reply = { ok: false, error: error instanceof Error ? error.message : String(error) }
    }
    res.writeHead(reply.ok ? 200 : 400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify(reply))
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/rpc' || !allowedHost(req.headers.host) || !allowedOrigin(req.headers.origin) || !authorized(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', (data, isBinary) => void onRequest(ws, isBinary ? null : data.toString()))
    })
  })

  async function onRequest(ws: WebSocket, text: string | null): Promise<void> {
    let message: unknown
    try {
      message = text === null ? null : JSON.parse(text)
    } catch {
      message = null
    }
    if (!isRequest(message)) {
      ws.send(JSON.stringify({ id: null, reply: { ok: false, error: 'Malformed request: expected {"id": number, "channel": string, "args": [...]}.' } }))
      return
    }
    const reply = handlers ? await dispatch(handlers, message.channel, message.args) : { ok: false, error: 'The backend is not ready.' }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, reply }))
  }

  const sink: EventSink = {
    emit<K extends EventChannel>(channel: K, ...args: Parameters<Events[K]>) {
      const text = JSON.stringify({ event: channel, args })
      for (const ws of sockets) {
        if (ws.readyState !== ws.OPEN) continue
        // A socket that stopped reading (8 MB queued) misses progress frames rather than growing host memory without bound.
        if (PROGRESS_EVENTS.has(channel) && ws.bufferedAmount > MAX_BUFFERED) continue
        ws.send(text)
      }
    },
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    sink,
    attach: (h) => (handlers = h),
    attachUpload: (receive) => (uploader = receive),
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function isRequest(value: unknown): value is { id: number; channel: string; args: unknown[] } {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'number' && Number.isSafeInteger(v.id) && typeof v.channel === 'string' && Array.isArray(v.args)
}

/** The request body, or null (and the request dropped) once it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let length = 0
    req.on('data', (part: Buffer) => {
      length += part.length
      if (length > max) {
        // Discard the rest so the 413 answer can be read; the connection closes after it.
        req.removeAllListeners('data')
        req.resume()
        resolve(null)
      } else parts.push(part)
    })
    req.on('end', () => resolve(Buffer.concat(parts, length)))
    req.on('error', reject)
  })
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(message)
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function tokenEquals(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
