import { describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { DataStore } from '../../../src/main/services/data-store'
import type { DbnCost } from '../../../src/shared/dto'

const handlers: Handlers = createHandlers({
  jobs: {} as JobManager,
  info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } },
  data: {} as DataStore,
})

const dbn = { inputs: 784, layers: [500, 250], k: [1, 1] }

describe('estimate:dbn', () => {
  it('answers the parameters of a 784-500-250 DBN: 392,000 + 125,000 weights, 1,284 + 750 biases', async () => {
    const reply = await dispatch(handlers, 'estimate:dbn', [dbn])
    expect(reply.ok).toBe(true)
    const cost = (reply as { ok: true; value: DbnCost }).value
    expect(cost.parametersWithoutBias).toBe(517_000)
    expect(cost.parameters).toBe(517_000 + 1284 + 750)
  })

  it('refuses a DBN without RBM layers', async () => {
    expect((await dispatch(handlers, 'estimate:dbn', [{ ...dbn, layers: [] }])).ok).toBe(false)
  })

  it('refuses unknown keys, fractional sizes, negative classes and extra arguments', async () => {
    for (const args of [[{ ...dbn, extra: 1 }], [{ ...dbn, layers: [2.5] }], [{ ...dbn, classes: -1 }], [dbn, dbn], []]) {
      expect((await dispatch(handlers, 'estimate:dbn', args)).ok).toBe(false)
    }
  })
})
