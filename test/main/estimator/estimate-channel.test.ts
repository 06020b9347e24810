import { describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { DataStore } from '../../../src/main/services/data-store'
import type { DataStore } from '../../../src/main/services/data-store'
import type { NetworkCost } from '../../../src/shared/dto'

const handlers: Handlers = createHandlers({
  jobs: {} as JobManager,
  data: {} as DataStore,
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
