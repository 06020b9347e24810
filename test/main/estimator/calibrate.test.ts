import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine/kernels/blocked'
import { dataParallelOf } from '../../../src/engine/parallel/replica'
import { calibrate } from '../../../src/main/estimator/calibrate'
import { densityProfile, usableRows } from '../../../src/main/estimator/calibration-data'
import { flopModelTime, networkCost } from '../../../src/engine/cost'
import { loadKernels } from '../../../src/main/training/kernels'
import { Network, Rng, Trainer } from '../../../src/engine'
import type { Kernels } from '../../../src/engine/types'

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

  it('times the user’s network at the user’s batch in windows: κ = measured / modelled seconds per batch', () => {
    const run = calibrate({ network: net, batchSize: 16, samples: 500, kernels: tsKernels, budgetMs: 400 })
    const a = run.anchor
    expect(a).not.toBeNull()
    if (!a) return
    expect([a.batchSize, a.samples, a.threads, a.inputDensity, a.windows]).toEqual([16, 496, 1, 1, 15])
    expect(a.steps).toBeGreaterThanOrEqual(15)
    expect(a.modelSeconds).toBeCloseTo(flopModelTime(networkCost(net), { samples: 16, batchSize: 16, epochs: 1 }, run.fit).seconds, 15)
    expect(a.correction).toBeCloseTo(Math.min(2, Math.max(0.5, a.seconds / a.modelSeconds)), 12)
  })

  it('gives the anchor 15 windows and about 30 % of the budget, and κ is their Σ seconds / Σ batches', () => {
    // A fake clock that only GEMMs advance, 0.25 ms each: a batch of the user's network costs its GEMM count × 0.25 ms.
    let t = 0
    const kernels: Kernels = { ...tsKernels, gemm: (...args) => ((t += 0.25), tsKernels.gemm(...args)) }
    const run = calibrate({ network: net, batchSize: 16, samples: 500, kernels, budgetMs: 1000, now: () => t, cpuNow: () => t, threadCpuNow: () => null })
    // GEMMs per batch of 2-8-1, counted on a trainer of its own
    let calls = 0
    const counting: Kernels = { ...tsKernels, gemm: (...args) => (calls++, tsKernels.gemm(...args)) }
    const trainer = new Trainer(Network.create(net, new Rng(1), counting), { train: { rows: 32, inputs: 2, outputs: 1, x: new Float32Array(64), y: new Float32Array(32) } }, { optimizer: 'sgd', learningRate: 0.1, batchSize: 16, epochs: 10, seed: 1 })
    for (let i = 0; i < 10; i++) trainer.step()
    const perBatch = (calls / 10) * 0.25e-3
    const a = run.anchor
    expect(a?.windows).toBe(15)
    expect(a?.seconds).toBeCloseTo(perBatch, 12)
    // 30 % of 1,000 ms in whole batches, the last window ending at the first batch past its share
    expect((a?.steps ?? 0) * perBatch).toBeGreaterThanOrEqual(0.3 - 15 * perBatch)
    expect((a?.steps ?? 0) * perBatch).toBeLessThanOrEqual(0.3 + 15 * perBatch)
  })

  it('gives the whole network and its input layer data of the user’s density, and the features that ρ', async () => {
    // 256-64-10: 16,384 input weights (≥ 2^14) → the sparse products at ρ ≤ 0.25 on kernels that skip zeros.
    const kernels = await loadKernels('wasm')
    const sparse = { inputs: 256, layers: [{ units: 64, activation: 'relu' as const }, { units: 10, activation: 'softmax' as const }], loss: 'cce' as const }
    const run = calibrate({ network: sparse, batchSize: 4, samples: 2000, kernels, budgetMs: 500, inputDensity: 0.2 })
    const skips = Boolean(kernels.sparseGemm && kernels.transpose)
    expect(run.fit.skipsZeros).toBe(skips)
    expect(run.anchor?.inputDensity).toBeGreaterThan(0.19)
    expect(run.anchor?.inputDensity).toBeLessThan(0.21)
    // per row: layer 1 ρ·(2·256·64 + 2·256·64) = ρ·65,536 when sparse, else 65,536; layer 2 3·2·64·10 = 3,840;
    // 64-10 alone is a first layer (no dX): 2·2·64·10 = 2,560, dense activations
    const rho = run.anchor?.inputDensity ?? 1
    const one = (shape: string) => run.points.find((p) => p.shape === shape && p.rows === 1)?.features.gemmFlops
    expect(one('256-64-10')).toBeCloseTo((skips ? rho : 1) * 65_536 + 3_840, 3)
    expect(one('256-64')).toBeCloseTo((skips ? rho : 1) * 65_536, -2)
    expect(one('64-10')).toBe(2_560)
  })
})

describe('calibrate on sample rows of the data', () => {
  it('draws the whole network’s rows from the sample rows: two rows with 64 of 256 nonzero → ρ = 0.25 exactly', () => {
    const sparse = { inputs: 256, layers: [{ units: 64, activation: 'relu' as const }, { units: 10, activation: 'softmax' as const }], loss: 'cce' as const }
    const row = (offset: number) => Array.from({ length: 256 }, (_, k) => (k >= offset && k < offset + 64 ? 200 : 0))
    const run = calibrate({ network: sparse, batchSize: 4, samples: 300, kernels: tsKernels, budgetMs: 300, sampleRows: [row(0), row(100)] })
    expect(run.anchor?.inputDensity).toBe(0.25)
  })
})

describe('usableRows', () => {
  it('keeps rows of the network’s width as they are (prepared data: no rescaling): 255 stays 255, −4.5 stays −4.5', () => {
    const rows = usableRows([[0, 255], [-4.5, 0], [1, 2, 3]], 2)
    expect(rows?.map((r) => Array.from(r))).toEqual([[0, 255], [-4.5, 0]])
  })

  it('drops rows with a non-finite value, also one that overflows float32 (1e39), and is null without usable rows', () => {
    expect(usableRows([[1e39, 1], [NaN, 1], [Infinity, 0], [2, 3]], 2)?.map((r) => Array.from(r))).toEqual([[2, 3]])
    expect(usableRows([[1, 2, 3]], 2)).toBeNull()
    expect(usableRows([[NaN, 1]], 2)).toBeNull()
    expect(usableRows(undefined, 2)).toBeNull()
  })
})

describe('densityProfile', () => {
  it('is null (dense rows) without a density or with ρ = 1', () => {
    expect(densityProfile({})).toBeNull()
    expect(densityProfile({ inputDensity: 1 })).toBeNull()
    expect(densityProfile({ rowDensities: [1, 1] })).toBeNull()
  })

  it('draws every row at ρ when only the mean is known', () => {
    expect(densityProfile({ inputDensity: 0.2 })).toEqual([0.2])
  })

  it('uses the data’s rows as they are', () => {
    expect(densityProfile({ rowDensities: [0.1, 0.3] })).toEqual([0.1, 0.3])
  })

  it('rescales the rows to a given mean: [0.1, 0.3] at ρ = 0.1 → [0.05, 0.15]', () => {
    expect(densityProfile({ rowDensities: [0.1, 0.3], inputDensity: 0.1 })).toEqual([0.05, 0.15].map((v) => expect.closeTo(v, 12)))
  })
})
