import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request as httpRequest } from 'node:http'
import WebSocket from 'ws'
import { startWebHost, type WebHost } from '../../src/main/web/server'
import type { Handlers } from '../../src/main/api/dispatch'
import { resolveStatic } from '../../src/main/web/static-files'

let host: WebHost
let root: string
const secretOutside = join(tmpdir(), 'layerwise-secret.txt')

/** A raw HTTP GET that lets the test set any Host header (fetch does not). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

function call(ws: WebSocket, payload: unknown): Promise<{ id: number | null; reply: { ok: boolean; value?: unknown; error?: string } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))))
    ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload))
  })
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'layerwise-web-'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Layerwise</title>')
  writeFileSync(secretOutside, 'secret')
  host = await startWebHost({ root })
  const handlers = {
    'app:info': () => ({ name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }),
  } as unknown as Handlers
  host.attach(handlers)
})

afterAll(async () => {
  await host.close()
  rmSync(root, { recursive: true, force: true })
  rmSync(secretOutside, { force: true })
})

describe('web host over HTTP', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`))
  })

  it('refuses a request without its token', async () => {
    const res = await get('/')
    expect(res.status).toBe(403)
    expect(res.body).toContain('access token')
  })

  it('refuses a wrong token', async () => {
    expect((await get('/?token=' + 'x'.repeat(32))).status).toBe(403)
  })

  it('serves the page with the token, a strict CSP and a cookie for its assets', async () => {
    const res = await get(`/?token=${host.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Layerwise</title>')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline')
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect((await get('/index.html', { cookie: cookie.split(';')[0] })).status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { host: 'evil.example:80' })).status).toBe(421)
  })

  it('does not serve files outside its root', async () => {
    for (const path of ['/../layerwise-secret.txt', '/%2e%2e/layerwise-secret.txt', '/..%2flayerwise-secret.txt', '/%00']) {
      const res = await get(`${path}${path.includes('?') ? '&' : '?'}token=${host.token}`)
      expect(res.status).toBe(404)
      expect(res.body).not.toContain('secret')
    }
  })
})

describe('resolveStatic', () => {
  it('keeps paths inside the root and maps / to index.html', () => {
    expect(resolveStatic('/srv/app', '/')).toBe('/srv/app/index.html')
    expect(resolveStatic('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js')
    expect(resolveStatic('/srv/app', '/../../etc/passwd')).toBe('/srv/app/etc/passwd')
    expect(resolveStatic('/srv/app', '/a\\..\\..\\b')).toBeNull()
    expect(resolveStatic('/srv/app', '/%E0%A4%A')).toBeNull()
  })
})

describe('web host over WebSocket', () => {
  it('refuses a socket without the token', async () => {
    await expect(connect('')).rejects.toThrow(/403/)
  })

  it('refuses a socket from another origin even with the token', async () => {
    await expect(connect(`?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/)
  })

  it('answers a valid request and refuses malformed and unknown ones', async () => {
    const ws = await connect(`?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })
    expect(await call(ws, { id: 1, channel: 'app:info', args: [] })).toEqual({
      id: 1,
      reply: { ok: true, value: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } } },
    })
    const malformed = await call(ws, 'not json')
    expect(malformed.reply.ok).toBe(false)
    expect(malformed.reply.error).toMatch(/Malformed request/)
    const unknown = await call(ws, { id: 2, channel: 'shell:exec', args: ['rm -rf /'] })
    expect(unknown).toEqual({ id: 2, reply: { ok: false, error: 'Unknown request channel "shell:exec".' } })
    const invalid = await call(ws, { id: 3, channel: 'app:info', args: [1] })
    expect(invalid.reply.ok).toBe(false)
    ws.close()
  })

  it('broadcasts events to connected sockets', async () => {
    const ws = await connect(`?token=${host.token}`)
    const received = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    host.sink.emit('training:error', { runId: 'r1', message: 'diverged' })
    expect(await received).toEqual({ event: 'training:error', args: [{ runId: 'r1', message: 'diverged' }] })
    ws.close()
  })
})
