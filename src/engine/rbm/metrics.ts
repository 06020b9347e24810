/**
 * Metrics of the DBN uses (SPEC §4): MSE and PSNR for denoising, per-row scores, percentile
 * thresholds, ROC curve and AUC for anomaly detection. Pure functions on arrays, float64 sums.
 */

/** Mean squared error per element: (1/n) Σ (a − b)². */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`mse: ${a.length} vs ${b.length} values`)
  if (a.length === 0) throw new Error('mse of no values')
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return s / a.length
}

/** PSNR = 10·log₁₀(peak² / MSE) in dB; Infinity when the MSE is 0. `peak` is the data range (1 for [0,1]). */
export function psnr(mseValue: number, peak = 1): number {
  return mseValue === 0 ? Infinity : 10 * Math.log10((peak * peak) / mseValue)
}

/** Per-row mean squared error between `x` and `y` `[rows×cols]` → `[rows]`. */
export function rowMse(x: ArrayLike<number>, y: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let s = 0
    for (let j = 0; j < cols; j++) s += (x[r * cols + j] - y[r * cols + j]) ** 2
    out[r] = s / cols
  }
  return out
}

/**
 * The p-th percentile (0–100) of `values`, with linear interpolation between closest ranks
 * (numpy's default): position (n − 1)·p/100 in the sorted values.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) throw new Error('percentile of no values')
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be in [0, 100], got ${p}`)
  const s = Float64Array.from(values).sort()
  const pos = ((s.length - 1) * p) / 100
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}

export interface RocCurve {
  /** False-positive and true-positive rates, from (0,0) to (1,1), one point per distinct threshold. */
  fpr: number[]
  tpr: number[]
  /** thresholds[i]: rows with score ≥ thresholds[i] are flagged at point i+1 (point 0 flags none). */
  thresholds: number[]
  auc: number
}

/**
 * ROC curve of "score is high ⇒ positive" (label 1 = anomaly). Tied scores form one point, so the
 * curve goes diagonally across ties and the AUC counts a tied positive/negative pair as ½ — equal to
 * the Mann–Whitney U / (P·N). AUC by the trapezoid rule.
 */
export function roc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): RocCurve {
  const n = scores.length
  if (labels.length !== n) throw new Error(`roc: ${n} scores, ${labels.length} labels`)
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a])
  let P = 0
  for (let i = 0; i < n; i++) if (labels[i]) P++
  const N = n - P
  if (P === 0 || N === 0) throw new Error(`ROC needs both classes; got ${P} positive and ${N} negative rows`)
  const fpr = [0]
  const tpr = [0]
  const thresholds: number[] = []
  let tp = 0
  let fp = 0
  let auc = 0
  for (let i = 0; i < n; ) {
    const s = scores[idx[i]]
    if (Number.isNaN(s)) throw new Error(`roc: score of row ${idx[i] + 1} is NaN`)
    while (i < n && scores[idx[i]] === s) {
      if (labels[idx[i]]) tp++
      else fp++
      i++
    }
    const x = fp / N
    const y = tp / P
    auc += ((x - fpr[fpr.length - 1]) * (y + tpr[tpr.length - 1])) / 2
    fpr.push(x)
    tpr.push(y)
    thresholds.push(s)
  }
  return { fpr, tpr, thresholds, auc }
}

/** Area under the ROC curve (ties count ½). */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  return roc(scores, labels).auc
}

/** Confusion matrix of "score ≥ threshold ⇒ anomaly" against labels (1 = anomaly). */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>, threshold: number): { tp: number; fp: number; tn: number; fn: number } {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 }
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i] >= threshold
    if (labels[i]) {
      if (flagged) c.tp++
      else c.fn++
    } else if (flagged) c.fp++
    else c.tn++
  }
  return c
}
