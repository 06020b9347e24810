/**
 * Fitting the FLOP time model t_batch = a + b·L + c·P·(1 + cost(opt)) + r·G/R + d·r·E to measured
 * batch times by weighted least squares on the relative error, Σ w·((x·θ − t)/t)², so that a 50 µs
 * batch and a 50 ms batch weigh the same (w: optional emphasis of a measurement, default 1). Every constant is a time and must be ≥ 0: a coefficient that comes out negative is pinned to
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

function row(f: BatchFeatures): number[] {
  return [1, f.layers, f.parameterOps, f.gemmFlops, f.elementOps]
}

/** Least-squares constants of the FLOP model for `timings` (at least one measurement). */
export function fitFlopModel(timings: readonly TimedBatch[]): FlopModelFit {
  if (timings.length === 0) throw new Error('fitFlopModel: no measurements')
  const X = timings.map((t) => {
    const w = Math.sqrt(t.weight ?? 1)
    return [...row(t.features).map((x) => (w * x) / t.seconds), w]
  })
  const n = 5
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
  const coef = theta.map((v, j) => Math.max(0, v) / scale[j])
  let sq = 0
  for (const t of timings) {
    const r = row(t.features)
    const predicted = r.reduce((s, x, j) => s + x * coef[j], 0)
    sq += ((predicted - t.seconds) / t.seconds) ** 2
  }
  return {
    perBatch: coef[0],
    perLayer: coef[1],
    perParameter: coef[2],
    flopsPerSecond: coef[3] > 1 / MAX_FLOPS_PER_SECOND ? 1 / coef[3] : MAX_FLOPS_PER_SECOND,
    perElement: coef[4],
    rmsRelativeError: Math.sqrt(sq / timings.length),
  }
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
