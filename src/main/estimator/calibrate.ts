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
 * twice: always split (`parallel.adaptive = false`: the app's trainer would also probe one thread now
 * and then, mixing both costs in one timing), and on one thread (`TrainerHost.threads = 1`), so that
 * the one-thread constants, which `fitFlopModel` fits from one-thread batches alone, see the whole
 * range of rows. The whole network trains on synthetic data of the user's N rows (up to
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
 *
 * Input density: the whole network's synthetic rows (and the input layer's alone) have the user's
 * fraction of nonzero inputs (`rowDensities`: a sample of the data's per-row densities, else
 * `inputDensity` for every row, else dense), so the input layer takes the engine's sparse products
 * exactly where the user's data would make it (src/engine/layers/dense.ts: ≤ 25 % nonzeros per batch).
 *
 * The anchor (src/main/estimator/calibration-anchor.ts): the trainer of the whole network at the
 * user's batch, as the app trains it (threads, density, N rows; for split batches each way, split
 * and on one thread), also runs `ANCHOR_WINDOWS` windows of
 * `ANCHOR_SHARE` of the budget in all, spread between the rounds' visits; its mean seconds per batch
 * over what the fitted model says for that batch is κ, the correction `flopModelTime` applies to
 * estimates of this configuration.
 */
import { batchFeatures, fitFlopModel, networkCost, type FlopModelFit, type TimedBatch } from '../../engine/cost'
import { Network } from '../../engine/network'
import { dataParallelOf } from '../../engine/parallel/replica'
import { Rng } from '../../engine/random'
import { Trainer, type TrainerHost } from '../../engine/trainer'
import type { Dataset, Kernels, NetworkSpec, OptimizerName, TrainSettings } from '../../engine/types'
import { median } from '../../engine/stats'
import { AnchorTimer, type CalibrationAnchor } from './calibration-anchor'
import { dataRows, densityProfile, syntheticData, usableRows, wholeBatches } from './calibration-data'
import { processCpuMs, threadCpuMs } from './cpu-time'
import { runTimedRounds, timeSteps } from './timed-rounds'

