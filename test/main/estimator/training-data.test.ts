/**
 * The estimator sees the data the training will see (issue 8): ρ, N and the calibration's rows come
 * from the training split that `prepareTrainingData` (the code `training:start` uses) prepares.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { dispatch, UserError } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import { calibrate } from '../../../src/main/estimator/calibrate'
import type { CalibrationTask } from '../../../src/main/estimator/calibrate-protocol'
import { MAX_SAMPLE_ROWS, trainingSample } from '../../../src/main/estimator/density'
import { EstimatorService } from '../../../src/main/estimator/service'
import { prepareTrainingData, type DataTables } from '../../../src/main/services/datasets'
import { loadKernels } from '../../../src/main/training/kernels'
import type { DataStore } from '../../../src/main/services/data-store'
import type { JobManager } from '../../../src/main/training/job-manager'
import type { Table } from '../../../src/engine/data/table'
import type { CalibrationInfo, EstimateReply, ImportedDataRef, NetworkSpec, StartTrainingRequest } from '../../../src/shared/dto'

const tsKernels = await loadKernels('ts')

/** A table of numeric inputs (`rows[r]`) and a two-class label column alternating a, b. */
function table(name: string, rows: number[][]): Table {
  const inputs = rows[0]!.length
  return {
    name,
    rows: rows.length,
    columns: [
      ...Array.from({ length: inputs }, (_, k) => ({ name: `x${k}`, type: 'numeric' as const, values: Float64Array.from(rows, (r) => r[k]!) })),
      { name: 'label', type: 'categorical' as const, values: rows.map((_, r) => (r % 2 === 0 ? 'a' : 'b')) },
    ],
  }
}

/** The data store's role for imported sets: tables by id. */
const source = (tables: Record<string, Table>) => ({ tables: (id: string): DataTables => ({ table: tables[id]! }) })

const ref = (id: string, extra: Partial<ImportedDataRef> = {}): ImportedDataRef => ({ kind: 'imported', id, name: `${id}.csv`, scaling: 'none', ...extra })

// 10 rows (too few to split: all train), unscaled; nonzeros per row 1,2,0,1,1,0,2,1,1,0 = 9 of 20 → ρ = 0.45
const SMALL = [[5, 0], [-3, 2], [0, 0], [0, 7], [1, 0], [0, 0], [4, 4], [0, 1], [9, 0], [0, 0]]
// 40 rows: 70 % train after the 15 % + 15 % hold-outs; row r has r mod 4 zeros of 4 → densities 1, 0.75, 0.5, 0.25
const SPLIT = Array.from({ length: 40 }, (_, r) => [1, 2, 3, 4].map((v, k) => (k < r % 4 ? 0 : v + (r % 7))))
// 3,000 rows held out nothing: the sample is 1,024 evenly spaced rows
const LARGE = Array.from({ length: 3000 }, (_, r) => [1 + ((r * 7) % 13), r % 3 === 0 ? 0 : 2])

const net = (inputs: number): NetworkSpec => ({ inputs, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'bce' })

const tables = { small: table('small', SMALL), split: table('split', SPLIT), large: table('large', LARGE) }

function service(extra: Partial<ConstructorParameters<typeof EstimatorService>[0]> = {}): EstimatorService {
  return new EstimatorService({
    kernels: 'ts',
    cacheDir: mkdtempSync(join(tmpdir(), 'estimator-data-')),
    powercapRoot: '/nonexistent',
    budgetMs: 150,
    prepare: (r) => prepareTrainingData(r, source(tables)),
    ...extra,
  })
}

const run = { samples: 100, batchSize: 10, epochs: 2, tOp: 0.01, watts: 10, pue: 1, carbonGramsPerKwh: 480 }

/** The training split as `training:start` prepares it, for the expectations. */
async function trainSplit(id: keyof typeof tables, seed = 1) {
  const request: StartTrainingRequest = { data: ref(id), network: net(tables[id].columns.length - 1), settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 1, epochs: 1, seed } }
  return (await prepareTrainingData(request, source(tables))).train
}

