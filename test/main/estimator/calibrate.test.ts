import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine/kernels/blocked'
import { dataParallelOf } from '../../../src/engine/parallel/replica'
import { calibrate } from '../../../src/main/estimator/calibrate'
import { loadKernels } from '../../../src/main/training/kernels'

const net = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'bce' as const }

describe('calibrate', () => {
  it('measures the whole network at several batch sizes and each layer alone', () => {
    const run = calibrate({ network: net, batchSize: 32, samples: 500, kernels: tsKernels, budgetMs: 300 })
    const whole = run.points.filter((p) => p.shape === '2-8-1').map((p) => p.rows)
    expect(whole).toEqual([1, 4, 16, 64, 256, 32])
    expect(run.points.filter((p) => p.shape !== '2-8-1').map((p) => `${p.shape}@${p.rows}`)).toEqual(['2-8@1', '2-8@4', '2-8@32', '8-1@1', '8-1@4', '8-1@32'])
  })

  it('fits positive constants with a finite throughput', () => {
    const run = calibrate({ network: net, batchSize: 8, samples: 100, kernels: tsKernels, budgetMs: 300 })
    expect(run.fit.flopsPerSecond).toBeGreaterThan(0)
    expect(Number.isFinite(run.fit.flopsPerSecond)).toBe(true)
    for (const v of [run.fit.perBatch, run.fit.perLayer, run.fit.perParameter]) expect(v).toBeGreaterThanOrEqual(0)
  })

  it('marks no batch as split and reports one thread on kernels without a second thread', () => {
    const run = calibrate({ network: net, batchSize: 64, samples: 500, kernels: tsKernels, budgetMs: 300 })
    // G per row: 2-8-1 = (32 + 32) + (16 + 16 + 16) = 112; 2-8 alone = 64; 8-1 alone (no dX) = 32. r′ = r: nothing split.
    const perRow: Record<string, number> = { '2-8-1': 112, '2-8': 64, '8-1': 32 }
    for (const p of run.points) expect([p.shape, p.features.gemmFlops, p.features.splitBatches]).toEqual([p.shape, p.rows * perRow[p.shape], 0])
    expect(run.fit.threads).toBe(1)
  })

  it("marks the batches the training worker's kernels split over two threads, by the engine's rule", async () => {
    // 256-256-10: Σ in·out = 68,096 → split from 31 rows (2^21 / 68,096 = 30.8), with the data-parallel kernels.
    const kernels = await loadKernels('wasm')
    const wide = { inputs: 256, layers: [{ units: 256, activation: 'relu' as const }, { units: 10, activation: 'softmax' as const }], loss: 'cce' as const }
    const run = calibrate({ network: wide, batchSize: 32, samples: 512, kernels, budgetMs: 600 })
    const split = run.points.filter((p) => p.features.splitBatches === 1).map((p) => `${p.shape}@${p.rows}`)
    if (dataParallelOf(kernels)) {
      expect(run.fit.threads).toBe(2)
      // 256-256 alone at 32 rows: 65,536 · 32 = 2^21 → split too; 256-10 alone never.
      expect(split).toEqual(['256-256-10@64', '256-256-10@256', '256-256-10@32', '256-256@32'])
      // each split shape is measured on one thread too, for the one-thread constants
      const solo = run.points.filter((p) => p.features.splitBatches === 0).map((p) => `${p.shape}@${p.rows}`)
      for (const s of split) expect(solo).toContain(s)
    } else {
      expect(run.fit.threads).toBe(1)
      expect(split).toEqual([])
    }
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
