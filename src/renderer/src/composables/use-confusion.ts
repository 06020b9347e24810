/**
 * Confusion-matrix views and the metrics table of SPEC §5. The numbers come from the backend (the
 * engine's `classificationMetrics`); this module only normalises, colours and labels them, with the
 * formula of each metric for its tooltip (courses and libraries disagree on "macro F1").
 */
import type { ClassificationMetrics } from '../../../shared/dto'

export type MatrixMode = 'counts' | 'rows' | 'columns'

/**
 * The matrix as shown: counts, row-normalised (each actual class sums to 1: the diagonal is recall)
 * or column-normalised (each predicted class sums to 1: the diagonal is precision). An empty row or
 * column stays 0.
 */
export function normalize(matrix: number[][], mode: MatrixMode): number[][] {
  if (mode === 'counts') return matrix.map((row) => row.slice())
  if (mode === 'rows') {
    return matrix.map((row) => {
      const sum = row.reduce((s, v) => s + v, 0)
      return row.map((v) => (sum === 0 ? 0 : v / sum))
    })
  }
  const sums = (matrix[0] ?? []).map((_, j) => matrix.reduce((s, row) => s + (row[j] ?? 0), 0))
  return matrix.map((row) => row.map((v, j) => (sums[j] === 0 ? 0 : v / sums[j]!)))
}

/** Text of a shown cell: a count, or a percentage with one decimal. */
export const cellText = (value: number, mode: MatrixMode): string => (mode === 'counts' ? String(value) : `${(value * 100).toFixed(1)}%`)

/**
 * Background of a cell: blue for the diagonal (right), red off it (wrong), darker as the value
 * approaches the largest shown value; `t` in [0, 1].
 */
export function cellBackground(t: number, diagonal: boolean): string {
  const level = Math.min(1, Math.max(0, t))
  const [r, g, b] = diagonal ? [59, 111, 216] : [196, 60, 92]
  return `rgba(${r},${g},${b},${(0.06 + 0.84 * level).toFixed(3)})`
}

/** Dark text on pale cells, white on dark ones. */
export const cellInk = (t: number): string => (t > 0.55 ? '#fff' : '#1d2433')

/** A summary metric: label, value, formula. */
export interface MetricRow {
  key: string
  label: string
  value: number
  formula: string
}

/** The summary metrics of SPEC §5, in teaching order, each with the formula shown in its tooltip. */
export function summaryRows(m: ClassificationMetrics): MetricRow[] {
  return [
    { key: 'oa', label: 'Overall accuracy OA', value: m.overallAccuracy, formula: 'OA = Σᵢ Cᵢᵢ / Σᵢⱼ Cᵢⱼ (correct / all)' },
    { key: 'aa', label: 'Average accuracy AA', value: m.averageAccuracy, formula: 'AA = (1/K) Σᵢ CAᵢ, CAᵢ = Cᵢᵢ / Σⱼ Cᵢⱼ (mean recall)' },
    { key: 'macroP', label: 'Macro precision P', value: m.macroPrecision, formula: 'P = (1/K) Σᵢ Pᵢ, Pᵢ = Cᵢᵢ / Σₖ Cₖᵢ' },
    { key: 'macroR', label: 'Macro recall R', value: m.macroRecall, formula: 'R = (1/K) Σᵢ Rᵢ, Rᵢ = Cᵢᵢ / Σⱼ Cᵢⱼ (= AA)' },
    { key: 'f1PR', label: 'F1 of macro P and macro R', value: m.f1OfMacroPR, formula: '2·P·R / (P + R) with P, R the macro averages' },
    { key: 'macroF1', label: 'Macro F1', value: m.macroF1, formula: '(1/K) Σᵢ F1ᵢ, F1ᵢ = 2·Pᵢ·Rᵢ / (Pᵢ + Rᵢ) (mean of per-class F1; scikit-learn "macro")' },
    { key: 'weightedF1', label: 'Weighted F1', value: m.weightedF1, formula: 'Σᵢ nᵢ·F1ᵢ / Σᵢ nᵢ, nᵢ = rows of actual class i (support)' },
    { key: 'kappa', label: "Cohen's κ", value: m.kappa, formula: 'κ = (p₀ − pₑ) / (1 − pₑ), p₀ = OA, pₑ = Σᵢ (rowᵢ/N)·(colᵢ/N)' },
  ]
}

/** Column headers of the per-class table with their formulas. */
export const PER_CLASS_COLUMNS = [
  { key: 'support', label: 'n', formula: 'support nᵢ = Σⱼ Cᵢⱼ: rows of actual class i' },
  { key: 'recall', label: 'CA = recall', formula: "CAᵢ = Rᵢ = Cᵢᵢ / Σⱼ Cᵢⱼ: class accuracy, producer's accuracy" },
  { key: 'precision', label: "UA = precision", formula: "UAᵢ = Pᵢ = Cᵢᵢ / Σₖ Cₖᵢ: user's accuracy" },
  { key: 'f1', label: 'F1', formula: 'F1ᵢ = 2·Pᵢ·Rᵢ / (Pᵢ + Rᵢ)' },
] as const

/** A ratio as a percentage with one decimal; κ as a plain number (it can be negative). */
export const formatMetric = (key: string, value: number): string => (key === 'kappa' ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`)
