import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EstimatorService } from '../../../src/main/estimator/service'
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
})
