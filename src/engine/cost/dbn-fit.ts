/**
 * Fitting the DBN time model (src/engine/cost/dbn-time.ts) to measured times: each part — CD-k
 * batches (a, f, c, 1/R, d), passes over whole sets (u, 1/R_ev, d_ev), fine-tuning batches
 * (a_ft, 1/R_ft) — by its own least squares on the relative error Σ w·((x·θ − t)/t)², so a 50 µs batch
 * and a 50 ms one weigh the same. Every constant is a time and must be ≥ 0: the most negative
 * coefficient is pinned to 0 and the rest re-fitted until all are ≥ 0 (the active-set step of
 * Lawson–Hanson NNLS, "Solving Least Squares Problems", 1974, ch. 23).
 */
import type { DbnTimeParams } from './dbn-types'

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

/** A rate is capped here when the data show no FLOP-dependent time (1/R pinned to 0). */
const MAX_FLOPS_PER_SECOND = 1e15

/** θ ≥ 0 minimising Σ w·((x·θ − t)/t)² over the timings, and the rms relative error. */
export function fitNonNegative(timings: readonly DbnTiming[]): { theta: number[]; rms: number } {
  if (timings.length === 0) throw new Error('fitNonNegative: no measurements')
  const n = timings[0].features.length
  const rows = timings.map((t) => {
    const w = Math.sqrt(t.weight ?? 1)
    return { x: t.features.map((x) => (w * x) / t.seconds), y: w }
  })
  // columns scaled to a unit maximum so the normal equations are well conditioned
  const scale = Array.from({ length: n }, (_, j) => Math.max(...rows.map((r) => Math.abs(r.x[j]))) || 1)
  const free = new Array<boolean>(n).fill(true)
  let theta = new Array<number>(n).fill(0)
  for (let pass = 0; pass < n; pass++) {
    theta = solveFree(rows, scale, free)
    let worst = -1
    for (let j = 0; j < n; j++) if (free[j] && theta[j] < 0 && (worst < 0 || theta[j] < theta[worst])) worst = j
    if (worst < 0) break
    free[worst] = false
  }
  theta = theta.map((v, j) => (free[j] ? Math.max(0, v) / scale[j] : 0))
  let sq = 0
  for (const t of timings) sq += ((t.features.reduce((s, x, j) => s + x * theta[j], 0) - t.seconds) / t.seconds) ** 2
  return { theta, rms: Math.sqrt(sq / timings.length) }
}

/** The DBN model's constants from measured CD-k batches, passes and (optionally) fine-tuning batches. */
export function fitDbnTimeModel(timings: readonly DbnTiming[], skipsZeros: boolean): DbnTimeFit {
  const part = (p: DbnTiming['part']) => timings.filter((t) => t.part === p)
  const rate = (inverse: number) => (inverse > 1 / MAX_FLOPS_PER_SECOND ? 1 / inverse : MAX_FLOPS_PER_SECOND)
  const cd = fitNonNegative(part('cd'))
  const ev = part('eval').length > 0 ? fitNonNegative(part('eval')) : null
  const ft = part('fineTune').length > 0 ? fitNonNegative(part('fineTune')) : null
  const [a, f, c, invR, d] = cd.theta
  return {
    cd: { perBatch: a, perRow: f, perUpdateFlop: c, flopsPerSecond: rate(invR), perElement: d },
    // without measured passes, they run at the CD products' rate
    eval: ev ? { perRow: ev.theta[0], flopsPerSecond: rate(ev.theta[1]), perElement: ev.theta[2] } : { perRow: f, flopsPerSecond: rate(invR), perElement: d },
    fineTune: ft ? { perBatch: ft.theta[0], perUpdateFlop: ft.theta[1], flopsPerSecond: rate(ft.theta[2]) } : null,
    skipsZeros,
    rms: { cd: cd.rms, eval: ev?.rms ?? null, fineTune: ft?.rms ?? null },
  }
}

/** min ‖X·θ − y‖² over the free (scaled) coordinates, the others 0, by the normal equations with a tiny ridge. */
function solveFree(rows: readonly { x: number[]; y: number }[], scale: readonly number[], free: readonly boolean[]): number[] {
  const idx = free.flatMap((f, j) => (f ? [j] : []))
  const k = idx.length
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0))
  for (const r of rows) {
    for (let p = 0; p < k; p++) {
      const xp = r.x[idx[p]] / scale[idx[p]]
      for (let q = 0; q < k; q++) A[p][q] += xp * (r.x[idx[q]] / scale[idx[q]])
      A[p][k] += xp * r.y
    }
  }
  const trace = A.reduce((s, row, p) => s + row[p], 0)
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
