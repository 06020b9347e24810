import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { DataStore } from '../../../src/main/services/data-store'
import { importFiles } from '../../../src/main/data'

let host: WebHost
let root: string
const store = new DataStore({ host: 'web', sink: { emit: () => {} }, runner: (sources) => importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array() }))) })

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'layerwise-upload-'))
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  host = await startWebHost({ root })
  host.attachUpload((importId, file, offset, bytes) => store.receive(importId, file, offset, bytes))
})

afterAll(async () => {
  await host.close()
  rmSync(root, { recursive: true, force: true })
})

function post(query: Record<string, string>, body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${host.port}/upload?${new URLSearchParams(query)}`, { method: 'POST', body, headers })
}

describe('web host binary upload path', () => {
  it('stores raw bytes of an upload and the import parses them', async () => {
    const bytes = new TextEncoder().encode('a,b,y\n1,2,0\n3,4,1\n')
    const importId = store.begin({ files: [{ name: 'up.csv', size: bytes.length }] })
    const first = await post({ token: host.token, importId, file: '0', offset: '0' }, bytes.subarray(0, 10))
    expect(await first.json()).toEqual({ ok: true, value: 10 })
    await post({ token: host.token, importId, file: '0', offset: '10' }, bytes.subarray(10))
    const preview = await store.import(importId)
    expect([preview.rows, preview.columns.length]).toEqual([2, 3])
  })

  it('refuses an upload without the token', async () => {
    expect((await post({ importId: 'x', file: '0', offset: '0' }, new Uint8Array(1))).status).toBe(403)
  })

  it('refuses an upload from another origin', async () => {
    const response = await post({ token: host.token, importId: 'x', file: '0', offset: '0' }, new Uint8Array(1), { origin: 'http://evil.example' })
    expect(response.status).toBe(403)
  })

  it('answers the store\'s message for an unknown upload', async () => {
    const response = await post({ token: host.token, importId: 'unknown', file: '0', offset: '0' }, new Uint8Array(1))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ ok: false, error: 'This upload is unknown or already being imported; drop the file again.' })
  })

  it('refuses a request body over 8 MiB', async () => {
    const response = await post({ token: host.token, importId: 'x', file: '0', offset: '0' }, new Uint8Array(8 * 1024 * 1024 + 1))
    expect(response.status).toBe(413)
  })
})
