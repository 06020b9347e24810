/**
 * Series helpers for live charts: TensorBoard's debiased exponential moving average, and
 * downsampling so 100,000 batch points draw as about as many points as the chart has pixels:
 * min/max per bucket for raw values, bucket means for smoothed ones, LTTB for epoch series.
 */

/** Running state of the debiased EMA: the biased mean s and wⁿ (n = finite values so far). */
interface EmaState {
  last: number
  power: number
}

/** One EMA step: the smoothed value of `v` (non-finite values pass through and leave the state alone). */
function emaStep(state: EmaState, v: number, weight: number): number {
  if (!Number.isFinite(v)) return v
  state.last = state.last * weight + (1 - weight) * v
  // wⁿ as a running product (Math.pow per point cost as much as the rest of the loop).
  state.power *= weight
  const debias = weight === 1 ? 1 : 1 - state.power
  return debias === 0 ? v : state.last / debias
}

/**
 * TensorBoard-style smoothing: sₜ = w·sₜ₋₁ + (1 − w)·vₜ with s₀ = 0, divided by the debias factor
 * 1 − wⁿ (n = finite values so far), so the curve does not start at 0. Non-finite values pass through.
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): number[] {
  const state: EmaState = { last: 0, power: 1 }
  const out: number[] = []
  for (let i = 0; i < values.length; i++) out.push(emaStep(state, values[i]!, weight))
  return out
}

/**
 * `emaSmooth` for a series that grows at its end (a live run): each call smooths only the values
 * added since the previous one, so a chart refreshing 4 times a second over 100,000 batches does not
 * re-smooth them all each time. It starts over when the weight or the arrays change, or when the x
 * values seen so far changed (the store halved its history in place; x is strictly increasing).
 * Returns `emaSmooth(ys, weight)`; the array is reused and grown by later calls.
 */
export function incrementalEma(): (xs: ArrayLike<number>, ys: ArrayLike<number>, weight: number) => number[] {
  let keyX: ArrayLike<number> | null = null
  let keyY: ArrayLike<number> | null = null
  let keyWeight = Number.NaN
  let lastX = Number.NaN
  let state: EmaState = { last: 0, power: 1 }
  let out: number[] = []
  return (xs, ys, weight) => {
    const n = Math.min(xs.length, ys.length)
    const done = out.length
    if (xs !== keyX || ys !== keyY || weight !== keyWeight || done > n || (done > 0 && xs[done - 1] !== lastX)) {
      keyX = xs
      keyY = ys
      keyWeight = weight
      state = { last: 0, power: 1 }
      out = []
    }
    for (let i = out.length; i < n; i++) out.push(emaStep(state, ys[i]!, weight))
    lastX = n > 0 ? xs[n - 1]! : Number.NaN
    return out
  }
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling time series for visual
 * representation"): keeps the first and last point and, per bucket, the point forming the largest
 * triangle with the previous kept point and the next bucket's mean. Returns `[x, y]` pairs.
 */
export function lttb(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): [number, number][] {
  const n = Math.min(xs.length, ys.length)
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => [xs[i]!, ys[i]!])
  const out: [number, number][] = [[xs[0]!, ys[0]!]]
  const size = (n - 2) / (threshold - 2)
  let a = 0
  for (let b = 0; b < threshold - 2; b++) {
    const from = Math.floor(b * size) + 1
    const to = Math.min(Math.floor((b + 1) * size) + 1, n - 1)
    const nextFrom = to
    const nextTo = Math.min(Math.floor((b + 2) * size) + 1, n)
    let mx = 0
    let my = 0
    for (let i = nextFrom; i < nextTo; i++) {
      mx += xs[i]!
      my += ys[i]!
    }
    const count = Math.max(1, nextTo - nextFrom)
    mx /= count
    my /= count
    let best = from
    let bestArea = -1
    for (let i = from; i < to; i++) {
      const area = Math.abs((xs[a]! - mx) * (ys[i]! - ys[a]!) - (xs[a]! - xs[i]!) * (my - ys[a]!))
      if (area > bestArea) {
        bestArea = area
        best = i
      }
    }
    out.push([xs[best]!, ys[best]!])
    a = best
  }
  out.push([xs[n - 1]!, ys[n - 1]!])
  return out
}

/**
 * Downsamples to at most `buckets` points by averaging equal runs of consecutive points (x and y):
 * right for an already smoothed curve, where LTTB would pick the extremes of the residual wiggle.
 */
export function bucketMean(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): [number, number][] {
  const n = Math.min(xs.length, ys.length)
  if (n <= buckets) return Array.from({ length: n }, (_, i) => [xs[i]!, ys[i]!])
  const out: [number, number][] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets)
    const to = Math.floor(((b + 1) * n) / buckets)
    let sx = 0
    let sy = 0
    for (let i = from; i < to; i++) {
      sx += xs[i]!
      sy += ys[i]!
    }
    out.push([sx / (to - from), sy / (to - from)])
  }
  return out
}

/**
 * Downsamples to at most 2·`buckets` points: each bucket of consecutive points (≈ one pixel column
 * when `buckets` is the plot width and x is evenly spaced) keeps its lowest and its highest point,
 * in x order, so every spike and dip stays visible. Non-finite values are skipped. One pass, O(n).
 */
export function minMaxBuckets(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): [number, number][] {
  const n = Math.min(xs.length, ys.length)
  const out: [number, number][] = []
  if (n <= 2 * buckets) {
    for (let i = 0; i < n; i++) if (Number.isFinite(ys[i]!)) out.push([xs[i]!, ys[i]!])
    return out
  }
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets)
    const to = Math.floor(((b + 1) * n) / buckets)
    let lo = -1
    let hi = -1
    for (let i = from; i < to; i++) {
      const y = ys[i]!
      if (!Number.isFinite(y)) continue
      if (lo < 0 || y < ys[lo]!) lo = i
      if (hi < 0 || y > ys[hi]!) hi = i
    }
    if (lo < 0) continue
    const first = Math.min(lo, hi)
    const second = Math.max(lo, hi)
    out.push([xs[first]!, ys[first]!])
    if (second !== first) out.push([xs[second]!, ys[second]!])
  }
  return out
}
