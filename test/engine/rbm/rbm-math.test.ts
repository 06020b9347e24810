import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/engine/random'
import { addBiasSigmoid, sampleBernoulli, sigmoid, sigmoidRows, sigmoidSampleRows, tableSigmoid } from '../../../src/engine/rbm/rbm-math'

describe('tableSigmoid', () => {
  it('is within 2.1e-9 of 1/(1+e^{−x}) on a dense grid over [−30, 30]', () => {
    let worst = 0
    for (let x = -30; x <= 30; x += 0.000913) worst = Math.max(worst, Math.abs(tableSigmoid(x) - 1 / (1 + Math.exp(-x))))
    expect(worst).toBeLessThan(2.1e-9)
  })

  it('takes the knot values exactly, saturates at ±∞ and propagates NaN', () => {
    expect(tableSigmoid(0)).toBe(sigmoid(0))
    expect(tableSigmoid(1)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15)
    expect(tableSigmoid(Infinity)).toBeCloseTo(1, 8)
    expect(tableSigmoid(-Infinity)).toBeCloseTo(0, 8)
    expect(tableSigmoid(NaN)).toBeNaN()
  })
})

describe('fused σ + Bernoulli sampling', () => {
  const rows = 3
  const cols = 5
  const z0 = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 7) % 11) - 5)
  const bias = Float32Array.from([0.5, -1, 0, 2, -3])

  it('sigmoidRows gives scale·σ(z + bias) per row', () => {
    const z = z0.slice()
    sigmoidRows(z, bias, rows, cols, -0.25)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) expect(z[r * cols + j]).toBeCloseTo(-0.25 * sigmoid(z0[r * cols + j] + bias[j]), 8)
    }
  })

  it('sigmoidSampleRows draws the same bits as σ then sampleBernoulli with the same seed, and stores scale·p', () => {
    const p = z0.slice()
    addBiasSigmoid(p, bias, rows, cols)
    const expected = new Float32Array(rows * cols)
    sampleBernoulli(p, expected, rows * cols, new Rng(11))
    const z = z0.slice()
    const out = new Float32Array(rows * cols)
    sigmoidSampleRows(z, bias, rows, cols, 0.5, out, new Rng(11))
    expect(Array.from(out)).toEqual(Array.from(expected))
    for (let i = 0; i < rows * cols; i++) expect(z[i]).toBeCloseTo(0.5 * p[i], 7)
  })

  it('sigmoidSampleRows in place leaves the samples, each 1 exactly when the uniform is below p', () => {
    const z = z0.slice()
    sigmoidSampleRows(z, bias, rows, cols, 1, z, new Rng(4))
    const rng = new Rng(4)
    for (let i = 0; i < rows * cols; i++) {
      const p = sigmoid(z0[i] + bias[i % cols])
      expect(z[i]).toBe(rng.next() < p ? 1 : 0)
    }
  })

  it('sampleBernoulli uses one uniform per entry, in order, across its 1024-entry chunks', () => {
    const n = 2500
    const p = new Float32Array(n).fill(0.3)
    const out = new Float32Array(n)
    sampleBernoulli(p, out, n, new Rng(8))
    const rng = new Rng(8)
    let ones = 0
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBe(rng.next() < Math.fround(0.3) ? 1 : 0)
      ones += out[i]
    }
    expect(ones / n).toBeCloseTo(0.3, 1)
  })
})
