import { describe, expect, it, vi } from 'vitest'
import { dispatch, UserError, type Handlers } from '../../src/main/api/dispatch'
import type { StartTrainingRequest } from '../../src/shared/dto'

function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app:info': () => ({ name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }),
    'data:builtins': () => [],
    'training:start': vi.fn(() => 'run-1'),
    'training:stop': vi.fn(),
    'training:pause': vi.fn(),
    'training:resume': vi.fn(),
    'training:samples': vi.fn(() => ({ total: 0, columns: [], samples: [], image: null })),
    'dbn:start': vi.fn(() => 'run-dbn'),
    'dbn:denoise': vi.fn(),
    'dbn:denoise-csv': vi.fn(() => ''),
    'dbn:anomaly': vi.fn(),
    'dbn:sample': vi.fn(),
    'dbn:filters': vi.fn(),
    'dbn:example': vi.fn(),
    'estimate:network': vi.fn(),
    'estimate:dbn': vi.fn(),
    'estimate:machine': vi.fn(),
    'estimate:run': vi.fn(),
    'estimate:calibrate': vi.fn(),
    'estimate:meterStart': vi.fn(),
    'estimate:meterStop': vi.fn(),
    'estimate:dbnRun': vi.fn(),
    'estimate:dbnCalibrate': vi.fn(),
    'data:begin': vi.fn(() => 'import-1'),
    'data:chunk': vi.fn(() => 0),
    'data:import': vi.fn(),
    'data:cancel': vi.fn(),
    'data:preview': vi.fn(),
    'data:pin': vi.fn(),
    'project:recent': vi.fn(() => []),
    'project:open': vi.fn(),
    'project:save': vi.fn(),
    'project:autosave': vi.fn(),
    'project:parse': vi.fn(),
    'project:locate-data': vi.fn(() => null),
    'project:data-ref': vi.fn(),
    'project:load-data': vi.fn(),
    'model:list': vi.fn(() => []),
    'model:import': vi.fn(),
    'model:export': vi.fn(() => []),
    'model:save': vi.fn(() => null),
    'model:predict': vi.fn(),
    'model:predictions-csv': vi.fn(() => ''),
    'model:snapshot': vi.fn(),
    ...overrides,
  }
}

const validRequest: StartTrainingRequest = {
  data: { kind: 'builtin', name: 'xor' },
  network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' },
  settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 10, seed: 1 },
}

describe('dispatch', () => {
  it('runs the handler of a known channel with valid arguments', async () => {
    const handlers = fakeHandlers()
    expect(await dispatch(handlers, 'training:start', [validRequest])).toEqual({ ok: true, value: 'run-1' })
    expect(handlers['training:start']).toHaveBeenCalledWith(validRequest)
  })

  it('refuses an unknown channel without calling anything', async () => {
    const reply = await dispatch(fakeHandlers(), 'fs:readFile', ['/etc/passwd'])
    expect(reply).toEqual({ ok: false, error: 'Unknown request channel "fs:readFile".' })
  })

  it('refuses a channel name inherited from Object.prototype', async () => {
    expect((await dispatch(fakeHandlers(), 'constructor', [])).ok).toBe(false)
    expect((await dispatch(fakeHandlers(), '__proto__', [])).ok).toBe(false)
  })

  it('refuses arguments of the wrong type and names the field', async () => {
    const handlers = fakeHandlers()
    const bad = { ...validRequest, settings: { ...validRequest.settings, learningRate: 'fast' } }
    const reply = await dispatch(handlers, 'training:start', [bad])
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error).toMatch(/Invalid arguments for training:start.*learningRate/s)
    expect(handlers['training:start']).not.toHaveBeenCalled()
  })

  it('refuses NaN, unknown keys, extra arguments and hostile keys', async () => {
    const cases: unknown[] = [
      [{ ...validRequest, settings: { ...validRequest.settings, learningRate: Number.NaN } }],
      [{ ...validRequest, extra: 1 }],
      [validRequest, 'second argument'],
      [JSON.parse('{"__proto__": {"polluted": true}, "data": {"kind": "builtin", "name": "xor"}}')],
      [{ ...validRequest, network: { ...validRequest.network, layers: [] } }],
      [{ ...validRequest, data: { kind: 'builtin', name: '../../etc/passwd' } }],
      'not an array',
    ]
    for (const args of cases) expect((await dispatch(fakeHandlers(), 'training:start', args)).ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('passes a UserError message through and wraps other failures', async () => {
    const user = fakeHandlers({ 'training:stop': () => { throw new UserError('No running training run with id x.') } })
    expect(await dispatch(user, 'training:stop', ['x'])).toEqual({ ok: false, error: 'No running training run with id x.' })
    const internal = fakeHandlers({ 'training:stop': () => { throw new Error('boom') } })
    expect(await dispatch(internal, 'training:stop', ['x'])).toEqual({ ok: false, error: 'Internal error in training:stop: boom' })
  })
})

describe('dispatch of training:samples', () => {
  const cell = { runId: 'run-1', split: 'test', actual: 1, predicted: 0 }

  it('passes a valid cell request to its handler', async () => {
    const handlers = fakeHandlers()
    expect((await dispatch(handlers, 'training:samples', [cell])).ok).toBe(true)
    expect(handlers['training:samples']).toHaveBeenCalledWith(cell)
  })

  it('refuses an unknown split', async () => {
    expect((await dispatch(fakeHandlers(), 'training:samples', [{ ...cell, split: 'all' }])).ok).toBe(false)
  })

  it('refuses a limit above 200 samples', async () => {
    expect((await dispatch(fakeHandlers(), 'training:samples', [{ ...cell, limit: 5000 }])).ok).toBe(false)
  })

  it('refuses a negative class index', async () => {
    expect((await dispatch(fakeHandlers(), 'training:samples', [{ ...cell, actual: -1 }])).ok).toBe(false)
  })
})
