import { describe, expect, it } from 'vitest'
import { activation, type Activation } from '../../src/engine'
import { gradcheck, relativeError, uniform } from '../helpers/gradcheck'

/** f(z) = Σ g ⊙ act(z); its analytic gradient is the unit's backward pass with upstream g. */
function checkUnit(unit: Activation, z: Float64Array, g: Float64Array): number {
  const a = new Float64Array(z.length)
  const dz = new Float64Array(z.length)
  const f = (): number => {
    unit.forward(z, a, 1, z.length)
    return a.reduce((s, v, i) => s + v * g[i], 0)
  }
  f()
  unit.backward(z, a, g, dz, 1, z.length)
  return gradcheck(f, z, dz).maxError
}

describe('the gradient checker', () => {
  it('measures relative error symmetrically and bounded', () => {
    expect(relativeError(1, 1)).toBe(0)
    expect(relativeError(1, -1)).toBe(1)
    expect(relativeError(0, 0)).toBe(0)
    expect(relativeError(2, 1)).toBeCloseTo(1 / 3, 12)
  })

  it('accepts a correct derivative (x³ → 3x²)', () => {
    const x = uniform(5, 1)
    const f = (): number => x.reduce((s, v) => s + v ** 3, 0)
    expect(gradcheck(f, x, Array.from(x, (v) => 3 * v * v)).maxError).toBeLessThan(1e-8)
  })

  it('rejects a deliberately wrong derivative (x³ → 3x)', () => {
    const x = uniform(5, 1)
    const f = (): number => x.reduce((s, v) => s + v ** 3, 0)
    expect(gradcheck(f, x, Array.from(x, (v) => 3 * v)).maxError).toBeGreaterThan(0.1)
  })

  it('rejects an activation unit whose backward is wrong, and passes the right one', () => {
    const sigmoid = activation('sigmoid')
    const broken: Activation = { ...sigmoid, backward: (_z, a, da, dz, rows, cols) => {
      for (let i = 0; i < rows * cols; i++) dz[i] = a[i] * (1 + a[i]) * da[i]
    } }
    const slightlyOff: Activation = { ...sigmoid, backward: (z, a, da, dz, rows, cols) => {
      sigmoid.backward(z, a, da, dz, rows, cols)
      for (let i = 0; i < rows * cols; i++) dz[i] *= 1.001
    } }
    const z = uniform(8, 2, -3, 3)
    const g = uniform(8, 3)
    expect(checkUnit(sigmoid, z, g)).toBeLessThan(1e-7)
    expect(checkUnit(broken, z, g)).toBeGreaterThan(0.1)
    expect(checkUnit(slightlyOff, z, g)).toBeGreaterThan(1e-4)
  })

  it('fails on a wrong gradient even when only one element is off', () => {
    const x = uniform(6, 4)
    const f = (): number => x.reduce((s, v) => s + Math.sin(v), 0)
    const grad = Array.from(x, Math.cos)
    grad[3] += 0.01
    const r = gradcheck(f, x, grad)
    expect(r.index).toBe(3)
    expect(r.maxError).toBeGreaterThan(1e-3)
  })
})
