/**
 * The calibration micro-benchmark (SPEC §8): times real engine `Trainer` steps on the layer shapes in
 * question and fits t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r′·G/R + d·r′·E + s·(g + h·P) by
 * least squares (`fitFlopModel`, see `src/engine/cost/time-model.ts`).
 *
 * Same code path as training: the network and its `Trainer` are built exactly as the training worker
 * builds them (`Network.create` + `new Trainer(net, data, settings)`, see
 * src/main/training/run-job.ts), with the kernel set the worker loads (`loadKernels`, which also
 * decides the kernel threads), so the constants describe the configuration the app will train with:
 * where the engine splits a batch over two threads (data-parallel, `dataParallelPays` in
 * src/engine/parallel/replica.ts) the measured trainer does too, and that point's features say so
 * (r′ = ⌈r/2⌉ rows on the training thread, s = 1). The trainers' helper threads are ended at the end.
 *
 * Measured shapes, so that every constant is identifiable: the whole network at batch sizes spread
 * over 1…256 plus the user's batch (the rows vary → a + b·L + c·P against f + G/R + d·E), and each
 * weight layer alone as a one-layer network at batch 1, 4 and the user's batch (L, P, G and E vary →
 * the constants apart). A shape whose batches the app's trainer splits over two threads is measured
 * twice: as the app trains it, and on one thread (`TrainerHost.threads = 1`), so that the one-thread
 * constants, which `fitFlopModel` fits from one-thread batches alone, see the whole range of rows. The whole network trains on synthetic data of the user's N rows (up to
 * `MAX_DATA_FLOATS`), so the row gather and the shuffle touch as much memory as the real run.
 *
 * Timing, within `budgetMs` (default 2.5 s, data generation included): every shape first runs a few
 * untimed steps (JIT warm-up and deoptimisations happen there, not in a timed run), then
 * `ROUNDS` rounds visit every shape in turn, each visit a timed run of whole steps for an equal share
 * of the time left (after one untimed step that brings the network back into the caches); a shape's
 * seconds per step is the **median** of its rounds (interleaving the shapes means a busy moment of
 * the machine hits one round of every shape rather than all rounds of one). Rounds stop early (after
 * the first) once the budget is spent, which only happens on a busy machine.
 * A one-thread run's time is the smaller of its wall time and this process's CPU time: on a busy
 * machine the wall clock also counts the time other processes held the core, which is not the
 * engine's cost; a split run's time is its wall time (two threads). See `secondsPerStep` for the
 * thread's own CPU time.
 * The fit weighs the whole network at the user's batch 4×, at other batch sizes 2×, single layers 1×.
 */
import { existsSync, readFileSync } from 'node:fs'
import { batchFeatures, fitFlopModel, networkCost, type FlopModelFit, type TimedBatch } from '../../engine/cost'
import { Network } from '../../engine/network'
import { dataParallelOf } from '../../engine/parallel/replica'
import { Rng } from '../../engine/random'
import { Trainer, type TrainerHost } from '../../engine/trainer'
import type { Dataset, Kernels, NetworkSpec, OptimizerName, TrainSettings } from '../../engine/types'

/** What to calibrate for. */
export interface CalibrateOptions {
  network: NetworkSpec
  /** The batch size the user will train with. */
  batchSize: number
  /** Training rows (batch sizes are clamped to it). */
  samples: number
  optimizer?: OptimizerName
  kernels: Kernels
  /** Wall-time budget of the whole benchmark in ms (default 2500). */
  budgetMs?: number
  now?: () => number
  /** CPU time of this process in ms (default from `process.cpuUsage`). */
  cpuNow?: () => number
  /**
   * CPU time of this thread in ms, or null where unknown (default: Linux `/proc/thread-self/schedstat`,
   * which only advances at scheduler ticks, so it is summed over all of a shape's runs).
   */
  threadCpuNow?: () => number | null
}

/** One measured shape. */
export interface CalibrationPoint extends TimedBatch {
  /** Widths, e.g. "784-128-10". */
  shape: string
  rows: number
  /** Timed steps, over all rounds. */
  steps: number
}

/** The fit and the measurements it came from. */
export interface CalibrationRun {
  fit: FlopModelFit
  points: CalibrationPoint[]
  /** Wall time of the whole benchmark, in s. */
  seconds: number
}

