import { describe, expect, it } from 'vitest'
import { createWebApi } from '../../src/renderer/src/web-client'

/** A socket double: records what is sent, lets the test deliver messages and open/close it. */
class FakeSocket extends EventTarget {
  sent: unknown[] = []
  constructor(readonly url: string) {
    super()
  }
  send(text: string) {
    this.sent.push(JSON.parse(text))
  }
  open() {
    this.dispatchEvent(new Event('open'))
  }
  deliver(message: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(message) }))
  }
  close() {
    this.dispatchEvent(new Event('close'))
  }
}

function setup() {
  let socket!: FakeSocket
  const api = createWebApi({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=abc%2B1' } as Location, (url) => {
    socket = new FakeSocket(url)
    return socket as unknown as WebSocket
  })
  return { api, socket }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('web API client', () => {
  it('connects to /rpc on the same host with the page token', () => {
    expect(setup().socket.url).toBe('ws://127.0.0.1:4321/rpc?token=abc%2B1')
  })

  it('sends a request once the socket is open and resolves with the reply', async () => {
    const { api, socket } = setup()
    const result = api.invoke['training:stop']('run-7')
    socket.open()
    await tick()
    expect(socket.sent).toEqual([{ id: 1, channel: 'training:stop', args: ['run-7'] }])
    socket.deliver({ id: 1, reply: { ok: true, value: null } })
    await expect(result).resolves.toBeNull()
  })

  it('rejects with the backend error message', async () => {
    const { api, socket } = setup()
    socket.open()
    const result = api.invoke['training:pause']('nope')
    await tick()
    socket.deliver({ id: 1, reply: { ok: false, error: 'No running training run with id nope.' } })
    await expect(result).rejects.toThrow('No running training run with id nope.')
  })

  it('delivers events to subscribers until they unsubscribe', () => {
    const { api, socket } = setup()
    const seen: string[] = []
    const off = api.on['training:error']((e) => seen.push(e.message))
    socket.deliver({ event: 'training:error', args: [{ runId: 'r', message: 'first' }] })
    off()
    socket.deliver({ event: 'training:error', args: [{ runId: 'r', message: 'second' }] })
    expect(seen).toEqual(['first'])
  })

  it('rejects pending requests when the connection drops', async () => {
    const { api, socket } = setup()
    socket.open()
    const result = api.invoke['app:info']()
    await tick()
    socket.close()
    await expect(result).rejects.toThrow(/connection to the Layerwise web host was lost/)
  })
})
