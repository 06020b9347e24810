import { describe, expect, it } from 'vitest'
import { calibrateInWorker } from '../../../src/main/estimator/worker-runner'

const network = { inputs: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'bce' as const }

describe('calibrateInWorker', () => {
  it('runs the benchmark in a worker thread and answers the fit and the kernels used', async () => {
    const { run, kernels } = await calibrateInWorker({ request: { network, samples: 100, batchSize: 10 }, kernels: 'ts', budgetMs: 300 })
    expect(kernels).toBe('ts')
    expect(run.points.map((p) => p.rows).slice(0, 6)).toEqual([1, 4, 16, 64, 100, 10])
    expect(run.fit.flopsPerSecond).toBeGreaterThan(0)
  }, 20_000)

  it('answers a failure in the worker as a rejection', async () => {
    const bad = { ...network, layers: [] }
    await expect(calibrateInWorker({ request: { network: bad, samples: 10, batchSize: 1 }, kernels: 'ts', budgetMs: 100 })).rejects.toThrow()
  }, 20_000)
})
