/**
 * The estimator service (SPEC §8) behind the `estimate:*` channels and the CLI: estimates from the
 * pure cost model, the calibration benchmark with its per-machine cache, and the power of this
 * machine (RAPL where readable, else TDP × utilisation with the assumption stated).
 *
 * The data a request names (`trainingData`, as `training:start` names it) is prepared by the training's
 * own code (`options.prepare`, by default `prepareTrainingData`); its ρ and up to 1,024 of its training
 * rows are kept per reference (`MAX_PREPARED`), so the estimate asked on every edit prepares a data set once.
 */
import { randomUUID } from 'node:crypto'
import {
  DATA_CENTRE_PUE,
  DEFAULT_CARBON_INTENSITY,
  DEFAULT_T_OP,
  estimateRun,
  HARDWARE_PRESETS,
  LOCAL_PUE,
  networkCost,
  SPARSE_INPUT_MAX_DENSITY,
  type NetworkCost,
} from '../../engine/cost'
import type { NetworkSpec } from '../../engine/types'
import type {
  CalibrateRequest,
  CalibrationInfo,
  EnergyMeasurement,
  EstimateReply,
  EstimateRequest,
  MachineInfo,
  StartTrainingRequest,
  TrainingDataInfo,
  TrainingDataRef,
} from '../../shared/dto'
import { UserError } from '../api/dispatch'
import { prepareTrainingData, type PreparedData } from '../services/datasets'
import { APP_VERSION } from '../version'
import { CalibrationCache, machineIdentity } from './cache'
import { calibrate } from './calibrate'
import type { CalibrationRunner } from './calibrate-protocol'
import { loadKernels } from '../training/kernels'
import { joulesBetween, POWERCAP_ROOT, readRapl, type RaplReading } from './power'
import { shapesKey } from './shapes'
import { trainingSample } from './density'

/** TDP assumed for "this machine" when RAPL is unreadable: a typical desktop/server CPU package. */
export const ASSUMED_TDP_WATTS = 65

export interface EstimatorOptions {
  /** The kernels the calibration runs with: the same the training worker uses. */
  kernels: 'wasm' | 'ts'
  /** Where the benchmark runs (default: in this thread; the backend passes a worker thread). */
  runCalibration?: CalibrationRunner
  cacheDir?: string
  powercapRoot?: string
  /** Benchmark budget in ms (default 2500). */
  budgetMs?: number
  /**
   * Prepares the data of a training request exactly as `training:start` does (default:
   * `prepareTrainingData` without a data store, i.e. built-in data sets only).
   */
  prepare?: (request: StartTrainingRequest) => Promise<PreparedData>
}

/** Prepared data sets whose sample is kept (the most recently asked). */
export const MAX_PREPARED = 4

/** What the estimator keeps of a prepared training split. */
interface PreparedSample {
  info: TrainingDataInfo
  rows: Float32Array[]
  rowDensities: number[]
}

export class EstimatorService {
  readonly cache: CalibrationCache
  private readonly meters = new Map<string, { at: number; rapl: RaplReading | null }>()
  private readonly powercapRoot: string
  private readonly prepared = new Map<string, Promise<PreparedSample>>()

  constructor(private readonly options: EstimatorOptions) {
    this.cache = new CalibrationCache(machineIdentity(APP_VERSION, options.kernels), options.cacheDir)
    this.powercapRoot = options.powercapRoot ?? POWERCAP_ROOT
  }

  /** Parameters and FLOPs per layer. */
  network(spec: NetworkSpec): NetworkCost {
    return networkCost(spec)
  }

  /** This machine, its power and its latest calibration. */
  machine(): MachineInfo {
    const id = this.cache.identity
    const calibration = this.cache.get()
    return {
      cpu: id.cpu,
      cores: id.cores,
      kernels: id.kernels,
      rapl: readRapl(this.powercapRoot) !== null,
      power: this.power(calibration),
      presets: [...HARDWARE_PRESETS],
      defaults: { tOp: DEFAULT_T_OP, carbon: DEFAULT_CARBON_INTENSITY, localPue: LOCAL_PUE, dataCentrePue: DATA_CENTRE_PUE },
      calibration,
    }
  }

