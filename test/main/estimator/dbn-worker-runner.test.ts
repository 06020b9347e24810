import { describe, expect, it } from 'vitest'
import { calibrateDbnInWorker } from '../../../src/main/estimator/worker-runner'
import type { DbnRunShape } from '../../../src/engine/cost'

const shape: DbnRunShape = { inputs: 12, layers: [6, 3], k: [1, 1], samples: 100, batchSize: 10, epochs: 1 }

describe('calibrateDbnInWorker', () => {
  it('runs the DBN benchmark in the calibration worker thread and answers its fit and the kernels used', async () => {
    const { run, kernels } = await calibrateDbnInWorker({ kind: 'dbn', shape, kernels: 'ts', budgetMs: 300 })
    expect(kernels).toBe('ts')
    expect(run.points.filter((p) => p.part === 'cd').map((p) => `${p.shape}@${p.rows}`)).toEqual([
      '12-6 CD-1@1', '12-6 CD-1@8', '12-6 CD-1@64', '12-6 CD-1@10', '6-3 CD-1@1', '6-3 CD-1@8', '6-3 CD-1@64', '6-3 CD-1@10',
    ])
    expect(run.fit.cd.flopsPerSecond).toBeGreaterThan(0)
  }, 20_000)

  it('answers a failure in the worker as a rejection', async () => {
    await expect(calibrateDbnInWorker({ kind: 'dbn', shape: { ...shape, layers: [] }, kernels: 'ts', budgetMs: 100 })).rejects.toThrow()
  }, 20_000)
})
