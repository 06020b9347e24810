/** @vitest-environment node */
import { describe, expect, it, vi } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'

const handlers = () =>
  ({
    'model:import': vi.fn(() => ({ id: 'm1' })),
    'model:export': vi.fn(() => []),
    'model:predict': vi.fn(),
  }) as unknown as Handlers

describe('model:* argument validation', () => {
  it('passes a valid import of uploaded text to the handler', async () => {
    const h = handlers()
    expect(await dispatch(h, 'model:import', [{ name: 'm.json', text: '{}' }])).toEqual({ ok: true, value: { id: 'm1' } })
  })

  it('refuses an import request with an extra key', async () => {
    const h = handlers()
    const reply = await dispatch(h, 'model:import', [{ name: 'm.json', text: '{}', eval: 'x' }])
    expect(reply.ok).toBe(false)
    expect(h['model:import']).not.toHaveBeenCalled()
  })

  it('refuses an export format other than json and tfjs', async () => {
    const reply = await dispatch(handlers(), 'model:export', [{ modelId: 'm1', format: 'onnx' }])
    expect(reply.ok).toBe(false)
  })

  it('refuses a model id with path characters', async () => {
    const reply = await dispatch(handlers(), 'model:predict', [{ modelId: '../m1', data: { kind: 'builtin', name: 'xor' } }])
    expect(reply.ok).toBe(false)
  })
})
