/**
 * The DBN estimator service behind `estimate:dbnRun` / `estimate:dbnCalibrate` and `layerwise estimate
 * --dbn`: estimates from the pure model (src/engine/cost/dbn-time.ts) with the best cached calibration,
 * and the DBN calibration benchmark (src/main/estimator/calibrate-rbm.ts) with its per-machine cache.
 */
import { estimateDbnRun, type DbnRunShape } from '../../engine/cost'
import type { DbnCalibrateRequest, DbnCalibrationInfo, DbnEstimateReply, DbnEstimateRequest } from '../../shared/dbn-estimate'
import { APP_VERSION } from '../version'
import { loadKernels } from '../training/kernels'
import { machineIdentity } from './cache'
import { calibrateDbn } from './calibrate-rbm'
import type { DbnCalibrationRunner } from './calibrate-protocol'
import { DbnCalibrationCache, dbnShapesKey } from './dbn-cache'
import { joulesBetween, POWERCAP_ROOT, readRapl } from './power'

export interface DbnEstimatorOptions {
  /** The kernels the calibration runs with: the same the training worker uses. */
  kernels: 'wasm' | 'ts'
  /** Where the benchmark runs (default: in this thread; the backend passes a worker thread). */
  runCalibration?: DbnCalibrationRunner
  cacheDir?: string
  powercapRoot?: string
  /** Benchmark budget in ms (default 2500). */
  budgetMs?: number
}

export class DbnEstimatorService {
  readonly cache: DbnCalibrationCache
  private readonly powercapRoot: string

  constructor(private readonly options: DbnEstimatorOptions) {
    this.cache = new DbnCalibrationCache(machineIdentity(APP_VERSION, options.kernels), options.cacheDir)
    this.powercapRoot = options.powercapRoot ?? POWERCAP_ROOT
  }

  /**
   * FLOPs, the layer model and (with the calibration of this stack, else the latest one) the calibrated
   * model, with the calibration's κ per RBM where it ran this very stack at this batch size.
   */
  estimate(request: DbnEstimateRequest): DbnEstimateReply {
    const key = dbnShapesKey(request.shape)
    const calibration = this.cache.get(key)
    const correction = dbnCorrectionFor(calibration, key, request.shape)
    const energy = { watts: request.watts, pue: request.pue, carbonGramsPerKwh: request.carbonGramsPerKwh }
    return { ...estimateDbnRun(request.shape, request.tOp, energy, calibration?.params ?? null, correction.factors), calibration, correction }
  }

  /** Runs the ≤ 3 s DBN benchmark on the stack of `request.shape`, caches and returns the calibration. */
  async calibrate(request: DbnCalibrateRequest): Promise<DbnCalibrationInfo> {
    const { shape, sampleRows } = request
    const runner = this.options.runCalibration ?? calibrateDbnHere
    const rapl0 = readRapl(this.powercapRoot)
    const t0 = performance.now()
    const { run, kernels } = await runner({ kind: 'dbn', shape, ...(sampleRows ? { sampleRows } : {}), kernels: this.options.kernels, budgetMs: this.options.budgetMs })
    const wall = (performance.now() - t0) / 1000
    const rapl1 = readRapl(this.powercapRoot)
    const { rms, ...params } = run.fit
    const info: DbnCalibrationInfo = {
      params,
      anchor: run.anchor,
      rms,
      points: run.points.map((p) => ({ part: p.part, shape: p.shape, rows: p.rows, steps: p.steps, seconds: p.seconds })),
      seconds: run.seconds,
      shapes: dbnShapesKey(shape),
      kernels,
      engineVersion: APP_VERSION,
      createdAt: new Date().toISOString(),
      measuredWatts: rapl0 && rapl1 && wall > 0 ? joulesBetween(rapl0, rapl1) / wall : null,
    }
    this.cache.put(info)
    return info
  }
}

/**
 * κ per RBM for an estimate: the calibration's own where it ran this very stack (`key`) at this batch size
 * (clamped to N), else all 1, with the reason.
 */
export function dbnCorrectionFor(calibration: DbnCalibrationInfo | null, key: string, shape: DbnRunShape): { factors: number[]; reason: string } {
  const ones = shape.layers.map(() => 1)
  const anchor = calibration?.anchor
  if (!calibration || !anchor) return { factors: ones, reason: 'no calibration of this stack' }
  if (calibration.shapes !== key) return { factors: ones, reason: `the calibration ran ${calibration.shapes}, not this stack` }
  const m = Math.min(Math.max(1, shape.batchSize), Math.max(1, shape.samples))
  if (anchor.batchSize !== m) return { factors: ones, reason: `the calibration ran batch ${anchor.batchSize}, not ${m}` }
  return { factors: shape.layers.map((_, i) => anchor.corrections[i] ?? 1), reason: `mean measured/modelled CD batch of each RBM at batch ${m}, timed in windows over the calibration` }
}

/** The benchmark in this thread (CLI, tests): blocks the event loop for its ≤ 3 s. */
const calibrateDbnHere: DbnCalibrationRunner = async (task) => {
  const kernels = await loadKernels(task.kernels)
  return { run: calibrateDbn({ shape: task.shape, sampleRows: task.sampleRows, kernels, budgetMs: task.budgetMs }), kernels: kernels.name }
}
