/**
 * Central-difference gradient checking in float64 (STYLE §20): ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h,
 * compared with the analytic gradient by the relative error |a − n| / max(|a| + |n|, ε).
 */

/** |a − n| / max(|a| + |n|, ε): 0 when both agree, near 1 when they are unrelated. */
export function relativeError(a: number, n: number, eps = 1e-10): number {
  return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), eps)
}

/** The numerical gradient of f at x (x is perturbed in place and restored). */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const old = x[i]
    x[i] = old + h
    const fp = f()
    x[i] = old - h
    const fm = f()
    x[i] = old
    g[i] = (fp - fm) / (2 * h)
  }
  return g
}

/** Result of a check: the worst relative error and where it occurred. */
export interface GradcheckResult {
  maxError: number
  index: number
  analytic: number
  numeric: number
}

/**
 * Compares `analytic` (∂f/∂x, computed by the code under test at the current x) with central
 * differences of f over every element of x.
 */
export function gradcheck(f: () => number, x: Float64Array, analytic: ArrayLike<number>, h = 1e-5): GradcheckResult {
  if (analytic.length !== x.length) throw new RangeError(`gradcheck: ${analytic.length} analytic values for ${x.length} inputs`)
  const a = Float64Array.from(analytic)
  const n = numericGradient(f, x, h)
  const worst: GradcheckResult = { maxError: 0, index: -1, analytic: 0, numeric: 0 }
  for (let i = 0; i < x.length; i++) {
    const e = relativeError(a[i], n[i])
    if (e > worst.maxError) Object.assign(worst, { maxError: e, index: i, analytic: a[i], numeric: n[i] })
  }
  return worst
}

/** Seeded uniform values in [lo, hi) (mulberry32, independent of the engine's Rng). */
export function uniform(length: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0
  const out = new Float64Array(length)
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296)
  }
  return out
}