  /** The power of the "this machine" profile and how it was obtained. */
  power(calibration: CalibrationInfo | null): MachineInfo['power'] {
    if (calibration?.measuredWatts != null) {
      return { watts: calibration.measuredWatts, source: 'rapl', assumption: 'CPU package power measured by RAPL during the calibration benchmark' }
    }
    const cores = this.cache.identity.cores
    const tdp = `RAPL counters are not readable here, so P = TDP × utilisation = ${ASSUMED_TDP_WATTS} W (assumed TDP of a typical desktop/server CPU; edit it)`
    // the cores the calibration's run of the user's network kept busy: ≈ 1, up to 2 where its batches are split over two threads
    const anchor = calibration?.anchor
    const busy = anchor?.cpuShare
    if (anchor && busy !== undefined && Number.isFinite(busy) && busy > 0) {
      const share = Math.min(cores, busy)
      return {
        watts: (ASSUMED_TDP_WATTS * share) / cores,
        source: 'tdp',
        assumption:
          `${tdp} × ${share.toFixed(2)}/${cores} (the calibration's run of ${calibration.shapes} at batch ${anchor.batchSize}, ` +
          `${anchor.threads === 2 ? 'its batches split over two threads, ' : ''}kept ${share.toFixed(2)} of this machine's ${cores} cores busy)`,
      }
    }
    return {
      watts: ASSUMED_TDP_WATTS / cores,
      source: 'tdp',
      assumption: `${tdp} × 1/${cores} (the engine trains on one of this machine's ${cores} cores; large networks split their batches over two)`,
    }
  }

  /**
   * The estimate of a run, with ρ from the prepared training split of `request.trainingData` unless
   * the request gives ρ. Data that cannot be prepared (it does not fit the network, an import is gone)
   * leaves ρ at the request's or 1, and the reply says why.
   */
  async estimateRun(request: EstimateRequest): Promise<EstimateReply> {
    if (!request.trainingData) return this.estimate(request)
    try {
      return this.estimate(request, (await this.trainingData(request.network, request.trainingData)).info)
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      return { ...this.estimate(request), trainingData: null, trainingDataError: error.message }
    }
  }

  /**
   * The estimate of a run, with the FLOP model from the best cached calibration (and its κ where it
   * applies); ρ is the request's, else `data`'s (the prepared training split), else 1.
   */
  estimate(request: EstimateRequest, data?: TrainingDataInfo): EstimateReply {
    const key = shapesKey(request.network, request.optimizer)
    const calibration = this.cache.get(key)
    const inputDensity = request.inputDensity ?? data?.inputDensity ?? 1
    const inputDensitySource = request.inputDensity !== undefined ? 'request' : data ? 'data' : 'default'
    const correction = correctionFor(calibration, key, request.batchSize, request.samples, inputDensity)
    const estimate = estimateRun({
      network: request.network,
      samples: request.samples,
      batchSize: request.batchSize,
      epochs: request.epochs,
      optimizer: request.optimizer,
      tOp: request.tOp,
      energy: { watts: request.watts, pue: request.pue, carbonGramsPerKwh: request.carbonGramsPerKwh },
      flopModel: calibration?.params ?? null,
      inputDensity,
      flopCorrection: correction.factor,
    })
    return { ...estimate, calibration, inputDensity, correction, inputDensitySource, ...(data ? { trainingData: data } : {}) }
  }

  /**
   * The training split of `ref` for `network`, prepared by the training's code: its rows, exact ρ and
   * up to 1,024 rows evenly spread over it with their densities. Kept per reference and network width,
   * and so is a `UserError` (the data does not fit the network, an import is gone: it would recur, and
   * preparing MNIST again on every edit of a graph that does not fit it costs ~1 s each); other failures are not.
   */
  trainingData(network: NetworkSpec, ref: TrainingDataRef): Promise<PreparedSample> {
    const outputs = network.layers[network.layers.length - 1].units
    const key = JSON.stringify([ref.data, ref.seed, ref.split ?? null, network.inputs, outputs])
    let found = this.prepared.get(key)
    if (found) {
      this.prepared.delete(key)
      this.prepared.set(key, found)
      return found
    }
    const prepare = this.options.prepare ?? ((r: StartTrainingRequest) => prepareTrainingData(r))
    // `prepareTrainingData` reads only the seed of the settings; the rest makes it a valid training request.
    const start: StartTrainingRequest = {
      data: ref.data,
      network,
      settings: { optimizer: 'sgd', learningRate: 0.01, batchSize: 1, epochs: 1, seed: ref.seed },
      ...(ref.split ? { split: ref.split } : {}),
    }
    found = prepare(start).then(({ train, table }): PreparedSample => {
      const sample = trainingSample(train)
      const name = table?.name ?? ref.data.name
      return {
        info: { name, rows: train.rows, inputDensity: sample.inputDensity, sampleRows: sample.rows.length },
        rows: sample.rows,
        rowDensities: sample.rowDensities,
      }
    })
    found.catch((error: unknown) => {
      if (!(error instanceof UserError)) this.prepared.delete(key)
    })
    this.prepared.set(key, found)
    for (const old of this.prepared.keys()) if (this.prepared.size > MAX_PREPARED) this.prepared.delete(old)
    return found
  }

