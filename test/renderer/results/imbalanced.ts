import type { ClassificationMetrics } from '../../../src/shared/dto'

/**
 * A 4-class imbalanced test set, supports 90 / 5 / 3 / 2, and its metrics computed by hand:
 * OA = 89 % while macro F1 = 30.7 % (the rare classes are never right).
 */
export const MATRIX = [[88, 1, 1, 0], [4, 1, 0, 0], [3, 0, 0, 0], [2, 0, 0, 0]]
export const LABELS = ['common', 'rare', 'rarer', 'rarest']

const recall = [88 / 90, 1 / 5, 0, 0]
const precision = [88 / 97, 1 / 2, 0, 0]
const f1 = [16 / 17, 2 / 7, 0, 0]
const P = (88 / 97 + 0.5) / 4
const R = (88 / 90 + 0.2) / 4

export const METRICS: ClassificationMetrics = {
  total: 100,
  support: [90, 5, 3, 2],
  overallAccuracy: 0.89,
  classAccuracy: recall,
  averageAccuracy: R,
  recall,
  precision,
  f1,
  macroPrecision: P,
  macroRecall: R,
  f1OfMacroPR: (2 * P * R) / (P + R),
  macroF1: (16 / 17 + 2 / 7) / 4,
  weightedF1: (90 * (16 / 17) + 5 * (2 / 7)) / 100,
  kappa: (0.89 - 0.8743) / (1 - 0.8743),
}
