/**
 * Evaluation metrics of SPEC §5. A confusion matrix C has rows = actual class and columns =
 * predicted class. A ratio whose denominator is 0 (a class never seen or never predicted) counts as 0,
 * like scikit-learn's `zero_division=0`.
 */
import type { ClassificationMetrics, RegressionMetrics } from './types'

/** The result shapes live in types.ts, so they can cross the worker and API boundary. */
export type { ClassificationMetrics, RegressionMetrics }

/** C[i][j] = number of rows of actual class i predicted as class j, `[classes×classes]`. */
export function confusionMatrix(actual: Int32Array, predicted: Int32Array, classes: number): number[][] {
  if (actual.length !== predicted.length) {
    throw new RangeError(`confusionMatrix: ${actual.length} actual classes but ${predicted.length} predictions`)
  }
  const cm = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  for (let r = 0; r < actual.length; r++) {
    const i = actual[r]
    const j = predicted[r]
    if (!(i >= 0 && i < classes && j >= 0 && j < classes)) {
      throw new RangeError(`confusionMatrix: row ${r} has class ${i} → ${j}, outside 0…${classes - 1}`)
    }
    cm[i][j]++
  }
  return cm
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)
const mean = (v: number[]): number => ratio(v.reduce((s, x) => s + x, 0), v.length)
const harmonic = (p: number, r: number): number => ratio(2 * p * r, p + r)

/** Metrics of a confusion matrix (rows = actual, columns = predicted). */
export function classificationMetrics(cm: number[][]): ClassificationMetrics {
  const k = cm.length
  if (cm.some((row) => row.length !== k)) throw new RangeError('classificationMetrics: the confusion matrix must be square')
  const support = cm.map((row) => row.reduce((s, x) => s + x, 0))
  const predictedTotals = cm[0] ? cm[0].map((_, j) => cm.reduce((s, row) => s + row[j], 0)) : []
  const total = support.reduce((s, x) => s + x, 0)
  let diagonal = 0
  for (let i = 0; i < k; i++) diagonal += cm[i][i]
  const recall = cm.map((row, i) => ratio(row[i], support[i]))
  const precision = cm.map((row, i) => ratio(row[i], predictedTotals[i]))
  const f1 = recall.map((r, i) => harmonic(precision[i], r))
  const macroPrecision = mean(precision)
  const macroRecall = mean(recall)
  const po = ratio(diagonal, total)
  let pe = 0
  for (let i = 0; i < k; i++) pe += ratio(support[i], total) * ratio(predictedTotals[i], total)
  return {
    total,
    support,
    overallAccuracy: po,
    classAccuracy: recall,
    averageAccuracy: macroRecall,
    recall,
    precision,
    f1,
    macroPrecision,
    macroRecall,
    f1OfMacroPR: harmonic(macroPrecision, macroRecall),
    macroF1: mean(f1),
    weightedF1: ratio(f1.reduce((s, f, i) => s + f * support[i], 0), total),
    kappa: pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe),
  }
}

/** MSE, MAE and R² of predictions against targets, element by element (all outputs pooled). */
export function regressionMetrics(pred: ArrayLike<number>, target: ArrayLike<number>): RegressionMetrics {
  const n = target.length
  if (pred.length !== n) throw new RangeError(`regressionMetrics: ${pred.length} predictions for ${n} targets`)
  let mean = 0
  for (let i = 0; i < n; i++) mean += target[i]
  mean = ratio(mean, n)
  let sse = 0
  let sae = 0
  let sst = 0
  for (let i = 0; i < n; i++) {
    const e = pred[i] - target[i]
    sse += e * e
    sae += Math.abs(e)
    sst += (target[i] - mean) * (target[i] - mean)
  }
  return { mse: ratio(sse, n), mae: ratio(sae, n), r2: sst === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / sst }
}
