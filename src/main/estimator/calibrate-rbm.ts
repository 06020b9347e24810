/**
 * The DBN calibration micro-benchmark (SPEC §8, issue 8): times the code the app's DBN job runs
 * (src/main/training/dbn-job.ts → `DbnPipeline` → `RbmTrainer` / `FineTuneTrainer`, with the kernels
 * the training worker loads) on the user's RBM shapes, and fits the DBN time model of
 * src/engine/cost/dbn-time.ts by least squares (`fitDbnTimeModel`).
 *
 * Measured, within `budgetMs` (default 2.5 s, data generation included):
 * - CD-k steps: a real `RbmTrainer` per RBM of the stack (its sizes, CD-k, PCD, visible units) at batch
 *   sizes 1, 8, 64 and the user's m, on N synthetic rows (at most `MAX_DATA_FLOATS`) like the user's: the
 *   first RBM's at the data's input density (pixel-like values in (0.05, 1], exact zeros elsewhere),
 *   the upper RBMs' dense probabilities in (0, 1), as the job feeds them. `monitorRows: 1`: the
 *   per-epoch monitors are timed on their own, not inside a CD step;
 * - the passes over whole sets: the up pass `hiddenProbsAll` that makes the next RBM's data, and the
 *   monitors (`reconstructionError`, `pseudoLogLikelihood`, `freeEnergies`) per RBM;
 * - with fine-tuning, `FineTuneTrainer` steps of the unrolled autoencoder (or the classifier) at batch
 *   sizes 1, 8 and m.
 * Timing as for networks (src/main/estimator/calibrate.ts): untimed warm-up steps of every shape first,
 * then `ROUNDS` interleaved rounds over the shapes, each visit one untimed step and a timed run of
 * whole steps for an equal share of the time left; a shape's seconds per step is the median of its
 * rounds, each round the smaller of its wall time and this process's CPU time (on a busy machine the
 * wall clock also counts the time other processes held the core).
 * The fit weighs the user's batch size 4×, the other CD and fine-tuning batches 2×, the passes 1×.
 * The anchor (src/main/estimator/dbn-calibration-anchor.ts): each RBM's trainer at the user's batch m
 * also runs `ANCHOR_WINDOWS` windows of `ANCHOR_SHARE` of the budget in all, spread between the rounds'
 * visits; κ of an RBM = its mean seconds per batch over the windows (Σ seconds / Σ batches) over the
 * fitted model's, within [1/2, 2]. The budget splits 15 % warm-up, 30 % anchor, the rest the rounds.
 */
import {
  cdBatchFeatures,
  cdBatchSeconds,
  dbnRbms,
  evalFeatures,
  fineTuneBatchFeatures,
  fineTuneNetwork,
  fitDbnTimeModel,
  type DbnRbmShape,
  type DbnRunShape,
  type DbnTimeFit,
  type DbnTiming,
} from '../../engine/cost'
import { Rng } from '../../engine/random'
import { Dbn, FineTuneTrainer, RbmTrainer, buildClassifier, freeEnergies, hiddenProbsAll, oneHot, pseudoLogLikelihood, reconstructionError, unroll } from '../../engine/rbm'
import type { Matrix, Rbm } from '../../engine/rbm'
import type { Kernels } from '../../engine/types'
import { median } from '../../engine/stats'
import { runTimedRounds, timeSteps } from './timed-rounds'
import { processCpuMs } from './cpu-time'
import { usableRows } from './calibration-data'
import { DbnAnchorTimer, type DbnCalibrationAnchor } from './dbn-calibration-anchor'

export { MAX_CORRECTION, type DbnCalibrationAnchor } from './dbn-calibration-anchor'

/** What to calibrate for: the run's stack and data (epochs are not needed). */
export interface DbnCalibrateOptions {
  shape: DbnRunShape
  /**
   * Sample rows of the user's data (each `shape.inputs` long): the first RBM's rows are drawn from them, so
   * the zeros sit where the data has them (the sparse products run faster on pixels' clustered nonzeros
   * than on scattered ones). Without them, rows at the data's density.
   */
  sampleRows?: readonly ArrayLike<number>[]
  kernels: Kernels
  /** Wall-time budget of the whole benchmark in ms (default 2500). */
  budgetMs?: number
  now?: () => number
  /** CPU time of this process in ms (default from `process.cpuUsage`). */
  cpuNow?: () => number
}

