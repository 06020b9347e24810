/**
 * Series helpers for live charts: TensorBoard's debiased exponential moving average, and
 * Largest-Triangle-Three-Buckets downsampling so 100,000 batch points draw as a few thousand.
 */

/**
 * TensorBoard-style smoothing: sₜ = w·sₜ₋₁ + (1 − w)·vₜ with s₀ = 0, divided by the debias factor
 * 1 − wⁿ (n = finite values so far), so the curve does not start at 0. Non-finite values pass through.
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(values.length)
  let last = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) {
      out[i] = v
      continue
    }
    last = last * weight + (1 - weight) * v
    n++
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, n)
    out[i] = debias === 0 ? v : last / debias
  }
  return out
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
