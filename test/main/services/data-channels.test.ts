import { describe, expect, it, vi } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'

const handlers = {
  'data:begin': vi.fn(() => 'id-1'),
  'data:chunk': vi.fn(() => 3),
  'data:import': vi.fn(),
  'data:cancel': vi.fn(),
  'data:preview': vi.fn(),
  'training:start': vi.fn(() => 'run-1'),
} as unknown as Handlers

const network = { inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'mse' }
const settings = { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1, seed: 1 }

describe('data channels: validation', () => {
  it('accepts a chunk of base64 bytes', async () => {
    expect(await dispatch(handlers, 'data:chunk', [{ importId: 'abc-1', file: 0, offset: 0, base64: 'YWJj' }])).toEqual({ ok: true, value: 3 })
  })

  it('refuses a chunk that is not base64 or over 1 MiB', async () => {
    expect((await dispatch(handlers, 'data:chunk', [{ importId: 'abc', file: 0, offset: 0, base64: 'a b"c' }])).ok).toBe(false)
    expect((await dispatch(handlers, 'data:chunk', [{ importId: 'abc', file: 0, offset: 0, base64: 'A'.repeat(1_398_108) }])).ok).toBe(false)
  })

  it('refuses more than 8 files and negative sizes', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `${i}.csv`, size: 1 }))
    expect((await dispatch(handlers, 'data:begin', [{ files: nine }])).ok).toBe(false)
    expect((await dispatch(handlers, 'data:begin', [{ files: [{ name: 'a.csv', size: -1 }] }])).ok).toBe(false)
  })

  it('refuses an import id with path characters', async () => {
    expect((await dispatch(handlers, 'data:import', ['../../etc'])).ok).toBe(false)
  })

  it('accepts training on an imported data set with its choices', async () => {
    const data = { kind: 'imported', id: 'id-1', name: 'a.csv', target: 'y', task: 'binary', missing: 'mean', scaling: 'minmax', split: { validation: 0.1, test: 0.2 } }
    expect((await dispatch(handlers, 'training:start', [{ data, network, settings }])).ok).toBe(true)
  })

  it('refuses an imported data set with an unknown policy or an extra key', async () => {
    const base = { kind: 'imported', id: 'id-1', name: 'a.csv' }
    expect((await dispatch(handlers, 'training:start', [{ data: { ...base, missing: 'guess' }, network, settings }])).ok).toBe(false)
    expect((await dispatch(handlers, 'training:start', [{ data: { ...base, path: '/etc/passwd' }, network, settings }])).ok).toBe(false)
  })
})
