import { describe, expect, it } from 'vitest'
import { AdaGrad, Adam, createOptimizer, Momentum, Nesterov, RmsProp, Sgd, type Optimizer, type Param } from '../../src/engine'

/**
 * Minimise f(x) = x² (∇f = 2x) from x₀ = 1 with η = 0.1 and check each step against the update
 * rule worked out by hand (STYLE §21).
 */
const alloc = (n: number): Float64Array => new Float64Array(n)
function param(x0: number): Param {
  return { value: Float64Array.of(x0), grad: new Float64Array(1), lrScale: 1, penalize: true }
}
function run(make: (p: Param[]) => Optimizer, steps: number, lr = 0.1): number[] {
  const p = param(1)
  const opt = make([p])
  const xs: number[] = []
  for (let s = 0; s < steps; s++) {
    p.grad[0] = 2 * p.value[0]
    opt.step(lr)
    xs.push(p.value[0])
  }
  return xs
}

describe('optimizers: first steps on f(x) = x², x₀ = 1, η = 0.1', () => {
  it('SGD: x₁ = x₀ − η·2x₀ = 0.8, x₂ = 0.64', () => {
    const [x1, x2] = run((p) => new Sgd(p), 2)
    expect(x1).toBeCloseTo(0.8, 15)
    expect(x2).toBeCloseTo(0.64, 15)
  })

  it('momentum γ = 0.9: v₁ = −0.2, x₁ = 0.8; v₂ = 0.9·(−0.2) − 0.1·1.6 = −0.34, x₂ = 0.46', () => {
    const [x1, x2] = run((p) => new Momentum(p, alloc, 0.9), 2)
    expect(x1).toBeCloseTo(0.8, 15)
    expect(x2).toBeCloseTo(0.46, 15)
  })

  it('Nesterov γ = 0.9: x₁ = x₀ − η(1+γ)g = 0.62; x₂ = x₁ − γv₁ + (1+γ)v₂ with v₁ = −0.2, v₂ = −0.304', () => {
    const [x1, x2] = run((p) => new Nesterov(p, alloc, 0.9), 2)
    expect(x1).toBeCloseTo(0.62, 15)
    // v₂ = 0.9·(−0.2) − 0.1·(2·0.62) = −0.304; x₂ = 0.62 + 0.18 + 1.9·(−0.304) = 0.2224
    expect(x2).toBeCloseTo(0.2224, 14)
  })

  it('AdaGrad: G₁ = 4, x₁ = 1 − 0.1·2/(2 + ε); G₂ = 4 + 1.8², x₂ = x₁ − 0.1·2x₁/√G₂', () => {
    const [x1, x2] = run((p) => new AdaGrad(p, alloc, 1e-8), 2)
    expect(x1).toBeCloseTo(1 - 0.2 / (2 + 1e-8), 15)
    const g2 = 2 * x1
    expect(x2).toBeCloseTo(x1 - (0.1 * g2) / (Math.sqrt(4 + g2 * g2) + 1e-8), 15)
  })

  it('RMSProp ρ = 0.9: E₁ = 0.1·4 = 0.4, x₁ = 1 − 0.1·2/(√0.4 + ε)', () => {
    const [x1, x2] = run((p) => new RmsProp(p, alloc, 0.9, 1e-8), 2)
    expect(x1).toBeCloseTo(1 - 0.2 / (Math.sqrt(0.4) + 1e-8), 15)
    const g2 = 2 * x1
    const E2 = 0.9 * 0.4 + 0.1 * g2 * g2
    expect(x2).toBeCloseTo(x1 - (0.1 * g2) / (Math.sqrt(E2) + 1e-8), 15)
  })

  it('Adam: bias correction makes the first step η·g/(|g| + ε) ≈ η; second step by hand', () => {
    const [x1, x2] = run((p) => new Adam(p, alloc, 0.9, 0.999, 1e-8), 2)
    // m₁ = 0.1·2 = 0.2, v₁ = 0.001·4 = 0.004, m̂ = 2, v̂ = 4 → x₁ = 1 − 0.1·2/(2 + ε)
    expect(x1).toBeCloseTo(1 - 0.2 / (2 + 1e-8), 15)
    const g2 = 2 * x1
    const m2 = 0.9 * 0.2 + 0.1 * g2
    const v2 = 0.999 * 0.004 + 0.001 * g2 * g2
    const mHat = m2 / (1 - 0.9 ** 2)
    const vHat = v2 / (1 - 0.999 ** 2)
    expect(x2).toBeCloseTo(x1 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8), 15)
  })

  it('applies each array its own learning-rate scale', () => {
    const p = param(1)
    p.lrScale = 0.5
    p.grad[0] = 2
    new Sgd([p]).step(0.1)
    expect(p.value[0]).toBeCloseTo(0.9, 15)
  })

  it('zeroGrad clears gradients; getConfig names the hyper-parameters', () => {
    const p = param(1)
    p.grad[0] = 3
    const opt = new Adam([p], alloc, 0.8, 0.99, 1e-6)
    opt.zeroGrad()
    expect(p.grad[0]).toBe(0)
    expect(opt.getConfig()).toEqual({ optimizer: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-6 })
  })

  it('createOptimizer builds each class from settings by name', () => {
    const make = (optimizer: 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam'): Optimizer =>
      createOptimizer([param(1)], alloc, { optimizer, learningRate: 0.1, batchSize: 1, epochs: 1, seed: 1, momentum: 0.8 })
    expect(make('sgd')).toBeInstanceOf(Sgd)
    expect(make('momentum')).toBeInstanceOf(Momentum)
    expect((make('nesterov') as Nesterov).momentum).toBe(0.8)
    expect(make('adagrad')).toBeInstanceOf(AdaGrad)
    expect(make('rmsprop')).toBeInstanceOf(RmsProp)
    expect(make('adam')).toBeInstanceOf(Adam)
    expect(() => make('lbfgs' as 'sgd')).toThrow(/Unknown optimizer 'lbfgs'/)
  })
})
