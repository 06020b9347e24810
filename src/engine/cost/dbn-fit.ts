/**
 * Fitting the DBN time model (src/engine/cost/dbn-time.ts) to measured times: each part — CD-k
 * batches (a, f, c, 1/R, d), passes over whole sets (u, 1/R_ev, d_ev), fine-tuning batches
 * (a_ft, 1/R_ft) — by its own least squares on the relative error Σ w·((x·θ − t)/t)², so a 50 µs batch
 * and a 50 ms one weigh the same. Every constant is a time and must be ≥ 0 (`nnlsRelative`,
 * src/engine/cost/nnls.ts).
 */
import type { DbnTimeParams } from './dbn-types'
import { nnlsRelative, rateOf } from './nnls'

/** One measured time of one part of the model, with its features in that part's θ order. */
export interface DbnTiming {
  part: 'cd' | 'eval' | 'fineTune'
  features: number[]
  seconds: number
  /** Weight in the fit (default 1). */
  weight?: number
}

/** The fitted constants and the rms relative error of each part's fit (null: no measurement). */
export interface DbnTimeFit extends DbnTimeParams {
  rms: { cd: number; eval: number | null; fineTune: number | null }
}

/** θ ≥ 0 minimising Σ w·((x·θ − t)/t)² over the timings, and the rms relative error. */
export function fitNonNegative(timings: readonly DbnTiming[]): { theta: number[]; rms: number } {
  if (timings.length === 0) throw new Error('fitNonNegative: no measurements')
  const theta = nnlsRelative(
    timings.map((t) => ({ x: t.features, target: t.seconds, seconds: t.seconds, weight: t.weight ?? 1 })),
    timings[0].features.length,
  )
  let sq = 0
  for (const t of timings) sq += ((t.features.reduce((s, x, j) => s + x * theta[j], 0) - t.seconds) / t.seconds) ** 2
  return { theta, rms: Math.sqrt(sq / timings.length) }
}

/** The DBN model's constants from measured CD-k batches, passes and (optionally) fine-tuning batches. */
export function fitDbnTimeModel(timings: readonly DbnTiming[], skipsZeros: boolean): DbnTimeFit {
  const part = (p: DbnTiming['part']) => timings.filter((t) => t.part === p)
  const cd = fitNonNegative(part('cd'))
  const ev = part('eval').length > 0 ? fitNonNegative(part('eval')) : null
  const ft = part('fineTune').length > 0 ? fitNonNegative(part('fineTune')) : null
  const [a, f, c, invR, d] = cd.theta
  return {
    cd: { perBatch: a, perRow: f, perUpdateFlop: c, flopsPerSecond: rateOf(invR), perElement: d },
    // without measured passes, they run at the CD products' rate
    eval: ev ? { perRow: ev.theta[0], flopsPerSecond: rateOf(ev.theta[1]), perElement: ev.theta[2] } : { perRow: f, flopsPerSecond: rateOf(invR), perElement: d },
    fineTune: ft ? { perBatch: ft.theta[0], perUpdateFlop: ft.theta[1], flopsPerSecond: rateOf(ft.theta[2]) } : null,
    skipsZeros,
    rms: { cd: cd.rms, eval: ev?.rms ?? null, fineTune: ft?.rms ?? null },
  }
}
