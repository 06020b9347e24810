/**
 * Fitting the FLOP time model t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r′·G/R + d·r′·E +
 * s·(g + h·P) (src/engine/cost/time-model.ts) to measured batch times by weighted least squares on
 * the relative error, Σ w·((x·θ − t)/t)², so that a 50 µs batch and a 50 ms batch weigh the same
 * (w: optional emphasis of a measurement, default 1).
 * Every constant is a time and must be ≥ 0: a coefficient that comes out negative is pinned to
 * 0 and the rest re-fitted (an active-set step of Lawson–Hanson NNLS, "Solving Least Squares
 * Problems", 1974, ch. 23), until all are ≥ 0.
 */
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

/** R is capped here when the data show no FLOP-dependent time at all (1/R pinned to 0). */
const MAX_FLOPS_PER_SECOND = 1e15

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
    flopsPerSecond: coef[GEMM] > 1 / MAX_FLOPS_PER_SECOND ? 1 / coef[GEMM] : MAX_FLOPS_PER_SECOND,
    perElement: coef[5],
    threads: threads ?? (split.length > 0 ? 2 : 1),
    perSplitBatch: coef[6],
    perSplitParameter: coef[7],
    rmsRelativeError: Math.sqrt(sq / timings.length),
  }
}

/** One equation of a fit: features x, the time they should add up to, the measured time it is relative to, its weight. */
interface Equation {
  x: number[]
  target: number
  seconds: number
  weight: number
}

/**
 * θ ≥ 0 minimising Σ w·((x·θ − target)/seconds)² over `n` features, by the active-set loop: solve on
 * the free coordinates, pin the most negative one to 0, repeat.
 */
function nnlsRelative(equations: readonly Equation[], n: number): number[] {
  const X = equations.map((e) => {
    const w = Math.sqrt(e.weight)
    return [...e.x.map((x) => (w * x) / e.seconds), (w * e.target) / e.seconds]
  })
  const scale = Array.from({ length: n }, (_, j) => Math.max(...X.map((r) => Math.abs(r[j]))) || 1)
  const Xs = X.map((r) => [...r.slice(0, n).map((x, j) => x / scale[j]), r[n]])
  const free = new Array<boolean>(n).fill(true)
  let theta = new Array<number>(n).fill(0)
  for (let pass = 0; pass < n; pass++) {
    theta = solveFree(Xs, free)
    let worst = -1
    for (let j = 0; j < n; j++) if (free[j] && theta[j] < 0 && (worst < 0 || theta[j] < theta[worst])) worst = j
    if (worst < 0) break
    free[worst] = false
  }
  return theta.map((v, j) => (free[j] ? Math.max(0, v) / scale[j] : 0))
}

/**
 * min ‖Xs·θ − y‖² over the free coordinates (the others 0), where each row of Xs ends with its
 * target y (√w), by the normal equations with a tiny ridge so that columns that do not vary in the
 * data (collinear with the constant) stay solvable.
 */
function solveFree(Xs: number[][], free: boolean[]): number[] {
  const idx = free.flatMap((f, j) => (f ? [j] : []))
  const k = idx.length
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0))
  for (const r of Xs) {
    const y = r[r.length - 1]
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) A[p][q] += r[idx[p]] * r[idx[q]]
      A[p][k] += r[idx[p]] * y
    }
  }
  const trace = A.reduce((s, r, p) => s + r[p], 0)
  for (let p = 0; p < k; p++) A[p][p] += 1e-12 * (trace || 1)
  const x = gaussSolve(A)
  const theta = new Array<number>(free.length).fill(0)
  idx.forEach((j, p) => (theta[j] = x[p]))
  return theta
}

/** Solves the augmented system [A | y] by Gaussian elimination with partial pivoting. */
function gaussSolve(A: number[][]): number[] {
  const k = A.length
  for (let c = 0; c < k; c++) {
    let pivot = c
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r][c]) > Math.abs(A[pivot][c])) pivot = r
    ;[A[c], A[pivot]] = [A[pivot], A[c]]
    const d = A[c][c] || 1e-300
    for (let r = c + 1; r < k; r++) {
      const f = A[r][c] / d
      for (let q = c; q <= k; q++) A[r][q] -= f * A[c][q]
    }
  }
  const x = new Array<number>(k).fill(0)
  for (let r = k - 1; r >= 0; r--) {
    let s = A[r][k]
    for (let q = r + 1; q < k; q++) s -= A[r][q] * x[q]
    x[r] = s / (A[r][r] || 1e-300)
  }
  return x
}