/** One measured shape. */
export interface DbnCalibrationPoint extends DbnTiming {
  /** e.g. "784-256 CD-1", "784-256 propagate", "784-256-64-256-784 fine-tune". */
  shape: string
  rows: number
  /** Timed steps, over all rounds. */
  steps: number
}

/** The fit and the measurements it came from. */
export interface DbnCalibrationRun {
  fit: DbnTimeFit
  points: DbnCalibrationPoint[]
  anchor: DbnCalibrationAnchor
  /** Wall time of the whole benchmark, in s. */
  seconds: number
}

const CD_BATCHES = [1, 8, 64]
const FINE_TUNE_BATCHES = [1, 8]
/** Floats of each RBM's synthetic data set, at most (16 MB). */
const MAX_DATA_FLOATS = 4_000_000
/** Rows of the timed up pass and of the timed monitors. */
const PROPAGATE_ROWS = 256
const MONITOR_ROWS = 100
const WARMUP_SHARE = 0.15
const WARMUP_STEPS = 2

/** One shape being measured: a step to time and its rounds. */
interface Bench {
  point: Omit<DbnCalibrationPoint, 'seconds' | 'steps'>
  step: () => void
  rounds: number[]
  steps: number
}

/** Times the app's RBM, propagation, monitor and fine-tuning code on `options.shape` and fits the DBN model. */
export function calibrateDbn(options: DbnCalibrateOptions): DbnCalibrationRun {
  const now = options.now ?? (() => performance.now())
  const cpuNow = options.cpuNow ?? processCpuMs
  const started = now()
  const budget = options.budgetMs ?? 2500
  const { shape, kernels } = options
  const N = Math.max(1, Math.floor(shape.samples))
  const userBatch = Math.min(Math.max(1, Math.floor(shape.batchSize)), N)
  const skipsZeros = Boolean(kernels.sparseGemm)
  const rng = new Rng(20_26)
  const rbms = dbnRbms(shape)
  const benches: Bench[] = []
  const batches = [...new Set([...CD_BATCHES.map((m) => Math.min(m, N)), userBatch])]
  const trained: Rbm[] = []
  /** Per RBM: a CD-k step at the user's batch, the anchor's. */
  const anchorSteps: (() => void)[] = []
  const templates = usableRows(options.sampleRows, shape.inputs)

  rbms.forEach((r, i) => {
    const data = rbmData(r, dataRows(r.visible, N, Math.max(...batches)), i === 0 && shape.visible === 'gaussian', rng, i === 0 ? templates : null)
    const name = `${r.visible}-${r.hidden}`
    for (const rows of batches) {
      const trainer = new RbmTrainer(
        kernels,
        data,
        { hidden: r.hidden, visible: i === 0 ? (shape.visible ?? 'bernoulli') : 'bernoulli', epochs: 1_000_000, batchSize: rows, k: r.k, persistent: r.persistent, monitorRows: 1 },
        rng,
      )
      if (rows === userBatch) {
        trained.push(trainer.rbm)
        anchorSteps.push(() => void trainer.step())
      }
      benches.push({
        point: { part: 'cd', shape: cdName(r), rows, features: cdBatchFeatures(r, rows, skipsZeros), weight: rows === userBatch ? 4 : 2 },
        step: () => void trainer.step(),
        rounds: [],
        steps: 0,
      })
    }
    const rbm = trained[i]
    const propagateRows = Math.min(PROPAGATE_ROWS, data.rows)
    benches.push({
      point: { part: 'eval', shape: `${name} propagate`, rows: propagateRows, features: evalFeatures('propagate', r, propagateRows) },
      step: () => void hiddenProbsAll(rbm, data.data, propagateRows),
      rounds: [],
      steps: 0,
    })
    const monitorRows = Math.min(MONITOR_ROWS, data.rows)
    const monitorData = data.data.subarray(0, monitorRows * data.cols)
    benches.push({
      point: { part: 'eval', shape: `${name} monitors`, rows: monitorRows, features: evalFeatures('monitor', r, monitorRows, 0) },
      step: () => {
        reconstructionError(rbm, monitorData, monitorRows)
        if (r.bernoulli) pseudoLogLikelihood(rbm, monitorData, monitorRows, rng)
        freeEnergies(rbm, monitorData, monitorRows)
      },
      rounds: [],
      steps: 0,
    })
  })
  addFineTuning(benches, shape, trained, kernels, N, userBatch, rng, templates)

  const anchorTimer = new DbnAnchorTimer(anchorSteps, userBatch, { now, cpuNow })
  const warmEnd = now() + Math.max(0, budget * WARMUP_SHARE - (now() - started))
  for (const [i, b] of benches.entries()) {
    const until = now() + Math.max(0, warmEnd - now()) / (benches.length - i)
    for (let n = 0; n < WARMUP_STEPS || now() < until; n++) b.step()
  }
  // one timed visit: an untimed step (this shape's buffers back into the caches), then whole steps for `ms`
  const visit = (b: Bench, ms: number) => {
    b.step()
    const t = timeSteps(b.step, ms, now, cpuNow)
    b.rounds.push(Math.min(t.wallMs, t.cpuMs) / 1000 / t.steps)
    b.steps += t.steps
  }
  runTimedRounds(benches, visit, (ms) => anchorTimer.window(ms), { now, started, budgetMs: budget })
  const points = benches.filter((b) => b.rounds.length > 0).map((b): DbnCalibrationPoint => ({ ...b.point, seconds: median(b.rounds), steps: b.steps }))
  const fit = fitDbnTimeModel(points, skipsZeros)
  const anchor = anchorTimer.result(rbms.map((r) => cdBatchSeconds(fit, r, userBatch)))
  return { fit, points, anchor, seconds: (now() - started) / 1000 }
}

