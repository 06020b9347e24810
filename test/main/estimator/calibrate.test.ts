import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine/kernels/blocked'
import { calibrate } from '../../../src/main/estimator/calibrate'

const net = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'bce' as const }

describe('calibrate', () => {
  it('measures the whole network at several batch sizes and each layer alone', () => {
    const run = calibrate({ network: net, batchSize: 32, samples: 500, kernels: tsKernels, budgetMs: 300 })
    const whole = run.points.filter((p) => p.shape === '2-8-1').map((p) => p.rows)
    expect(whole).toEqual([1, 4, 16, 64, 256, 32])
    expect(run.points.filter((p) => p.shape !== '2-8-1').map((p) => `${p.shape}@${p.rows}`)).toEqual(['2-8@1', '2-8@32', '8-1@1', '8-1@32'])
  })

  it('fits positive constants with a finite throughput', () => {
    const run = calibrate({ network: net, batchSize: 8, samples: 100, kernels: tsKernels, budgetMs: 300 })
    expect(run.fit.flopsPerSecond).toBeGreaterThan(0)
    expect(Number.isFinite(run.fit.flopsPerSecond)).toBe(true)
    for (const v of [run.fit.perBatch, run.fit.perLayer, run.fit.perParameter]) expect(v).toBeGreaterThanOrEqual(0)
  })

  it('clamps batch sizes to the number of samples', () => {
    const run = calibrate({ network: net, batchSize: 50, samples: 10, kernels: tsKernels, budgetMs: 200 })
    expect(Math.max(...run.points.map((p) => p.rows))).toBe(10)
  })

  it('stays near its time budget', () => {
    const run = calibrate({ network: net, batchSize: 16, samples: 500, kernels: tsKernels, budgetMs: 400 })
    expect(run.seconds).toBeLessThan(0.4 + 0.6)
  })
})
