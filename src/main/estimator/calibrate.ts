/**
 * The calibration micro-benchmark (SPEC §8): times real engine `Trainer` steps on the layer shapes in
 * question and fits t_batch = a + b·L + c·P·(1 + cost(opt)) + r·G/R + d·r·E by least squares
 * (`fitFlopModel`, see `src/engine/cost/time-model.ts`).
 *
 * Measured shapes, so that every constant is identifiable: the whole network at batch sizes spread
 * over 1…256 plus the user's batch (the rows vary → R against the rest), and each weight layer alone
 * as a one-layer network at batch 1 and the user's batch (L and P vary → a, b and c apart).
 * The whole benchmark stays within `budgetMs` (default 2.5 s): a short warm-up for the JIT, then an
 * equal share of the time left per shape, each the median of three timed runs of whole steps.
 * A run's time is the smaller of its wall time and this process's CPU time: on a busy machine the
 * wall clock also counts the time other processes held the core, which is not the engine's cost.
 * The fit weighs the whole network at the user's batch 4×, at other batch sizes 2×, single layers 1×.
 */
import { batchFeatures, fitFlopModel, networkCost, type FlopModelFit, type TimedBatch } from '../../engine/cost'
import { Network } from '../../engine/network'
import { Rng } from '../../engine/random'
import { Trainer } from '../../engine/trainer'
import type { Dataset, Kernels, NetworkSpec, OptimizerName } from '../../engine/types'

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
}

/** One measured shape. */
export interface CalibrationPoint extends TimedBatch {
  /** Widths, e.g. "784-128-10". */
  shape: string
  rows: number
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
/** Floats of generated input per data set, at most (4 MB). */
const MAX_DATA_FLOATS = 1_000_000
const WARMUP_SHARE = 0.12

/** Times the engine on `options.network`'s shapes and fits the FLOP model. */
export function calibrate(options: CalibrateOptions): CalibrationRun {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const budget = options.budgetMs ?? 2500
  const optimizer = options.optimizer ?? 'sgd'
  const spec = options.network
  const maxRows = Math.max(1, Math.floor(options.samples))
  const userBatch = Math.min(Math.max(1, Math.floor(options.batchSize)), maxRows)
  const clampBatch = (m: number) => Math.min(m, maxRows)
  const plan: { spec: NetworkSpec; rows: number }[] = []
  for (const rows of new Set([...STANDARD_BATCHES.map(clampBatch), userBatch])) plan.push({ spec, rows })
  if (spec.layers.length > 1) {
    let fanIn = spec.inputs
    spec.layers.forEach((layer, i) => {
      const single: NetworkSpec = { inputs: fanIn, layers: [layer], loss: i === spec.layers.length - 1 ? spec.loss : 'mse' }
      for (const rows of new Set([1, userBatch])) plan.push({ spec: single, rows })
      fanIn = layer.units
    })
  }
  const rng = new Rng(20_26)
  const cpuNow = options.cpuNow ?? processCpuMs
  const bench = (s: NetworkSpec, rows: number, ms: number) => timeSteps(s, rows, ms, optimizer, options.kernels, rng, now, cpuNow)
  bench(spec, userBatch, budget * WARMUP_SHARE)
  const points = plan.map(({ spec: s, rows }, i): CalibrationPoint => {
    const slice = Math.max(0, budget - (now() - started)) / (plan.length - i)
    const { seconds, steps } = bench(s, rows, slice)
    const weight = s !== spec ? 1 : rows === userBatch ? 4 : 2
    return { shape: [s.inputs, ...s.layers.map((l) => l.units)].join('-'), rows, steps, seconds, weight, features: batchFeatures(networkCost(s), rows, optimizer) }
  })
  return { fit: fitFlopModel(points), points, seconds: (now() - started) / 1000 }
}

/** Random inputs and targets that suit the loss; rows are a multiple of `rows` so epochs end on whole batches. */
function syntheticData(spec: NetworkSpec, rows: number, rng: Rng): Dataset {
  const perBatch = rows * spec.inputs
  const batches = Math.max(1, Math.min(256, Math.floor(MAX_DATA_FLOATS / perBatch)))
  const n = rows * batches
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

/**
 * Seconds per `Trainer.step()` of `rows` rows: the median over three runs that each take about a
 * third of `ms` (at least one step each, after one untimed step that allocates and warms up); a
 * single run when one step already takes more than a third of `ms`.
 */
function timeSteps(
  spec: NetworkSpec,
  rows: number,
  ms: number,
  optimizer: OptimizerName,
  kernels: Kernels,
  rng: Rng,
  now: () => number,
  cpuNow: () => number,
): { seconds: number; steps: number } {
  const net = Network.create(spec, rng, kernels)
  const trainer = new Trainer(net, { train: syntheticData(spec, rows, rng) }, { optimizer, learningRate: 1e-4, batchSize: rows, epochs: 1_000_000, seed: 1 })
  const warm = now()
  trainer.step()
  const runCount = now() - warm > ms / 3 ? 1 : 3
  const runs: number[] = []
  let steps = 0
  for (let run = 0; run < runCount; run++) {
    const start = now()
    const cpuStart = cpuNow()
    let n = 0
    do {
      trainer.step()
      n++
    } while (now() - start < ms / runCount && !trainer.done)
    const spent = Math.min(now() - start, cpuNow() - cpuStart)
    runs.push(spent / 1000 / n)
    steps += n
  }
  runs.sort((p, q) => p - q)
  return { seconds: runs[runs.length >> 1], steps }
}

/** User + system CPU time of this process, in ms. */
function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
