import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { correctionFor, EstimatorService } from '../../../src/main/estimator/service'
import type { CalibrationInfo } from '../../../src/shared/dto'
import type { NetworkSpec } from '../../../src/shared/dto'

const net: NetworkSpec = { inputs: 4, layers: [{ units: 6, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'cce' }

function service(powercap = '/nonexistent'): EstimatorService {
  return new EstimatorService({
    kernels: 'ts',
    cacheDir: mkdtempSync(join(tmpdir(), 'estimator-')),
    powercapRoot: powercap,
    budgetMs: 250,
  })
}

function powercap(uj: number): { root: string; set(uj: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'powercap-'))
  mkdirSync(join(root, 'intel-rapl:0'))
  const set = (v: number) => writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), String(v))
  writeFileSync(join(root, 'intel-rapl:0', 'max_energy_range_uj'), '262143328850')
  set(uj)
  return { root, set }
}

const request = { network: net, samples: 150, batchSize: 10, epochs: 5, tOp: 0.01, watts: 20, pue: 1, carbonGramsPerKwh: 480 }

describe('EstimatorService', () => {
  it('has no FLOP model before the first calibration', () => {
    const s = service()
    expect(s.estimate(request).flopModel).toBeNull()
    expect(s.estimate(request).calibration).toBeNull()
  })

  it('estimates with the FLOP model once calibrated, and caches the calibration', async () => {
    const s = service()
    const info = await s.calibrate({ network: net, samples: 150, batchSize: 10 })
    const estimate = s.estimate(request)
    expect(estimate.flopModel?.time.seconds).toBeGreaterThan(0)
    expect(estimate.calibration?.createdAt).toBe(info.createdAt)
    expect(s.machine().calibration?.shapes).toBe('4-6-3 relu,softmax cce sgd')
  })

  it('states the TDP × utilisation assumption when RAPL is unreadable', () => {
    const m = service().machine()
    expect(m.rapl).toBe(false)
    expect(m.power.source).toBe('tdp')
    expect(m.power.assumption).toMatch(/TDP × utilisation = 65 W/)
  })

  it('takes the utilisation from the cores the calibration’s run of the network kept busy: 65 W × 1.6/cores', () => {
    const s = service()
    const cores = s.cache.identity.cores
    const calibration = {
      shapes: '784-256-128-10 relu,relu,softmax cce sgd',
      measuredWatts: null,
      anchor: { batchSize: 256, samples: 7936, inputDensity: 0.19, threads: 2, steps: 100, seconds: 3e-3, modelSeconds: 3e-3, correction: 1, cpuShare: 1.6 },
    } as unknown as CalibrationInfo
    const p = s.power(calibration)
    expect(p.watts).toBeCloseTo((65 * Math.min(cores, 1.6)) / cores, 12)
    expect(p.assumption).toContain('784-256-128-10 relu,relu,softmax cce sgd at batch 256, its batches split over two threads')
    // without a measured share (an older cache): one core of the machine's
    expect(s.power({ ...calibration, anchor: { ...calibration.anchor!, cpuShare: undefined } }).watts).toBeCloseTo(65 / cores, 12)
  })

  it('measures energy between meterStart and meterStop from RAPL', () => {
    const p = powercap(1_000_000)
    const s = service(p.root)
    const id = s.meterStart()
    p.set(4_500_000)
    const m = s.meterStop(id)
    expect(m?.source).toBe('rapl')
    expect(m?.joules).toBeCloseTo(3.5, 12)
    expect(s.meterStop(id)).toBeNull()
  })

  it('measures time only without RAPL', () => {
    const s = service()
    const m = s.meterStop(s.meterStart())
    expect(m?.joules).toBeNull()
    expect(m?.source).toBe('none')
    expect(m?.seconds).toBeGreaterThanOrEqual(0)
  })

  it('applies the calibration’s κ to the FLOP model of the very network, batch and density it ran', () => {
    const s = service()
    s.cache.put(calibrationWith({ batchSize: 10, inputDensity: 1, correction: 1.5 }))
    const corrected = s.estimate(request)
    expect(corrected.correction.factor).toBe(1.5)
    // κ = 1 at another batch size: the uncorrected FLOP model; at batch 10 exactly 1.5× that per batch
    const other = s.estimate({ ...request, batchSize: 15 })
    expect(other.correction.factor).toBe(1)
    const p = params
    // only a = 1e-4 s per batch counts (R = 1e15 FLOP/s adds < 1e-9 s): batch 10 → 15 batches · 5 epochs · 1e-4 s · κ 1.5
    expect(corrected.flopModel?.time.seconds).toBeCloseTo(15 * 5 * p.perBatch * 1.5, 8)
    expect(other.flopModel?.time.seconds).toBeCloseTo(10 * 5 * p.perBatch, 8)
    expect(corrected.inputDensity).toBe(1)
  })
})

const params = { perBatch: 1e-4, perLayer: 0, perParameter: 0, perRow: 0, flopsPerSecond: 1e15, perElement: 0, threads: 1 as const, perSplitBatch: 0, perSplitParameter: 0 }

function calibrationWith(anchor: { batchSize: number; inputDensity: number; correction: number }, shapes = '4-6-3 relu,softmax cce sgd'): CalibrationInfo {
  return {
    params,
    rmsRelativeError: 0,
    points: [],
    seconds: 1,
    shapes,
    kernels: 'ts',
    engineVersion: 'test',
    createdAt: '2026-11-22T00:00:00.000Z',
    measuredWatts: null,
    utilisation: 0.5,
    anchor: { ...anchor, samples: 150, threads: 1, steps: 100, seconds: 1.5e-4, modelSeconds: 1e-4 },
  }
}

describe('correctionFor', () => {
  const key = '4-6-3 relu,softmax cce sgd'
  const at = (anchor: Parameters<typeof calibrationWith>[0]) => calibrationWith(anchor)

  it('is κ for the same shapes, batch (clamped to N) and density', () => {
    expect(correctionFor(at({ batchSize: 10, inputDensity: 0.19, correction: 0.8 }), key, 10, 150, 0.2).factor).toBe(0.8)
    expect(correctionFor(at({ batchSize: 150, inputDensity: 1, correction: 0.8 }), key, 500, 150, 1).factor).toBe(0.8)
  })

  it('is 1 without a calibration or an anchor, with the reason', () => {
    expect(correctionFor(null, key, 10, 150, 1)).toEqual({ factor: 1, reason: 'no run of this network in the calibration' })
    expect(correctionFor({ ...at({ batchSize: 10, inputDensity: 1, correction: 2 }), anchor: null }, key, 10, 150, 1).factor).toBe(1)
  })

  it('is 1 for another network, batch size or density', () => {
    const c = at({ batchSize: 10, inputDensity: 0.2, correction: 2 })
    expect(correctionFor(c, '4-6-3 relu,softmax cce adam', 10, 150, 0.2).factor).toBe(1)
    expect(correctionFor(c, key, 11, 150, 0.2).factor).toBe(1)
    expect(correctionFor(c, key, 10, 150, 0.26).factor).toBe(1)
  })

  it('is 1 across the sparse threshold even within 0.05: 0.24 vs 0.27', () => {
    expect(correctionFor(at({ batchSize: 10, inputDensity: 0.24, correction: 2 }), key, 10, 150, 0.27).factor).toBe(1)
    expect(correctionFor(at({ batchSize: 10, inputDensity: 0.24, correction: 2 }), key, 10, 150, 0.21).factor).toBe(2)
  })
})
