import { describe, expect, it } from 'vitest'
import { activation, ACTIVATIONS, type Activation, type ActivationName } from '../../src/engine'
import { gradcheck, uniform } from '../helpers/gradcheck'

const ROWS = 3
const COLS = 4

/** f(z) = Σ g ⊙ act(z) over a [3×4] block; returns the worst relative error of backward vs central differences. */
function check(unit: Activation, z: Float64Array, seed: number): number {
  const g = uniform(z.length, seed + 100)
  const a = new Float64Array(z.length)
  const dz = new Float64Array(z.length)
  const f = (): number => {
    unit.forward(z, a, ROWS, COLS)
    return a.reduce((s, v, i) => s + v * g[i], 0)
  }
  f()
  unit.backward(z, a, g, dz, ROWS, COLS)
  return gradcheck(f, z, dz).maxError
}

/** Pre-activations in [lo, hi) kept 0.05 away from kinks at 0 (ReLU family, step). */
function points(seed: number, lo = -3, hi = 3): Float64Array {
  return uniform(ROWS * COLS, seed, lo, hi).map((v) => (Math.abs(v) < 0.05 ? v + 0.1 : v))
}

describe('activations: backward matches central differences in float64 (SPEC §3.2)', () => {
  for (const name of ACTIVATIONS) {
    it(name, () => {
      for (let seed = 1; seed <= 3; seed++) expect(check(activation(name), points(seed), seed)).toBeLessThan(1e-6)
    })
  }

  it.each([[0.01], [0.3]])('leakyRelu with α = %d', (alpha) => {
    expect(check(activation('leakyRelu', alpha), points(5), 5)).toBeLessThan(1e-6)
  })

  it.each([[0.5], [2]])('elu with α = %d', (alpha) => {
    expect(check(activation('elu', alpha), points(6), 6)).toBeLessThan(1e-6)
  })

  it.each([[-0.5, -1, 2], [0.5, -3, 3], [1, -2, 2]])('softExponential with α = %d', (alpha, lo, hi) => {
    expect(check(activation('softExponential', alpha), points(7, lo, hi), 7)).toBeLessThan(1e-6)
  })

  it('sinc near 0, on both sides of the series switch at |z| = 0.01', () => {
    const z = Float64Array.from([-0.5, 1.5, 0.0099, 0.0101, -0.0099, -0.0101, 1e-3, -1e-3, 0.02, -2, 3, 0.3])
    expect(check(activation('sinc'), z, 8)).toBeLessThan(1e-6)
  })

  it('sinc slope for |z| < 1e-3, where relative error of differences is meaningless: absolute error', () => {
    const unit = activation('sinc')
    const z = Float64Array.from([-2e-4, -5e-5, 1e-6, 3e-5, 2e-4, 0])
    const a = new Float64Array(z.length)
    const dz = new Float64Array(z.length)
    unit.forward(z, a, 1, z.length)
    unit.backward(z, a, new Float64Array(z.length).fill(1), dz, 1, z.length)
    z.forEach((v, i) => expect(Math.abs(dz[i] - -v / 3)).toBeLessThan(1e-12))
  })
})

describe('activation values', () => {
  const at = (name: ActivationName, z: number, alpha?: number): [number, number] => {
    const unit = activation(name, alpha)
    const a = new Float64Array(1)
    const dz = new Float64Array(1)
    unit.forward(Float64Array.of(z), a, 1, 1)
    unit.backward(Float64Array.of(z), a, Float64Array.of(1), dz, 1, 1)
    return [a[0], dz[0]]
  }

  it('match their formulas at chosen points', () => {
    expect(at('sigmoid', 0)).toEqual([0.5, 0.25])
    expect(at('tanh', 0)).toEqual([0, 1])
    expect(at('arctan', 1)[0]).toBeCloseTo(Math.PI / 4, 15)
    expect(at('relu', -2).map(Math.abs)).toEqual([0, 0])
    expect(at('leakyRelu', -2)[0]).toBeCloseTo(-0.02, 15)
    expect(at('elu', -1)[0]).toBeCloseTo(Math.exp(-1) - 1, 15)
    expect(at('softplus', 0)[0]).toBeCloseTo(Math.LN2, 15)
    expect(at('bentIdentity', 0)).toEqual([0, 1])
    expect(at('gaussian', 1)[0]).toBeCloseTo(Math.exp(-1), 15)
    expect(at('step', 0)).toEqual([1, 0])
    expect(at('step', -0.1)).toEqual([0, 0])
    expect(at('softExponential', 3, 0)).toEqual([3, 1])
    expect(at('softExponential', 1, 1)[0]).toBeCloseTo(Math.E, 14)
    expect(at('sinusoid', Math.PI / 2)[0]).toBe(1)
  })

  it('sinc is 1 with slope 0 at 0', () => {
    expect(at('sinc', 0)).toEqual([1, -0])
    expect(at('sinc', Math.PI)[0]).toBeCloseTo(0, 15)
  })

  it('softmax rows sum to 1 and survive huge logits', () => {
    const unit = activation('softmax')
    const z = Float32Array.of(1e4, -1e4, 0, 3, 3, 3)
    const a = new Float32Array(6)
    unit.forward(z, a, 2, 3)
    expect(Array.from(a)).toEqual([1, 0, 0, 1 / 3, 1 / 3, 1 / 3].map(Math.fround))
  })

  it('stay finite, value and slope, for |z| up to 1e4 in float32', () => {
    const z = Float32Array.of(-1e4, -1e3, -30, -1, 0, 1, 30, 1e3, 1e4)
    for (const name of ACTIVATIONS) {
      for (const alpha of name === 'softExponential' ? [-0.5, 0, 0.5] : [undefined]) {
        const unit = activation(name, alpha)
        const a = new Float32Array(z.length)
        const dz = new Float32Array(z.length)
        unit.forward(z, a, 1, z.length)
        unit.backward(z, a, new Float32Array(z.length).fill(1), dz, 1, z.length)
        for (let i = 0; i < z.length; i++) {
          expect(Number.isFinite(a[i]), `${name}(${z[i]})`).toBe(true)
          expect(Number.isFinite(dz[i]), `${name}′(${z[i]})`).toBe(true)
        }
      }
    }
  })
})
