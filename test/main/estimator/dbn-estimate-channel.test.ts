import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import { DbnEstimatorService } from '../../../src/main/estimator/dbn-service'
import { dbnShapesKey } from '../../../src/main/estimator/dbn-cache'
import type { DbnCalibrationRunner } from '../../../src/main/estimator/calibrate-protocol'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { DataStore } from '../../../src/main/services/data-store'
import type { DbnCalibrationInfo, DbnEstimateReply, DbnEstimateRequest, DbnRunShape } from '../../../src/shared/dbn-estimate'
import { cdBatchSeconds, dbnRbms } from '../../../src/engine/cost'

const params = {
  cd: { perBatch: 1e-5, perRow: 1e-7, perUpdateFlop: 1e-10, flopsPerSecond: 1e10, perElement: 1e-9 },
  eval: { perRow: 1e-7, flopsPerSecond: 1e10, perElement: 1e-9 },
  fineTune: null,
  skipsZeros: false,
}
/** A runner that answers fixed constants at once (the real benchmark is tested in calibrate-rbm.test.ts). */
const fakeRunner: DbnCalibrationRunner = async () => ({
  run: { fit: { ...params, rms: { cd: 0.05, eval: 0.1, fineTune: null } }, points: [{ part: 'cd', shape: '784-256 CD-1', rows: 64, steps: 10, seconds: 0.003, features: [] }], anchor: { batchSize: 64, corrections: [1.5, 0.8] }, seconds: 0.01 },
  kernels: 'fake',
})

function handlersWith(dir = mkdtempSync(join(tmpdir(), 'dbn-estimate-'))): Handlers {
  return createHandlers({
    jobs: {} as JobManager,
    info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } },
    data: {} as DataStore,
    dbnEstimator: new DbnEstimatorService({ kernels: 'ts', cacheDir: dir, runCalibration: fakeRunner }),
  })
}

const shape: DbnRunShape = { inputs: 784, layers: [256, 64], k: [1, 1], samples: 8000, batchSize: 64, epochs: 5 }
const request: DbnEstimateRequest = { shape, tOp: 0.01, watts: 100, pue: 1.5, carbonGramsPerKwh: 400 }

describe('estimate:dbnRun', () => {
  it('answers the layer model 0.01 · 2 · (8000/64) · 5 = 12.5 s and E = 100 W · 12.5 s · 1.5 for 784-256-64', async () => {
    const reply = await dispatch(handlersWith(), 'estimate:dbnRun', [request])
    expect(reply.ok).toBe(true)
    const value = (reply as { ok: true; value: DbnEstimateReply }).value
    expect(value.layerModel.time.seconds).toBeCloseTo(12.5, 12)
    expect(value.layerModel.energy.joules).toBeCloseTo(1875, 9)
    expect(value.cost.parametersWithoutBias).toBe(784 * 256 + 256 * 64)
  })

  it('has no calibrated model before a calibration, and uses the cached one after', async () => {
    const handlers = handlersWith()
    const before = (await dispatch(handlers, 'estimate:dbnRun', [request])) as { ok: true; value: DbnEstimateReply }
    expect(before.value.flopModel).toBeNull()
    const calibrated = (await dispatch(handlers, 'estimate:dbnCalibrate', [{ shape }])) as { ok: true; value: DbnCalibrationInfo }
    expect(calibrated.value.shapes).toBe(dbnShapesKey(shape))
    const after = (await dispatch(handlers, 'estimate:dbnRun', [request])) as { ok: true; value: DbnEstimateReply }
    expect(after.value.calibration?.shapes).toBe('784-256-64 CD-1,1 bernoulli ρdense')
    expect(after.value.flopModel?.time.rbms).toHaveLength(2)
  })

  it('multiplies the CD batches of each RBM by the κ of the calibration for this stack at this batch size: 125 batches · 1.5 · t(64)', async () => {
    const handlers = handlersWith()
    await dispatch(handlers, 'estimate:dbnCalibrate', [{ shape }])
    const reply = (await dispatch(handlers, 'estimate:dbnRun', [request])) as { ok: true; value: DbnEstimateReply }
    expect(reply.value.correction.factors).toEqual([1.5, 0.8])
    const [first] = dbnRbms(shape)
    expect(reply.value.flopModel?.time.rbmUpdateEpochs[0]).toBeCloseTo(125 * 1.5 * cdBatchSeconds(params, first!, 64), 12)
  })

  it('applies no κ at another batch size, and says why', async () => {
    const handlers = handlersWith()
    await dispatch(handlers, 'estimate:dbnCalibrate', [{ shape }])
    const reply = (await dispatch(handlers, 'estimate:dbnRun', [{ ...request, shape: { ...shape, batchSize: 32 } }])) as { ok: true; value: DbnEstimateReply }
    expect(reply.value.correction).toEqual({ factors: [1, 1], reason: 'the calibration ran batch 64, not 32' })
  })

  it('refuses unknown keys, fractional sizes, zero batches, a density above 1 and extra arguments', async () => {
    const handlers = handlersWith()
    const bad: unknown[][] = [
      [{ ...request, extra: 1 }],
      [{ ...request, shape: { ...shape, layers: [2.5] } }],
      [{ ...request, shape: { ...shape, batchSize: 0 } }],
      [{ ...request, shape: { ...shape, inputDensity: 1.5 } }],
      [{ ...request, shape: { ...shape, layers: [] } }],
      [{ ...request, pue: 0.5 }],
      [request, request],
      [],
    ]
    for (const args of bad) expect((await dispatch(handlers, 'estimate:dbnRun', args)).ok).toBe(false)
  })
})

describe('estimate:dbnCalibrate', () => {
  it('refuses a stack too large to allocate for timing', async () => {
    const reply = await dispatch(handlersWith(), 'estimate:dbnCalibrate', [{ shape: { ...shape, inputs: 1_000_000, layers: [65_536] } }])
    expect(reply.ok).toBe(false)
    expect((reply as { ok: false; error: string }).error).toContain('too large to calibrate')
  })

  it('refuses a shape with unknown keys, more than 64 sample rows and a bare shape', async () => {
    const handlers = handlersWith()
    expect((await dispatch(handlers, 'estimate:dbnCalibrate', [{ shape: { ...shape, hidden: 3 } }])).ok).toBe(false)
    expect((await dispatch(handlers, 'estimate:dbnCalibrate', [{ shape, sampleRows: Array.from({ length: 65 }, () => [0]) }])).ok).toBe(false)
    expect((await dispatch(handlers, 'estimate:dbnCalibrate', [shape])).ok).toBe(false)
  })
})
