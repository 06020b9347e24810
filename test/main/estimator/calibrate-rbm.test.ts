import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine'
import { calibrateDbn } from '../../../src/main/estimator/calibrate-rbm'
import { cdBatchSeconds, dbnRbms, type DbnRunShape } from '../../../src/engine/cost'

const shape: DbnRunShape = { inputs: 20, layers: [8, 4], k: [1, 2], samples: 200, batchSize: 16, epochs: 1, fineTune: 'autoencoder', fineTuneEpochs: 1, inputDensity: 0.3 }

describe('calibrateDbn (the DBN benchmark, on the TypeScript kernels with a 400 ms budget)', () => {
  const run = calibrateDbn({ shape, kernels: tsKernels, budgetMs: 400 })

  it('times CD-k of every RBM at batch sizes 1, 8, 64 (clamped to N) and the user batch', () => {
    const cd = run.points.filter((p) => p.part === 'cd')
    expect(cd.map((p) => `${p.shape}@${p.rows}`)).toEqual(['20-8 CD-1@1', '20-8 CD-1@8', '20-8 CD-1@64', '20-8 CD-1@16', '8-4 CD-2@1', '8-4 CD-2@8', '8-4 CD-2@64', '8-4 CD-2@16'])
    expect(cd.every((p) => p.steps > 0 && p.seconds > 0)).toBe(true)
  })

  it('times the propagation and the monitors of every RBM, and fine-tuning of the unrolled 20-8-4-8-20 autoencoder', () => {
    expect(run.points.filter((p) => p.part === 'eval').map((p) => p.shape)).toEqual(['20-8 propagate', '20-8 monitors', '8-4 propagate', '8-4 monitors'])
    expect(run.points.filter((p) => p.part === 'fineTune').map((p) => `${p.shape}@${p.rows}`)).toEqual(['20-8-4-8-20 fine-tune@1', '20-8-4-8-20 fine-tune@8', '20-8-4-8-20 fine-tune@16'])
  })

  it('answers κ per RBM at the user batch, within [1/2, 2]', () => {
    expect(run.anchor.batchSize).toBe(16)
    expect(run.anchor.corrections).toHaveLength(2)
    for (const k of run.anchor.corrections) {
      expect(k).toBeGreaterThanOrEqual(0.5)
      expect(k).toBeLessThanOrEqual(2)
    }
  })

  it('times the anchor in 15 windows spread over the rounds: whole CD batches of every RBM at the user batch', () => {
    expect(run.anchor.windows).toBe(15)
    expect(run.anchor.steps).toHaveLength(2)
    for (const n of run.anchor.steps ?? []) expect(n).toBeGreaterThanOrEqual(15)
  })

  it('answers κ per RBM = the anchor’s mean seconds per batch over the fitted model’s CD batch of 16 rows', () => {
    dbnRbms(shape).forEach((r, i) => {
      const model = cdBatchSeconds(run.fit, r, 16)
      expect(run.anchor.modelSeconds?.[i]).toBe(model)
      const ratio = (run.anchor.seconds?.[i] ?? 0) / model
      expect(run.anchor.corrections[i]).toBeCloseTo(Math.min(2, Math.max(0.5, ratio)), 12)
    })
  })

  it('weighs the user batch 4× in the fit', () => {
    expect(run.points.filter((p) => p.rows === 16).every((p) => p.weight === 4)).toBe(true)
  })

  it('fits non-negative constants and finite rates for every part', () => {
    const { cd, eval: ev, fineTune } = run.fit
    for (const v of [...Object.values(cd), ...Object.values(ev)]) expect(v).toBeGreaterThanOrEqual(0)
    expect(Number.isFinite(cd.flopsPerSecond)).toBe(true)
    expect(fineTune).not.toBeNull()
    expect(run.fit.skipsZeros).toBe(false)
  })
})