const STANDARD_BATCHES = [1, 4, 16, 64, 256]
/** Floats of generated inputs and targets of the whole network's data set, at most (32 MB). */
const MAX_DATA_FLOATS = 8_000_000
/** Floats of generated data of a single layer's data set, at most (4 MB). */
const MAX_LAYER_DATA_FLOATS = 1_000_000
/** Share of the budget for the untimed warm-up steps of all shapes. */
const WARMUP_SHARE = 0.15
/** Timed runs per shape (the median is kept). */
const ROUNDS = 5
/** Untimed steps per shape at least, before its first timed run. */
const WARMUP_STEPS = 2
/** Thread CPU time a shape's timed runs must add up to before it is trusted (schedstat advances per tick, ≤ 4 ms). */
const MIN_THREAD_MS = 80

/** One shape being measured: its trainer and the seconds per step of each round. */
interface Bench {
  spec: NetworkSpec
  rows: number
  weight: number
  trainer: Trainer
  rounds: number[]
  steps: number
  /** This thread's CPU time over all timed runs, in ms (null where unknown). */
  threadMs: number | null
}

/** Times the engine on `options.network`'s shapes and fits the FLOP model. */
export function calibrate(options: CalibrateOptions): CalibrationRun {
  const now = options.now ?? (() => performance.now())
  const cpuNow = options.cpuNow ?? processCpuMs
  const threadCpuNow = options.threadCpuNow ?? threadCpuMs
  const started = now()
  const budget = options.budgetMs ?? 2500
  const optimizer = options.optimizer ?? 'sgd'
  const spec = options.network
  const maxRows = Math.max(1, Math.floor(options.samples))
  const userBatch = Math.min(Math.max(1, Math.floor(options.batchSize)), maxRows)
  const rng = new Rng(20_26)
  const settings = (rows: number): TrainSettings => ({ optimizer, learningRate: 1e-4, batchSize: rows, epochs: 1_000_000, seed: 1 })
  const trainerOf = (s: NetworkSpec, data: Dataset, rows: number, host?: TrainerHost) =>
    new Trainer(Network.create(s, rng, options.kernels), { train: wholeBatches(data, rows) }, settings(rows), host)
  const benches: Bench[] = []
  // A shape as the app trains it; where that splits batches over two threads, also on one thread (so
  // the one-thread constants, R above all, are measured over the whole range of rows).
  const add = (s: NetworkSpec, data: Dataset, rows: number, weight: number) => {
    const app = trainerOf(s, data, rows)
    benches.push({ spec: s, rows, weight, trainer: app, rounds: [], steps: 0, threadMs: 0 })
    if (app.threads === 2) benches.push({ spec: s, rows, weight: 1, trainer: trainerOf(s, data, rows, { now, threads: 1 }), rounds: [], steps: 0, threadMs: 0 })
  }

  const batches = [...new Set([...STANDARD_BATCHES.map((m) => Math.min(m, maxRows)), userBatch])]
  const wholeData = syntheticData(spec, dataRows(spec, maxRows, Math.max(...batches), MAX_DATA_FLOATS), rng)
  for (const rows of batches) add(spec, wholeData, rows, rows === userBatch ? 4 : 2)
  if (spec.layers.length > 1) {
    let fanIn = spec.inputs
    spec.layers.forEach((layer, i) => {
      const single: NetworkSpec = { inputs: fanIn, layers: [layer], loss: i === spec.layers.length - 1 ? spec.loss : 'mse' }
      const rowsSet = [...new Set([1, Math.min(4, maxRows), userBatch])]
      const data = syntheticData(single, dataRows(single, maxRows, Math.max(...rowsSet), MAX_LAYER_DATA_FLOATS), rng)
      for (const rows of rowsSet) add(single, data, rows, 1)
      fanIn = layer.units
    })
  }

  // Warm-up: every shape runs its code paths (JIT tiers, deoptimisations) before any timed run.
  const warmEnd = now() + Math.max(0, budget * WARMUP_SHARE - (now() - started))
  for (const [i, b] of benches.entries()) {
    const until = now() + Math.max(0, warmEnd - now()) / (benches.length - i)
    for (let n = 0; !b.trainer.done && (n < WARMUP_STEPS || now() < until); n++) b.trainer.step()
  }
  // Timed rounds, interleaved over the shapes.
  const visits = benches.length * ROUNDS
  let visit = 0
  for (let round = 0; round < ROUNDS; round++) {
    // A busy machine can use up the budget early: then the rounds so far are all there is (at least one).
    if (round > 0 && now() - started >= budget) break
    for (const b of benches) {
      const slice = Math.max(0, budget - (now() - started)) / (visits - visit)
      visit++
      if (b.trainer.done) continue
      b.trainer.step() // untimed: brings this network's weights back into the caches, as in continuous training
      if (b.trainer.done) continue
      const threadStart = threadCpuNow()
      const cpuStart = cpuNow()
      const start = now()
      let n = 0
      do {
        b.trainer.step()
        n++
      } while (now() - start < slice && !b.trainer.done)
      const wall = now() - start
      // A split batch's time is the wall time of two threads; a one-thread batch's the smaller of wall and process CPU time.
      const spent = b.trainer.threads === 2 ? wall : Math.min(wall, cpuNow() - cpuStart)
      const threadEnd = threadCpuNow()
      b.threadMs = threadStart === null || threadEnd === null || b.threadMs === null ? null : b.threadMs + threadEnd - threadStart
      b.rounds.push(spent / 1000 / n)
      b.steps += n
    }
  }
  const points = benches.filter((b) => b.rounds.length > 0).map(
    (b): CalibrationPoint => ({
      shape: [b.spec.inputs, ...b.spec.layers.map((l) => l.units)].join('-'),
      rows: b.rows,
      steps: b.steps,
      seconds: secondsPerStep(b),
      weight: b.weight,
      features: batchFeatures(networkCost(b.spec), b.rows, optimizer, b.trainer.threads === 2),
    }),
  )
  const threads = benches.some((b) => b.trainer.threads === 2) || dataParallelOf(options.kernels) ? 2 : 1
  for (const b of benches) b.trainer.dispose()
  return { fit: fitFlopModel(points, threads), points, seconds: (now() - started) / 1000 }
}