/** What to calibrate for. */
export interface CalibrateOptions {
  network: NetworkSpec
  /** The batch size the user will train with. */
  batchSize: number
  /** Training rows (batch sizes are clamped to it). */
  samples: number
  optimizer?: OptimizerName
  /** Fraction of nonzero input values of the user's data (default: the mean of `rowDensities`, else 1). */
  inputDensity?: number
  /** Per-row fractions of nonzero inputs of (a sample of) the user's rows: synthetic rows draw theirs from it. */
  rowDensities?: readonly number[]
  /**
   * Sample input rows of the user's data (each `network.inputs` long): when given, the whole network's
   * and the input layer's rows are drawn from them (scaled into [−1, 1]), so the zeros sit where the
   * data has them (the sparse products run faster on pixels' clustered nonzeros than on scattered ones).
   */
  sampleRows?: readonly ArrayLike<number>[]
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

export type { CalibrationAnchor } from './calibration-anchor'

/** The fit and the measurements it came from. */
export interface CalibrationRun {
  fit: FlopModelFit
  points: CalibrationPoint[]
  /** κ of the user's configuration, or null when the anchor could not run. */
  anchor: CalibrationAnchor | null
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
/** Untimed steps per shape at least, before its first timed run. */
const WARMUP_STEPS = 2
/**
 * Untimed batches per split shape at least (within `SPLIT_WARMUP_SHARE` of the budget): each split
 * trainer has a helper thread of its own, a fresh JavaScript isolate whose code runs slowly until V8
 * has optimised it. 784-256-128-10 at batch 256 took 7–16 ms per split batch for its first 30–50
 * batches, then 3–4 ms, 784-128-10 at batch 64 2.0 ms for its first 25, 1.4 ms for the next 25, then
 * 0.69 ms (one trainer after another in one process, 2026-11-22 02:40 UTC); the one-thread trainer
 * was at its speed from the second batch. The anchor's split trainer is warmed first.
 */
const SPLIT_WARMUP_STEPS = 80
/** Share of the budget the split shapes' warm-up may take in all, and of it the anchor's split trainer's at most. */
const SPLIT_WARMUP_SHARE = 0.25
const ANCHOR_WARMUP_SHARE = 0.6
/** Thread CPU time a shape's timed runs must add up to before it is trusted (schedstat advances per tick, ≤ 4 ms). */
const MIN_THREAD_MS = 80

/** One shape being measured: its trainer and the seconds per step of each round. */
interface Bench {
  spec: NetworkSpec
  rows: number
  weight: number
  /** ρ of its data. */
  density: number
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
  const skipsZeros = Boolean(options.kernels.sparseGemm && options.kernels.transpose)
  const profile = densityProfile(options)
  const templates = usableRows(options.sampleRows, spec.inputs)
  const rng = new Rng(20_26)
  const settings = (rows: number): TrainSettings => ({ optimizer, learningRate: 1e-4, batchSize: rows, epochs: 1_000_000, seed: 1 })
  const trainerOf = (s: NetworkSpec, data: Dataset, rows: number, host?: TrainerHost) =>
    new Trainer(Network.create(s, rng, options.kernels), { train: wholeBatches(data, rows) }, settings(rows), host)
  const benches: Bench[] = []
  // A shape as the app trains it; where that splits batches over two threads, also on one thread (so
  // the one-thread constants, R above all, are measured over the whole range of rows).
  // Split batches always split here (no A/B probing of one thread, which would mix the two costs in
  // one timing); the one-thread twin measures the other way.
  const add = (s: NetworkSpec, data: Dataset & { density: number }, rows: number, weight: number): Bench[] => {
    const app = trainerOf(s, data, rows, { now, parallel: { adaptive: false } })
    const density = data.density
    const bench: Bench = { spec: s, rows, weight, density, trainer: app, rounds: [], steps: 0, threadMs: 0 }
    benches.push(bench)
    if (app.threads !== 2) return [bench]
    const twin: Bench = { spec: s, rows, weight: 1, density, trainer: trainerOf(s, data, rows, { now, threads: 1 }), rounds: [], steps: 0, threadMs: 0 }
    benches.push(twin)
    return [bench, twin]
  }

