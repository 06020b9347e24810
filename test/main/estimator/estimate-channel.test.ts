import { describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { DataStore } from '../../../src/main/services/data-store'
import type { EstimateReply, NetworkCost } from '../../../src/shared/dto'

const handlers: Handlers = createHandlers({
  jobs: {} as JobManager,
  info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } },
  data: {} as DataStore,
})

const net = { inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' }

describe('estimate:network', () => {
  it('answers the parameters and FLOPs of a valid network', async () => {
    const reply = await dispatch(handlers, 'estimate:network', [net])
    expect(reply.ok).toBe(true)
    const cost = (reply as { ok: true; value: NetworkCost }).value
    expect(cost.parameters).toBe(101_770)
    expect(cost.layers).toHaveLength(2)
  })

  it('refuses a network with no layers', async () => {
    const reply = await dispatch(handlers, 'estimate:network', [{ ...net, layers: [] }])
    expect(reply.ok).toBe(false)
  })

  it('refuses unknown keys, wrong types and extra arguments', async () => {
    for (const args of [[{ ...net, extra: 1 }], [{ ...net, inputs: 'many' }], [net, net], []]) {
      expect((await dispatch(handlers, 'estimate:network', args)).ok).toBe(false)
    }
  })
})

describe('estimate:run and the meters', () => {
  const request = { network: net, samples: 60_000, batchSize: 100, epochs: 10, tOp: 0.01, watts: 50, pue: 1, carbonGramsPerKwh: 480 }

  it('answers the layer model t = 0.01·2·600·10 = 120 s and its energy 50 W·120 s = 6 kJ', async () => {
    const reply = await dispatch(handlers, 'estimate:run', [request])
    expect(reply.ok).toBe(true)
    const value = (reply as { ok: true; value: EstimateReply }).value
    expect(value.layerModel.time.seconds).toBeCloseTo(120, 9)
    expect(value.layerModel.energy.joules).toBeCloseTo(6000, 6)
  })

  it('refuses a PUE below 1, a negative power and a zero batch', async () => {
    for (const bad of [{ ...request, pue: 0.5 }, { ...request, watts: -1 }, { ...request, batchSize: 0 }]) {
      expect((await dispatch(handlers, 'estimate:run', [bad])).ok).toBe(false)
    }
  })

  it('reports an unknown meter id as a user error', async () => {
    const reply = await dispatch(handlers, 'estimate:meterStop', ['3b241101-e2bb-4255-8caf-4136c566a962'])
    expect(reply).toEqual({ ok: false, error: 'No energy meter with id 3b241101-e2bb-4255-8caf-4136c566a962.' })
  })

  it('refuses a meter id that is not a UUID', async () => {
    expect((await dispatch(handlers, 'estimate:meterStop', ['../x'])).ok).toBe(false)
  })
})
