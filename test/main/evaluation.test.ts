import { describe, expect, it } from 'vitest'
import { Network } from '../../src/engine'
import type { Dataset } from '../../src/engine/types'
import { evaluateSplit } from '../../src/main/training/evaluation'

/**
 * A 4-class, imbalanced test set (supports 90 / 5 / 3 / 2) whose confusion matrix is
 *   [[88, 1, 1, 0], [4, 1, 0, 0], [3, 0, 0, 0], [2, 0, 0, 0]]:
 * the identity network outputs its one-hot input, so the input row IS the prediction.
 * Accuracy is 89 % while macro F1 is 30.7 %: the two disagree because the rare classes are missed.
 */
const MATRIX = [[88, 1, 1, 0], [4, 1, 0, 0], [3, 0, 0, 0], [2, 0, 0, 0]]

function imbalanced(): Dataset {
  const actual: number[] = []
  const predicted: number[] = []
  MATRIX.forEach((row, i) => row.forEach((count, j) => {
    for (let n = 0; n < count; n++) {
      actual.push(i)
      predicted.push(j)
    }
  }))
  const rows = actual.length
  const x = new Float32Array(rows * 4)
  const y = new Float32Array(rows * 4)
  for (let r = 0; r < rows; r++) {
    x[r * 4 + predicted[r]!] = 1
    y[r * 4 + actual[r]!] = 1
  }
  return { rows, inputs: 4, outputs: 4, x, y, labels: Int32Array.from(actual) }
}

const identity = Network.fromJSON({
  inputs: 4,
  loss: 'mse',
  layers: [{
    type: 'dense', units: 4, activation: 'identity', bias: false,
    weights: { shape: [4, 4], data: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] }, biases: null,
  }],
})

describe('evaluateSplit on a 4-class imbalanced set (hand-computed)', () => {
  const { dto, predictions } = evaluateSplit(identity, imbalanced(), 'mse', 'multiclass')
  const m = dto.metrics!

  it('builds the confusion matrix with rows = actual, columns = predicted', () => {
    expect(dto.confusion).toEqual(MATRIX)
  })

  it('gives OA = 89/100 but macro F1 = (16/17 + 2/7)/4: accuracy and F1 disagree', () => {
    expect(m.overallAccuracy).toBeCloseTo(0.89, 12)
    expect(m.macroF1).toBeCloseTo((16 / 17 + 2 / 7) / 4, 12)
    expect(m.overallAccuracy - m.macroF1).toBeGreaterThan(0.5)
  })

  it('gives per-class recall 88/90, 1/5, 0, 0 and precision 88/97, 1/2, 0/1, 0 (never predicted → 0)', () => {
    expect(m.recall.map((v) => +v.toFixed(10))).toEqual([+(88 / 90).toFixed(10), 0.2, 0, 0])
    expect(m.precision.map((v) => +v.toFixed(10))).toEqual([+(88 / 97).toFixed(10), 0.5, 0, 0])
  })

  it('gives AA = macro R = (88/90 + 1/5)/4 and macro P = (88/97 + 1/2)/4', () => {
    expect(m.averageAccuracy).toBeCloseTo((88 / 90 + 0.2) / 4, 12)
    expect(m.macroPrecision).toBeCloseTo((88 / 97 + 0.5) / 4, 12)
  })

  it('gives "F1 of macro P and macro R" = 2PR/(P+R), different from macro F1', () => {
    const P = (88 / 97 + 0.5) / 4
    const R = (88 / 90 + 0.2) / 4
    expect(m.f1OfMacroPR).toBeCloseTo((2 * P * R) / (P + R), 12)
    expect(m.f1OfMacroPR).not.toBeCloseTo(m.macroF1, 3)
  })

  it('gives weighted F1 = (90·16/17 + 5·2/7)/100', () => {
    expect(m.weightedF1).toBeCloseTo((90 * (16 / 17) + 5 * (2 / 7)) / 100, 12)
  })

  it("gives Cohen's κ = (0.89 − 0.8743)/(1 − 0.8743), p_e = 0.90·0.97 + 0.05·0.02 + 0.03·0.01", () => {
    expect(m.kappa).toBeCloseTo((0.89 - 0.8743) / (1 - 0.8743), 10)
  })

  it('returns each row\'s actual and predicted class for the sample lists', () => {
    expect(predictions!.actual.length).toBe(100)
    expect(predictions!.predicted[90]).toBe(0)
    expect(predictions!.actual[90]).toBe(1)
  })
})
