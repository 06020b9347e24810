/**
 * Non-negative least squares on the relative error, shared by the FLOP model's fit (fit.ts) and the
 * DBN model's (dbn-fit.ts): θ ≥ 0 minimising Σ w·((x·θ − target)/seconds)², so a 50 µs batch and a
 * 50 ms one weigh the same. Every constant is a time and must be ≥ 0: the most negative coefficient is
 * pinned to 0 and the rest re-fitted until all are ≥ 0 (the active-set step of Lawson–Hanson NNLS,
 * "Solving Least Squares Problems", 1974, ch. 23). Columns are scaled to a unit maximum so that the
 * normal equations are well conditioned.
 */

/** One equation of a fit: features x, the time they should add up to, the measured time it is relative to, its weight. */
/** A fitted rate is capped here when the data show no time that grows with it (its inverse pinned to 0). */
const MAX_FLOPS_PER_SECOND = 1e15

/** The rate R from a fitted 1/R, capped at `MAX_FLOPS_PER_SECOND`. */
export function rateOf(inverse: number): number {
  return inverse > 1 / MAX_FLOPS_PER_SECOND ? 1 / inverse : MAX_FLOPS_PER_SECOND
}

export interface Equation {
  x: number[]
  target: number
  seconds: number
  weight: number
}

/**
 * θ ≥ 0 minimising Σ w·((x·θ − target)/seconds)² over `n` features, by the active-set loop: solve on
 * the free coordinates, pin the most negative one to 0, repeat.
 */
export function nnlsRelative(equations: readonly Equation[], n: number): number[] {
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
