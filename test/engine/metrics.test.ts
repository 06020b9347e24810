import { describe, expect, it } from 'vitest'
import { classificationMetrics, confusionMatrix, evaluate, Network, regressionMetrics, Rng } from '../../src/engine'

/**
 * A 4-class, imbalanced confusion matrix (rows = actual, columns = predicted), N = 100.
 * Row sums 60, 10, 10, 20; column sums 67, 9, 7, 17; diagonal 50, 6, 3, 10.
 */
const CM = [
  [50, 2, 3, 5],
  [4, 6, 0, 0],
  [5, 0, 3, 2],
  [8, 1, 1, 10],
]

describe('classification metrics (SPEC §5) on a hand-computed matrix', () => {
  const m = classificationMetrics(CM)

  it('overall, class and average accuracy', () => {
    expect(m.total).toBe(100)
    expect(m.support).toEqual([60, 10, 10, 20])
    expect(m.overallAccuracy).toBeCloseTo(69 / 100, 15)
    expect(m.classAccuracy).toEqual([50 / 60, 6 / 10, 3 / 10, 10 / 20])
    expect(m.recall).toEqual(m.classAccuracy)
    expect(m.averageAccuracy).toBeCloseTo((50 / 60 + 0.6 + 0.3 + 0.5) / 4, 15)
  })

  it("precision (user's accuracy) divides by the column sums", () => {
    expect(m.precision).toEqual([50 / 67, 6 / 9, 3 / 7, 10 / 17])
    expect(m.macroPrecision).toBeCloseTo((50 / 67 + 6 / 9 + 3 / 7 + 10 / 17) / 4, 15)
    expect(m.macroRecall).toBeCloseTo(m.averageAccuracy, 15)
  })

  it('per-class F1 = 2C_ii / (row_i + col_i), macro, weighted, and F1 of macro P and R', () => {
    const f1 = [100 / 127, 12 / 19, 6 / 17, 20 / 37]
    m.f1.forEach((f, i) => expect(f).toBeCloseTo(f1[i], 14))
    expect(m.macroF1).toBeCloseTo((f1[0] + f1[1] + f1[2] + f1[3]) / 4, 14)
    expect(m.weightedF1).toBeCloseTo((60 * f1[0] + 10 * f1[1] + 10 * f1[2] + 20 * f1[3]) / 100, 14)
    const P = m.macroPrecision
    const R = m.macroRecall
    expect(m.f1OfMacroPR).toBeCloseTo((2 * P * R) / (P + R), 14)
    // the two "macro F1"s differ here, which is why the UI labels both
    expect(Math.abs(m.f1OfMacroPR - m.macroF1)).toBeGreaterThan(0.003)
  })

  it("Cohen's kappa: p_e = Σ row·col / N² = 0.452, κ = (0.69 − 0.452)/(1 − 0.452)", () => {
    expect(m.kappa).toBeCloseTo((0.69 - 0.452) / (1 - 0.452), 14)
  })

  it('accuracy and F1 disagree: predicting the majority class scores 0.6 accuracy but 0.1875 macro F1', () => {
    const majority = classificationMetrics([[60, 0, 0, 0], [10, 0, 0, 0], [10, 0, 0, 0], [20, 0, 0, 0]])
    expect(majority.overallAccuracy).toBe(0.6)
    expect(majority.macroF1).toBeCloseTo(0.75 / 4, 15)
    expect(majority.kappa).toBe(0)
    expect(majority.precision).toEqual([0.6, 0, 0, 0])
    expect(m.overallAccuracy - majority.overallAccuracy).toBeLessThan(0.1)
    expect(m.macroF1 - majority.macroF1).toBeGreaterThan(0.35)
  })
})

describe('confusionMatrix', () => {
  it('counts actual (rows) against predicted (columns)', () => {
    expect(confusionMatrix(Int32Array.of(0, 0, 1, 2, 2, 2), Int32Array.of(0, 1, 1, 2, 0, 2), 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ])
  })
  it('refuses classes out of range and length mismatches', () => {
    expect(() => confusionMatrix(Int32Array.of(0, 3), Int32Array.of(0, 1), 3)).toThrow(/row 1 has class 3 → 1, outside 0…2/)
    expect(() => confusionMatrix(Int32Array.of(0), Int32Array.of(0, 1), 3)).toThrow(/1 actual classes but 2 predictions/)
  })
})

describe('regressionMetrics', () => {
  it('MSE, MAE and R² by hand', () => {
    const r = regressionMetrics([1, 2, 3], [1, 2, 5])
    expect(r.mse).toBeCloseTo(4 / 3, 15)
    expect(r.mae).toBeCloseTo(2 / 3, 15)
    // t̄ = 8/3, Σ(t − t̄)² = 78/9
    expect(r.r2).toBeCloseTo(1 - 4 / (78 / 9), 15)
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1)
  })
})

describe('evaluate', () => {
  it('gives loss, accuracy, predictions and the confusion matrix; one output thresholds at 0.5', () => {
    const net = Network.create({ inputs: 1, loss: 'bce', layers: [{ units: 1, activation: 'sigmoid' }] }, new Rng(1))
    net.weights(0)[0] = 10
    net.biases(0)![0] = 0
    const data = { rows: 4, inputs: 1, outputs: 1, x: Float32Array.of(-1, -0.5, 0.5, 1), y: Float32Array.of(0, 1, 1, 1), labels: Int32Array.of(0, 1, 1, 1) }
    const r = evaluate(net, data, 'bce', 'binary')
    expect(Array.from(r.predictions!)).toEqual([0, 0, 1, 1])
    expect(r.accuracy).toBe(0.75)
    expect(r.confusion).toEqual([[1, 0], [1, 2]])
    const expected = -(Math.log(1 - 1 / (1 + Math.exp(10))) + Math.log(1 / (1 + Math.exp(5))) + Math.log(1 / (1 + Math.exp(-5))) + Math.log(1 / (1 + Math.exp(-10)))) / 4
    expect(r.loss).toBeCloseTo(expected, 5)
    const reg = evaluate(net, data, 'mse', 'regression')
    expect(reg.accuracy).toBeNull()
    expect(reg.confusion).toBeNull()
  })
})