describe('trainingSample', () => {
  it('measures ρ over every row and keeps the evenly spaced rows with their densities: rows 0 and ⌊1·4/2⌋ = 2 of 4', () => {
    // nonzeros per row 1, 3, 0, 2 → 6 of 12 = 0.5
    const x = new Float32Array([0, 8, 0, 1, 2, 3, 0, 0, 0, -1, 0, 6])
    const s = trainingSample({ rows: 4, inputs: 3, x }, 2)
    expect(s.inputDensity).toBe(0.5)
    expect(s.rows.map((r) => Array.from(r))).toEqual([[0, 8, 0], [0, 0, 0]])
    expect(s.rowDensities).toEqual([1 / 3, 0])
  })

  it('copies the rows, so the data set can go', () => {
    const x = new Float32Array([1, 2])
    const s = trainingSample({ rows: 1, inputs: 2, x })
    x[0] = 99
    expect(Array.from(s.rows[0]!)).toEqual([1, 2])
  })
})

describe('EstimatorService with training data', () => {
  it('takes ρ = 9/20 = 0.45 from a small unsplit data set, counted by hand', async () => {
    const reply = await service().estimateRun({ ...run, network: net(2), trainingData: { data: ref('small'), seed: 1 } })
    expect(reply.inputDensity).toBe(0.45)
    expect(reply.inputDensitySource).toBe('data')
    expect(reply.trainingData).toEqual({ name: 'small', rows: 10, inputDensity: 0.45, sampleRows: 10 })
  })

  it('takes ρ from the training split only, not from the held-out rows', async () => {
    const train = await trainSplit('split')
    expect(train.rows).toBe(28)
    let nonzero = 0
    for (const v of train.x) if (v !== 0) nonzero++
    const reply = await service().estimateRun({ ...run, network: net(4), trainingData: { data: ref('split'), seed: 1 } })
    expect(reply.trainingData?.rows).toBe(28)
    expect(reply.inputDensity).toBe(nonzero / (28 * 4))
    // the whole table's ρ is (40 + 30 + 20 + 10)/160 = 0.625; the split's differs (its rows are a seeded draw)
    expect(reply.inputDensity).not.toBe(0.625)
  })

  it('lets the request’s ρ win over the data’s', async () => {
    const reply = await service().estimateRun({ ...run, inputDensity: 0.2, network: net(2), trainingData: { data: ref('small'), seed: 1 } })
    expect([reply.inputDensity, reply.inputDensitySource, reply.trainingData?.inputDensity]).toEqual([0.2, 'request', 0.45])
  })

  it('prepares a data set once for many estimates of the same data and widths', async () => {
    const prepare = vi.fn((r: StartTrainingRequest) => prepareTrainingData(r, source(tables)))
    const s = service({ prepare })
    const request = { ...run, network: net(2), trainingData: { data: ref('small'), seed: 1 } }
    await Promise.all([s.estimateRun(request), s.estimateRun({ ...request, epochs: 7 })])
    await s.estimateRun({ ...request, batchSize: 5 })
    expect(prepare).toHaveBeenCalledTimes(1)
    await s.estimateRun({ ...request, trainingData: { ...request.trainingData, seed: 2 } })
    expect(prepare).toHaveBeenCalledTimes(2)
  })

  it('remembers that the data does not fit the network instead of preparing it again on every edit', async () => {
    const prepare = vi.fn((r: StartTrainingRequest) => prepareTrainingData(r, source(tables)))
    const s = service({ prepare })
    const request = { ...run, network: net(3), trainingData: { data: ref('small'), seed: 1 } }
    await s.estimateRun(request)
    const again = await s.estimateRun({ ...request, epochs: 9 })
    expect(prepare).toHaveBeenCalledTimes(1)
    expect(again.trainingDataError).toMatch(/has 2 inputs/)
  })

  it('prepares again after a failure that is not the user’s (a bug, a crash)', async () => {
    let calls = 0
    const s = service({ prepare: async (r) => (++calls === 1 ? Promise.reject(new Error('worker crashed')) : prepareTrainingData(r, source(tables))) })
    const request = { ...run, network: net(2), trainingData: { data: ref('small'), seed: 1 } }
    await expect(s.estimateRun(request)).rejects.toThrow('worker crashed')
    expect((await s.estimateRun(request)).inputDensity).toBe(0.45)
  })

  it('assumes ρ = 1 and says why when the data does not fit the network', async () => {
    const reply = await service().estimateRun({ ...run, network: net(3), trainingData: { data: ref('small'), seed: 1 } })
    expect(reply.inputDensity).toBe(1)
    expect(reply.inputDensitySource).toBe('default')
    expect(reply.trainingData).toBeNull()
    expect(reply.trainingDataError).toMatch(/has 2 inputs but the network's input layer has 3/)
  })

  it('gives the calibration the training rows as they are (no rescaling), their densities and the split’s ρ', async () => {
    const tasks: CalibrationTask[] = []
    const s = service({
      runCalibration: async (task) => {
        tasks.push(task)
        return { run: calibrate({ ...task.request, kernels: tsKernels, budgetMs: 100 }), kernels: 'ts' }
      },
    })
    const info = await s.calibrate({ network: net(2), samples: 10, batchSize: 5, trainingData: { data: ref('small'), seed: 1 } })
    const sent = tasks[0]!.request
    const train = await trainSplit('small')
    expect(sent.sampleRows).toEqual(Array.from({ length: 10 }, (_, r) => Array.from(train.x.subarray(2 * r, 2 * r + 2))))
    expect(sent.sampleRows?.flat()).toContain(9)
    expect(sent.inputDensity).toBe(0.45)
    expect(sent.rowDensities).toHaveLength(10)
    expect(sent).not.toHaveProperty('trainingData')
    expect(info.trainingData).toEqual({ name: 'small', rows: 10, inputDensity: 0.45, sampleRows: 10 })
  })

  it('sends at most 1,024 rows, evenly spread over the training split', async () => {
    const tasks: CalibrationTask[] = []
    const s = service({ runCalibration: async (task) => (tasks.push(task), { run: calibrate({ ...task.request, kernels: tsKernels, budgetMs: 50 }), kernels: 'ts' }) })
    const data = ref('large', { split: { validation: 0, test: 0 } })
    await s.calibrate({ network: net(2), samples: 3000, batchSize: 32, trainingData: { data, seed: 1 } })
    const rows = tasks[0]!.request.sampleRows!
    expect(rows).toHaveLength(MAX_SAMPLE_ROWS)
    const train = (await prepareTrainingData({ data, network: net(2), settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 1, epochs: 1, seed: 1 } }, source(tables))).train
    expect(train.rows).toBe(3000)
    for (const i of [0, 1, 511, 1023]) {
      const r = Math.floor((i * 3000) / 1024)
      expect(rows[i]).toEqual(Array.from(train.x.subarray(2 * r, 2 * r + 2)))
    }
  })

  it('keeps a typed-in ρ: the row densities go along, the rows do not', async () => {
    const tasks: CalibrationTask[] = []
    const s = service({ runCalibration: async (task) => (tasks.push(task), { run: calibrate({ ...task.request, kernels: tsKernels, budgetMs: 50 }), kernels: 'ts' }) })
    const info = await s.calibrate({ network: net(2), samples: 10, batchSize: 5, inputDensity: 0.3, trainingData: { data: ref('small'), seed: 1 } })
    expect(tasks[0]!.request.inputDensity).toBe(0.3)
    expect(tasks[0]!.request.rowDensities).toHaveLength(10)
    expect(tasks[0]!.request).not.toHaveProperty('sampleRows')
    expect(info.trainingData?.sampleRows).toBe(0)
  })
})

