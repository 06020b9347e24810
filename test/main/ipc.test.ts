import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Handlers } from '../../src/main/api/dispatch'

// Electron cannot run here; the glue is tested against a mock of the two objects it uses.
const handle = vi.fn()
vi.mock('electron', () => ({ ipcMain: { handle } }))

const { registerIpcHandlers, windowSink } = await import('../../src/main/ipc')
const { invokeSchemas } = await import('../../src/main/api/schemas')

type IpcHandler = (event: { sender: object }, ...args: unknown[]) => Promise<unknown>

function registered(channel: string): IpcHandler {
  const call = handle.mock.calls.find(([name]) => name === channel)
  if (!call) throw new Error(`no handler for ${channel}`)
  return call[1] as IpcHandler
}

describe('Electron IPC glue', () => {
  const trusted = { id: 'ours' }
  const foreign = { id: 'other' }
  let stop: ReturnType<typeof vi.fn>

  beforeEach(() => {
    handle.mockClear()
    stop = vi.fn()
    const handlers = { 'training:stop': stop, 'app:info': () => ({ name: 'Layerwise' }) } as unknown as Handlers
    registerIpcHandlers(handlers, (sender) => (sender as unknown) === trusted)
  })

  it('registers one handler per contract channel and nothing else', () => {
    const registeredChannels = handle.mock.calls.map(([name]) => name as string).sort()
    expect(registeredChannels).toEqual(Object.keys(invokeSchemas).sort())
    expect(new Set(registeredChannels).size).toBe(registeredChannels.length)
    expect(registeredChannels).toContain('training:start')
  })

  it('ignores a request from a foreign sender', async () => {
    const reply = await registered('training:stop')({ sender: foreign }, 'run-1')
    expect(reply).toEqual({ ok: false, error: 'Request ignored: it did not come from a Layerwise window.' })
    expect(stop).not.toHaveBeenCalled()
  })

  it('dispatches a request from a trusted sender after validation', async () => {
    expect(await registered('training:stop')({ sender: trusted }, 'run-1')).toEqual({ ok: true, value: null })
    expect(stop).toHaveBeenCalledWith('run-1')
    const invalid = (await registered('training:stop')({ sender: trusted }, { not: 'an id' })) as { ok: boolean }
    expect(invalid.ok).toBe(false)
    expect(stop).toHaveBeenCalledTimes(1)
  })

  it('sends events to every live window', () => {
    const send = vi.fn()
    const live = { isDestroyed: () => false, webContents: { send } }
    const dead = { isDestroyed: () => true, webContents: { send: vi.fn() } }
    windowSink(() => [live, dead] as never).emit('training:error', { runId: 'r', message: 'm' })
    expect(send).toHaveBeenCalledWith('training:error', { runId: 'r', message: 'm' })
    expect(dead.webContents.send).not.toHaveBeenCalled()
  })
})
