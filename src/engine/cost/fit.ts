/**
 * Fitting the FLOP time model t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r′·G/R + d·r′·E +
 * s·(g + h·P) (src/engine/cost/time-model.ts) to measured batch times by weighted least squares on
 * the relative error, Σ w·((x·θ − t)/t)², so that a 50 µs batch and a 50 ms batch weigh the same
 * (w: optional emphasis of a measurement, default 1).
 * Every constant is a time and must be ≥ 0 (`nnlsRelative`, src/engine/cost/nnls.ts).
 */
import { nnlsRelative, rateOf } from './nnls'
import type { BatchFeatures } from './time-model'
import type { FlopModelParams } from './types'

/** One measured mini-batch time. */
export interface TimedBatch {
  features: BatchFeatures
  seconds: number
  /** Weight of this measurement in the fit (default 1). */
  weight?: number
}

/** The fitted constants and how well they explain the measurements. */
export interface FlopModelFit extends FlopModelParams {
  /** Root mean square of the relative errors (x·θ − t)/t over the measurements. */
  rmsRelativeError: number
}

/** The features in the order of θ = (a, b, c, f, 1/R, d, g, h). */
function row(f: BatchFeatures): number[] {
  return [1, f.layers, f.parameterOps, f.rows, f.gemmFlops, f.elementOps, f.splitBatches, f.splitParameters]
}
const GEMM = 4
/** The one-thread constants a…d (the first six of θ) and the two-thread ones g, h. */
const SOLO = 6
const ALL = 8

/**
 * Least-squares constants of the FLOP model for `timings` (at least one measurement). `threads`: whether
 * the trainers measured could split batches over two threads (default: 2 when some measured batch was split).
 *
 * Two stages when both kinds of batch were measured: a…d from the batches run on one thread, then g
 * and h from what the split batches took beyond a…d's prediction for their r′ rows. A split batch's
 * time depends on the helper thread getting the second core; on a busy machine it does not, and such
 * timings must not bend the one-thread constants. Without split batches, g and h come out 0.
 */
export function fitFlopModel(timings: readonly TimedBatch[], threads?: 1 | 2): FlopModelFit {
  if (timings.length === 0) throw new Error('fitFlopModel: no measurements')
  const solo = timings.filter((t) => t.features.splitBatches === 0)
  const split = timings.filter((t) => t.features.splitBatches > 0)
  let coef: number[]
  if (solo.length === 0 || split.length === 0) {
    coef = nnlsRelative(timings.map((t) => ({ x: row(t.features), target: t.seconds, seconds: t.seconds, weight: t.weight ?? 1 })), ALL)
  } else {
    const base = nnlsRelative(solo.map((t) => ({ x: row(t.features).slice(0, SOLO), target: t.seconds, seconds: t.seconds, weight: t.weight ?? 1 })), SOLO)
    const extra = nnlsRelative(
      split.map((t) => {
        const x = row(t.features)
        const predicted = x.slice(0, SOLO).reduce((s, v, j) => s + v * base[j], 0)
        return { x: x.slice(SOLO), target: t.seconds - predicted, seconds: t.seconds, weight: t.weight ?? 1 }
      }),
      ALL - SOLO,
    )
    coef = [...base, ...extra]
  }
  let sq = 0
  for (const t of timings) {
    const predicted = row(t.features).reduce((s, x, j) => s + x * coef[j], 0)
    sq += ((predicted - t.seconds) / t.seconds) ** 2
  }
  return {
    perBatch: coef[0],
    perLayer: coef[1],
    perParameter: coef[2],
    perRow: coef[3],
    flopsPerSecond: rateOf(coef[GEMM]),
    perElement: coef[5],
    threads: threads ?? (split.length > 0 ? 2 : 1),
    perSplitBatch: coef[6],
    perSplitParameter: coef[7],
    rmsRelativeError: Math.sqrt(sq / timings.length),
  }
}