describe('estimate:calibrate and estimate:run with trainingData, end to end', () => {
  // every row 1 nonzero of 4 → ρ = 0.25 exactly, whatever the split draws
  const quarter = table('quarter', Array.from({ length: 60 }, (_, r) => [0, 0, 0, 0].map((_, k) => (k === r % 4 ? 2 + (r % 5) : 0))))
  const store = source({ quarter }) as unknown as DataStore
  const handlers = (estimator?: EstimatorService) =>
    createHandlers({ jobs: {} as JobManager, info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }, data: store, ...(estimator ? { estimator } : {}) })
  const trainingData = { data: ref('quarter'), seed: 3 }

  it('estimate:run prepares the referenced import through the data store: ρ = 0.25 of 40 training rows (per class 30 − round(4.5) − round(4.5) = 20)', async () => {
    const reply = await dispatch(handlers(), 'estimate:run', [{ ...run, network: net(4), trainingData }])
    expect(reply.ok).toBe(true)
    const value = (reply as { ok: true; value: EstimateReply }).value
    expect(value.inputDensity).toBe(0.25)
    expect(value.trainingData).toMatchObject({ name: 'quarter', rows: 40, inputDensity: 0.25 })
  })

  it('estimate:calibrate trains the anchor on the data’s rows: its ρ is exactly 0.25', async () => {
    const estimator = new EstimatorService({ kernels: 'ts', cacheDir: mkdtempSync(join(tmpdir(), 'estimator-e2e-')), powercapRoot: '/nonexistent', budgetMs: 150, prepare: (r) => prepareTrainingData(r, store) })
    const reply = await dispatch(handlers(estimator), 'estimate:calibrate', [{ network: net(4), samples: 40, batchSize: 6, trainingData }])
    expect(reply.ok).toBe(true)
    const info = (reply as { ok: true; value: CalibrationInfo }).value
    expect(info.anchor?.inputDensity).toBe(0.25)
    expect(info.trainingData).toEqual({ name: 'quarter', rows: 40, inputDensity: 0.25, sampleRows: 40 })
    // the estimate then applies κ: same network, batch and ρ
    const estimate = await estimator.estimateRun({ ...run, samples: 40, batchSize: 6, network: net(4), trainingData })
    expect(estimate.correction.factor).toBe(info.anchor?.correction)
  })

  it('refuses a malformed data reference, seed or hold-out', async () => {
    const base = { ...run, network: net(4) }
    for (const bad of [
      { data: { kind: 'file', id: 'quarter' }, seed: 1 },
      { data: ref('quarter'), seed: -1 },
      { data: ref('quarter'), seed: 1.5 },
      { data: ref('quarter'), seed: 1, split: { validation: 0.95, test: 0 } },
      { data: ref('quarter'), seed: 1, extra: true },
      { data: { ...ref('quarter'), id: '../etc' }, seed: 1 },
      { seed: 1 },
    ]) {
      expect((await dispatch(handlers(), 'estimate:run', [{ ...base, trainingData: bad }])).ok).toBe(false)
      expect((await dispatch(handlers(), 'estimate:calibrate', [{ network: net(4), samples: 40, batchSize: 6, trainingData: bad }])).ok).toBe(false)
    }
  })

  it('answers the data store’s user error when calibrating on an import it no longer holds', async () => {
    const forgetful = { tables: () => { throw new UserError('The imported data set “quarter.csv” is no longer loaded.') } } as unknown as DataStore
    const estimator = new EstimatorService({ kernels: 'ts', cacheDir: mkdtempSync(join(tmpdir(), 'estimator-e2e-')), powercapRoot: '/nonexistent', budgetMs: 50, prepare: (r) => prepareTrainingData(r, forgetful) })
    const reply = await dispatch(handlers(estimator), 'estimate:calibrate', [{ network: net(4), samples: 40, batchSize: 6, trainingData }])
    expect(reply).toEqual({ ok: false, error: 'The imported data set “quarter.csv” is no longer loaded.' })
  })
})