  /**
   * Runs the ≤ 3 s benchmark on the request's shapes, caches and returns the calibration. With
   * `trainingData`, its rows are the prepared training split's (up to 1,024, as they are) and ρ the
   * split's; a ρ given in the request wins, and then only the rows' densities are used (rescaled to it).
   */
  async calibrate(request: CalibrateRequest): Promise<CalibrationInfo> {
    const { trainingData: ref, ...direct } = request
    let data: TrainingDataInfo | null = null
    let task: CalibrateRequest = direct
    if (ref) {
      const sample = await this.trainingData(request.network, ref)
      const typed = request.inputDensity !== undefined
      data = { ...sample.info, sampleRows: typed ? 0 : sample.rows.length }
      task = {
        network: request.network,
        samples: request.samples,
        batchSize: request.batchSize,
        ...(request.optimizer ? { optimizer: request.optimizer } : {}),
        inputDensity: request.inputDensity ?? sample.info.inputDensity,
        rowDensities: sample.rowDensities,
        ...(typed ? {} : { sampleRows: sample.rows.map((r) => Array.from(r)) }),
      }
    }
    return this.runCalibration(task, data)
  }

  private async runCalibration(request: CalibrateRequest, data: TrainingDataInfo | null): Promise<CalibrationInfo> {
    const runner = this.options.runCalibration ?? calibrateHere
    const rapl0 = readRapl(this.powercapRoot)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const { run, kernels } = await runner({ request, kernels: this.options.kernels, budgetMs: this.options.budgetMs })
    const wall = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const rapl1 = readRapl(this.powercapRoot)
    const { rmsRelativeError, ...params } = run.fit
    const info: CalibrationInfo = {
      params,
      rmsRelativeError,
      points: run.points.map((p) => ({ shape: p.shape, rows: p.rows, steps: p.steps, seconds: p.seconds })),
      seconds: run.seconds,
      shapes: shapesKey(request.network, request.optimizer),
      kernels,
      engineVersion: APP_VERSION,
      createdAt: new Date().toISOString(),
      measuredWatts: rapl0 && rapl1 && wall > 0 ? joulesBetween(rapl0, rapl1) / wall : null,
      utilisation: Math.min(1, (cpu.user + cpu.system) / 1e6 / Math.max(wall, 1e-9) / this.cache.identity.cores),
      anchor: run.anchor,
      ...(data ? { trainingData: data } : {}),
    }
    this.cache.put(info)
    return info
  }

  /** Starts measuring wall time and (where readable) RAPL energy; returns the meter's id. */
  meterStart(): string {
    const id = randomUUID()
    if (this.meters.size > 100) this.meters.delete(this.meters.keys().next().value as string)
    this.meters.set(id, { at: performance.now(), rapl: readRapl(this.powercapRoot) })
    return id
  }

  /** Time and energy since `meterStart(id)`; the meter is then gone. Null for an unknown id. */
  meterStop(id: string): EnergyMeasurement | null {
    const meter = this.meters.get(id)
    if (!meter) return null
    this.meters.delete(id)
    const seconds = (performance.now() - meter.at) / 1000
    const end = meter.rapl ? readRapl(this.powercapRoot) : null
    if (!meter.rapl || !end) return { seconds, joules: null, source: 'none' }
    return { seconds, joules: joulesBetween(meter.rapl, end), source: 'rapl' }
  }
}

/** Largest difference of input density at which a calibration's κ still applies. */
export const DENSITY_TOLERANCE = 0.05

/**
 * κ for an estimate: the calibration's anchor factor when the anchor ran this very configuration — the
 * same shapes (`key`), the same batch size (clamped to N), an input density within `DENSITY_TOLERANCE`
 * and on the same side of the engine's sparse threshold — else 1, with the reason.
 */
export function correctionFor(
  calibration: CalibrationInfo | null,
  key: string,
  batchSize: number,
  samples: number,
  inputDensity: number,
): { factor: number; reason: string } {
  const anchor = calibration?.anchor
  if (!calibration || !anchor) return { factor: 1, reason: 'no run of this network in the calibration' }
  if (calibration.shapes !== key) return { factor: 1, reason: `the calibration ran ${calibration.shapes}, not this network` }
  const m = Math.min(Math.max(1, batchSize), Math.max(1, samples))
  if (anchor.batchSize !== m) return { factor: 1, reason: `the calibration ran batch ${anchor.batchSize}, not ${m}` }
  const sparse = (rho: number) => rho <= SPARSE_INPUT_MAX_DENSITY
  if (Math.abs(anchor.inputDensity - inputDensity) > DENSITY_TOLERANCE || sparse(anchor.inputDensity) !== sparse(inputDensity)) {
    return { factor: 1, reason: `the calibration ran input density ${anchor.inputDensity.toFixed(2)}, not ${inputDensity.toFixed(2)}` }
  }
  return { factor: anchor.correction, reason: `measured/modelled time of this network at batch ${m} in the calibration` }
}

/** The benchmark in this thread (CLI, tests): blocks the event loop for its ≤ 3 s. */
const calibrateHere: CalibrationRunner = async (task) => {
  const kernels = await loadKernels(task.kernels)
  return { run: calibrate({ ...task.request, kernels, budgetMs: task.budgetMs }), kernels: kernels.name }
}