  const batches = [...new Set([...STANDARD_BATCHES.map((m) => Math.min(m, maxRows)), userBatch])]
  const wholeData = syntheticData(spec, dataRows(spec, maxRows, Math.max(...batches), MAX_DATA_FLOATS), rng, profile, templates)
  let anchorBenches: Bench[] = []
  for (const rows of batches) {
    const added = add(spec, wholeData, rows, rows === userBatch ? 4 : 2)
    if (rows === userBatch) anchorBenches = added
  }
  if (spec.layers.length > 1) {
    let fanIn = spec.inputs
    spec.layers.forEach((layer, i) => {
      const single: NetworkSpec = { inputs: fanIn, layers: [layer], loss: i === spec.layers.length - 1 ? spec.loss : 'mse' }
      const rowsSet = [...new Set([1, Math.min(4, maxRows), userBatch])]
      // the input layer alone sees the user's inputs (their density), the others dense activations
      const data = syntheticData(single, dataRows(single, maxRows, Math.max(...rowsSet), MAX_LAYER_DATA_FLOATS), rng, i === 0 ? profile : null, i === 0 ? templates : null)
      for (const rows of rowsSet) add(single, data, rows, 1)
      fanIn = layer.units
    })
  }
  const anchorTimer = anchorBenches.length > 0 ? new AnchorTimer(anchorBenches.map((b) => b.trainer), spec, userBatch, anchorBenches[0].density, { now, cpuNow }) : null
  try {
    timeShapes(benches, anchorTimer, anchorBenches[0] ?? null, { started, budget, now, cpuNow, threadCpuNow })
    const points = benches.filter((b) => b.rounds.length > 0).map(
      (b): CalibrationPoint => ({
        shape: [b.spec.inputs, ...b.spec.layers.map((l) => l.units)].join('-'),
        rows: b.rows,
        steps: b.steps,
        seconds: secondsPerStep(b),
        weight: b.weight,
        features: batchFeatures(networkCost(b.spec), b.rows, optimizer, b.trainer.threads === 2, b.density, skipsZeros),
      }),
    )
    const threads = benches.some((b) => b.trainer.threads === 2) || dataParallelOf(options.kernels) ? 2 : 1
    const fit: FlopModelFit = { ...fitFlopModel(points, threads), skipsZeros }
    const anchor: CalibrationAnchor | null = anchorTimer?.result(fit, optimizer) ?? null
    return { fit, points, anchor, seconds: (now() - started) / 1000 }
  } finally {
    for (const b of benches) b.trainer.dispose()
  }
}

interface Clocks {
  started: number
  budget: number
  now: () => number
  cpuNow: () => number
  threadCpuNow: () => number | null
}

/**
 * The warm-up, then `ROUNDS` timed rounds over `benches` with the anchor's windows spread between
 * the visits: `ANCHOR_WINDOWS` windows sharing `ANCHOR_SHARE` of the budget, the visits the rest.
 */
function timeShapes(benches: Bench[], anchor: AnchorTimer | null, anchorBench: Bench | null, clocks: Clocks): void {
  const { started, budget, now, cpuNow, threadCpuNow } = clocks
  // Warm-up: every shape runs its code paths (JIT tiers, deoptimisations) before any timed run.
  const warmEnd = now() + Math.max(0, budget * WARMUP_SHARE - (now() - started))
  for (const [i, b] of benches.entries()) {
    const until = now() + Math.max(0, warmEnd - now()) / (benches.length - i)
    for (let n = 0; !b.trainer.done && (n < WARMUP_STEPS || now() < until); n++) b.trainer.step()
  }
  // the split shapes' helper threads until their code is optimised, as a training run's are after its first epoch
  const split = benches.filter((b) => b.trainer.threads === 2).sort((p, q) => Number(q === anchorBench) - Number(p === anchorBench))
  const splitEnd = now() + budget * SPLIT_WARMUP_SHARE
  for (const [i, b] of split.entries()) {
    const share = b === anchorBench ? ANCHOR_WARMUP_SHARE : 1 / (split.length - i)
    const until = now() + Math.max(0, splitEnd - now()) * share
    for (let n = 0; !b.trainer.done && n < SPLIT_WARMUP_STEPS && now() < until; n++) b.trainer.step()
  }
  const visit = (b: Bench, ms: number) => {
    if (!b.trainer.done) timeVisit(b, ms, now, cpuNow, threadCpuNow)
  }
  runTimedRounds(benches, visit, anchor ? (ms) => anchor.window(ms) : null, { now, started, budgetMs: budget })
}

/** One timed visit of a shape: an untimed step, then whole steps for `slice` ms; adds the round's seconds per step. */
function timeVisit(b: Bench, slice: number, now: () => number, cpuNow: () => number, threadCpuNow: () => number | null): void {
  b.trainer.step() // untimed: brings this network's weights back into the caches, as in continuous training
  if (b.trainer.done) return
  const threadStart = threadCpuNow()
  const t = timeSteps(() => void b.trainer.step(), slice, now, cpuNow, () => b.trainer.done)
  // A split batch's time is the wall time of two threads; a one-thread batch's the smaller of wall and process CPU time.
  const spent = b.trainer.threads === 2 ? t.wallMs : Math.min(t.wallMs, t.cpuMs)
  const threadEnd = threadCpuNow()
  b.threadMs = threadStart === null || threadEnd === null || b.threadMs === null ? null : b.threadMs + threadEnd - threadStart
  b.rounds.push(spent / 1000 / t.steps)
  b.steps += t.steps
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