/** Fine-tuning steps of the unrolled stack (autoencoder or classifier) at batch sizes 1, 8 and m. */
function addFineTuning(benches: Bench[], shape: DbnRunShape, rbms: Rbm[], kernels: Kernels, N: number, userBatch: number, rng: Rng, templates: Float32Array[] | null): void {
  const net = fineTuneNetwork({ ...shape, fineTuneEpochs: 1 })
  if (!net || rbms.length === 0) return
  const stack = new Dbn(rbms)
  const rows = dataRows(shape.inputs + net.layers[net.layers.length - 1].units, N, userBatch)
  const inputs = rbmData(dbnRbms(shape)[0], rows, shape.visible === 'gaussian', rng, templates)
  const classes = net.layers[net.layers.length - 1].units
  const targets: Matrix = shape.fineTune === 'classifier' ? { rows, cols: classes, data: oneHot(Int32Array.from({ length: rows }, () => rng.int(classes)), classes) } : inputs
  const name = `${[net.inputs, ...net.layers.map((l) => l.units)].join('-')} fine-tune`
  for (const m of [...new Set([...FINE_TUNE_BATCHES.map((b) => Math.min(b, N)), userBatch])]) {
    const model = shape.fineTune === 'classifier' ? buildClassifier(stack, classes, rng, kernels).net : unroll(stack, kernels).net
    const trainer = new FineTuneTrainer(kernels, model, { inputs, targets }, { epochs: 1_000_000, batchSize: m }, rng)
    benches.push({
      point: { part: 'fineTune', shape: name, rows: m, features: fineTuneBatchFeatures(net, m), weight: m === userBatch ? 4 : 2 },
      step: () => void trainer.step(),
      rounds: [],
      steps: 0,
    })
  }
}

/** The name of an RBM's CD-k timings, e.g. "784-256 CD-1". */
function cdName(r: DbnRbmShape): string {
  return `${r.visible}-${r.hidden} ${r.persistent ? 'PCD' : 'CD'}-${r.k}`
}

/** Rows of a synthetic set: the user's N, at least one batch, at most `MAX_DATA_FLOATS` floats. */
function dataRows(width: number, samples: number, batch: number): number {
  return Math.max(batch, Math.min(samples, Math.floor(MAX_DATA_FLOATS / width)))
}

/**
 * Synthetic data of one RBM: rows drawn from the user's sample rows (`templates`) where given; else
 * Gaussian N(0, 1) for a Gaussian first RBM, or values in (0.05, 1] at each visible unit with probability
 * ρ (its data's density) and exact zeros elsewhere, like pixels; dense probabilities in (0, 1) above the first RBM.
 */
function rbmData(r: DbnRbmShape, rows: number, gaussian: boolean, rng: Rng, templates: Float32Array[] | null = null): Matrix {
  const data = new Float32Array(rows * r.visible)
  if (templates && templates.length > 0) {
    for (let row = 0; row < rows; row++) data.set(templates[rng.int(templates.length)], row * r.visible)
    return { rows, cols: r.visible, data }
  }
  for (let i = 0; i < data.length; i++) {
    if (gaussian) data[i] = rng.normal()
    else if (r.density >= 1) data[i] = rng.next()
    else if (rng.next() < r.density) data[i] = 0.05 + 0.95 * rng.next()
  }
  return { rows, cols: r.visible, data }
}
