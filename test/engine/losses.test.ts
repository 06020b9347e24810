import { describe, expect, it } from 'vitest'
import { activation, lossFor, type ActivationName, type LossName } from '../../src/engine'
import { gradcheck, uniform } from '../helpers/gradcheck'

const ROWS = 3
const COLS = 4

function oneHot(seed: number): Float64Array {
  const t = new Float64Array(ROWS * COLS)
  uniform(ROWS, seed).forEach((u, r) => (t[r * COLS + Math.floor((u + 1) * 2)] = 1))
  return t
}

/** Soft targets that sum to 1 per row. */
function soft(seed: number): Float64Array {
  const t = uniform(ROWS * COLS, seed, 0.1, 1)
  for (let r = 0; r < ROWS; r++) {
    let s = 0
    for (let j = 0; j < COLS; j++) s += t[r * COLS + j]
    for (let j = 0; j < COLS; j++) t[r * COLS + j] /= s
  }
  return t
}

/**
 * Checks ∂L/∂y (non-fused) or ∂L/∂z (fused) against central differences. For a fused loss the
 * variable is z and y = f(z) is recomputed; otherwise the variable is y itself.
 */
function check(name: LossName, output: ActivationName, v: Float64Array, t: Float64Array): number {
  const loss = lossFor(name, output)
  const act = activation(output)
  const y = new Float64Array(v.length)
  const d = new Float64Array(v.length)
  const f = (): number => {
    if (loss.fused) act.forward(v, y, ROWS, COLS)
    return loss.forward(loss.fused ? y : v, v, t, ROWS, COLS)
  }
  f()
  loss.backward(loss.fused ? y : v, v, t, d, ROWS, COLS)
  return gradcheck(f, v, d).maxError
}

describe('losses: gradient matches central differences in float64 (SPEC §3.3)', () => {
  it('mse, ∂L/∂y', () => {
    expect(check('mse', 'identity', uniform(12, 1, -2, 2), uniform(12, 2))).toBeLessThan(1e-7)
  })
  it('bce on probabilities, ∂L/∂y, hard and soft targets', () => {
    const t = uniform(12, 4, 0, 1).map((u) => (u > 0.5 ? 1 : 0))
    expect(check('bce', 'identity', uniform(12, 3, 0.05, 0.95), t)).toBeLessThan(1e-7)
    expect(check('bce', 'identity', uniform(12, 3, 0.05, 0.95), uniform(12, 5, 0, 1))).toBeLessThan(1e-7)
  })
  it('bce fused with sigmoid, ∂L/∂z = (y − t)/N', () => {
    expect(lossFor('bce', 'sigmoid').fused).toBe(true)
    expect(check('bce', 'sigmoid', uniform(12, 6, -4, 4), uniform(12, 7, 0, 1))).toBeLessThan(1e-7)
  })
  it('cce on probabilities, ∂L/∂y', () => {
    expect(lossFor('cce', 'sigmoid').fused).toBe(false)
    expect(check('cce', 'sigmoid', uniform(12, 8, 0.05, 0.95), oneHot(9))).toBeLessThan(1e-7)
  })
  it('cce fused with softmax, ∂L/∂z = (y − t)/N, one-hot and soft targets', () => {
    expect(lossFor('cce', 'softmax').fused).toBe(true)
    expect(check('cce', 'softmax', uniform(12, 10, -4, 4), oneHot(11))).toBeLessThan(1e-7)
    expect(check('cce', 'softmax', uniform(12, 12, -4, 4), soft(13))).toBeLessThan(1e-7)
  })
  it('mse through a softmax output (the Jacobian path of softmax)', () => {
    const loss = lossFor('mse', 'softmax')
    const act = activation('softmax')
    const z = uniform(12, 14, -2, 2)
    const t = oneHot(15)
    const y = new Float64Array(12)
    const dy = new Float64Array(12)
    const dz = new Float64Array(12)
    const f = (): number => {
      act.forward(z, y, ROWS, COLS)
      return loss.forward(y, z, t, ROWS, COLS)
    }
    f()
    loss.backward(y, z, t, dy, ROWS, COLS)
    act.backward(z, y, dy, dz, ROWS, COLS)
    expect(gradcheck(f, z, dz).maxError).toBeLessThan(1e-7)
  })
})

describe('loss values', () => {
  const one = (name: LossName, output: ActivationName, y: number[], z: number[], t: number[], rows: number): number =>
    lossFor(name, output).forward(Float64Array.from(y), Float64Array.from(z), Float64Array.from(t), rows, y.length / rows)

  it('mse is 1/N Σ ||y − t||² (summed over outputs, averaged over rows)', () => {
    expect(one('mse', 'identity', [1, 2], [1, 2], [0, 0], 1)).toBe(5)
    expect(one('mse', 'identity', [1, 2], [1, 2], [0, 0], 2)).toBe(2.5)
  })
  it('bce and cce at known points', () => {
    expect(one('bce', 'identity', [0.5], [0], [1], 1)).toBeCloseTo(Math.LN2, 14)
    expect(one('bce', 'sigmoid', [0.5], [0], [1], 1)).toBeCloseTo(Math.LN2, 14)
    expect(one('cce', 'softmax', [0.5, 0.5], [0, 0], [0, 1], 1)).toBeCloseTo(Math.LN2, 14)
  })
  it('fused losses are exact for huge logits (no overflow, no log 0)', () => {
    expect(one('bce', 'sigmoid', [1], [1e4], [0], 1)).toBe(1e4)
    expect(one('bce', 'sigmoid', [0], [-1e4], [0], 1)).toBe(0)
    expect(one('cce', 'softmax', [1, 0], [1e4, -1e4], [0, 1], 1)).toBe(2e4)
    expect(one('cce', 'softmax', [1, 0], [1e4, -1e4], [1, 0], 1)).toBe(0)
  })
  it('non-fused cross-entropies clamp probabilities at 0 and 1', () => {
    const bce = one('bce', 'identity', [0, 1], [0, 0], [1, 0], 1)
    expect(Number.isFinite(bce)).toBe(true)
    expect(bce).toBeGreaterThan(30)
    const d = new Float64Array(2)
    lossFor('cce', 'sigmoid').backward(Float64Array.of(0, 1), new Float64Array(2), Float64Array.of(1, 0), d, 1, 2)
    expect(d.every(Number.isFinite)).toBe(true)
  })
})
