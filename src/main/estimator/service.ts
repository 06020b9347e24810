/**
 * The estimator service (SPEC §8) behind the `estimate:*` channels and the CLI: estimates from the
 * pure cost model, the calibration benchmark with its per-machine cache, and the power of this
 * machine (RAPL where readable, else TDP × utilisation with the assumption stated).
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
import type { CalibrateRequest, CalibrationInfo, EnergyMeasurement, EstimateReply, EstimateRequest, MachineInfo } from '../../shared/dto'
import { APP_VERSION } from '../version'
import { CalibrationCache, machineIdentity } from './cache'
import { calibrate } from './calibrate'
import type { CalibrationRunner } from './calibrate-protocol'
import { loadKernels } from '../training/kernels'
import { joulesBetween, POWERCAP_ROOT, readRapl, type RaplReading } from './power'
import { shapesKey } from './shapes'

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
}

export class EstimatorService {
  readonly cache: CalibrationCache
  private readonly meters = new Map<string, { at: number; rapl: RaplReading | null }>()
  private readonly powercapRoot: string

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
    const utilisation = 1 / cores
    return {
      watts: ASSUMED_TDP_WATTS * utilisation,
      source: 'tdp',
      assumption:
        `RAPL counters are not readable here, so P = TDP × utilisation = ${ASSUMED_TDP_WATTS} W (assumed TDP of a typical ` +
        `desktop/server CPU; edit it) × 1/${cores} (the engine trains on one of this machine's ${cores} cores)`,
    }
  }

  /** The estimate of a run, with the FLOP model from the best cached calibration (and its κ where it applies). */
  estimate(request: EstimateRequest): EstimateReply {
    const key = shapesKey(request.network, request.optimizer)
    const calibration = this.cache.get(key)
    const inputDensity = request.inputDensity ?? 1
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
    return { ...estimate, calibration, inputDensity, correction }
  }

  /** Runs the ≤ 3 s benchmark on the request's shapes, caches and returns the calibration. */
  async calibrate(request: CalibrateRequest): Promise<CalibrationInfo> {
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