/**
 * Seconds per step of a shape: the median of its rounds; for a one-thread shape no more than its thread's
 * CPU time over all rounds per step, when that sum spans enough scheduler ticks (≥ `MIN_THREAD_MS`) to
 * be accurate. On a busy machine the process's CPU time of a round also counts other threads (a
 * data-parallel helper starting up), which the thread's own time does not.
 */
function secondsPerStep(b: Bench): number {
  const perRound = median(b.rounds)
  if (b.trainer.threads === 2 || b.threadMs === null || b.threadMs < MIN_THREAD_MS) return perRound
  return Math.min(perRound, b.threadMs / 1000 / b.steps)
}

/** Rows of a synthetic data set: the user's N, at least one batch of `batch`, at most `maxFloats` floats. */
function dataRows(spec: NetworkSpec, samples: number, batch: number, maxFloats: number): number {
  const width = spec.inputs + spec.layers[spec.layers.length - 1].units
  return Math.max(batch, Math.min(samples, Math.floor(maxFloats / width)))
}

/** The first ⌊rows/m⌋·m rows of `data` (same arrays), so that every epoch ends on a whole batch of m. */
function wholeBatches(data: Dataset, m: number): Dataset {
  return { ...data, rows: Math.floor(data.rows / m) * m }
}

/** Random inputs and targets of `n` rows that suit the loss. */
function syntheticData(spec: NetworkSpec, n: number, rng: Rng): Dataset {
  const outputs = spec.layers[spec.layers.length - 1].units
  const x = new Float32Array(n * spec.inputs)
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1
  const y = new Float32Array(n * outputs)
  for (let r = 0; r < n; r++) {
    if (spec.loss === 'cce') y[r * outputs + rng.int(outputs)] = 1
    else for (let j = 0; j < outputs; j++) y[r * outputs + j] = spec.loss === 'bce' ? (rng.next() < 0.5 ? 0 : 1) : rng.next()
  }
  return { rows: n, inputs: spec.inputs, outputs, x, y }
}

/** Median of a non-empty list (NaN when empty: a shape that never ran). */
function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((p, q) => p - q)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** User + system CPU time of this process, in ms. */
function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * CPU time of the calling thread in ms from Linux's `/proc/thread-self/schedstat` (first field: ns on a
 * CPU; it advances at scheduler ticks, so only sums over many runs are accurate), or null elsewhere.
 */
function threadCpuMs(): number | null {
  if (!schedstat) return null
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6
  } catch {
    schedstat = false
    return null
  }
}
const SCHEDSTAT = '/proc/thread-self/schedstat'
let schedstat = process.platform === 'linux' && existsSync(SCHEDSTAT)
