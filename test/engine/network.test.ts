import { describe, expect, it } from 'vitest'
import { float64Kernels, Network, Rng, specWarnings, tsKernels, type Kernels, type NetworkSpec } from '../../src/engine'
import { gradcheck, uniform } from '../helpers/gradcheck'

const ROWS = 5

function targets(spec: NetworkSpec, seed: number): Float64Array {
  const outs = spec.layers[spec.layers.length - 1].units
  const u = uniform(ROWS * outs, seed, 0, 1)
  if (spec.loss !== 'cce') return u
  const t = new Float64Array(ROWS * outs)
  for (let r = 0; r < ROWS; r++) t[r * outs + Math.floor(u[r * outs] * outs)] = 1
  return t
}

const SPECS: Record<string, NetworkSpec> = {
  'tanh-relu-softmax, cce': { inputs: 4, loss: 'cce', layers: [{ units: 5, activation: 'tanh' }, { units: 4, activation: 'relu' }, { units: 3, activation: 'softmax' }] },
  'sigmoid-sigmoid, bce': { inputs: 3, loss: 'bce', layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }] },
  'elu (no bias)-identity, mse': { inputs: 3, loss: 'mse', layers: [{ units: 6, activation: 'elu', bias: false }, { units: 2, activation: 'identity' }] },
  'sinc-gaussian-softmax, mse': { inputs: 2, loss: 'mse', layers: [{ units: 4, activation: 'sinc' }, { units: 3, activation: 'gaussian' }, { units: 3, activation: 'softmax' }] },
  'softplus-arctan-sigmoid, cce (non-fused)': { inputs: 3, loss: 'cce', layers: [{ units: 3, activation: 'softplus' }, { units: 3, activation: 'arctan' }, { units: 2, activation: 'sigmoid' }] },
}

describe('whole network: backprop matches central differences in float64', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(name, () => {
      const net = Network.create(spec, new Rng(3), float64Kernels)
      net.reserve(ROWS)
      for (const d of net.dense) d.b?.set(uniform(d.b.length, 9, -0.5, 0.5))
      const x = uniform(ROWS * spec.inputs, 4)
      const t = targets(spec, 5)
      const f = (): number => {
        net.forward(x, ROWS)
        return net.lossValue(t, ROWS)
      }
      f()
      net.backward(x, t, ROWS, true)
      const grads = net.dense.map((d) => ({ dW: d.dW.slice(), db: d.db?.slice() }))
      const dx = net.dense[0].dx.slice(0, x.length)
      net.dense.forEach((d, l) => {
        expect(gradcheck(f, d.W, grads[l].dW).maxError, `layer ${l} W`).toBeLessThan(1e-6)
        if (d.b) expect(gradcheck(f, d.b, grads[l].db!).maxError, `layer ${l} b`).toBeLessThan(1e-6)
      })
      expect(gradcheck(f, x, dx).maxError, 'input').toBeLessThan(1e-6)
    })
  }
})

describe('Network', () => {
  const spec: NetworkSpec = { inputs: 3, loss: 'cce', layers: [{ units: 8, activation: 'relu' }, { units: 4, activation: 'softmax' }] }

  it('is seeded: the same seed gives the same weights, another seed others', () => {
    const a = Network.create(spec, new Rng(1))
    const b = Network.create(spec, new Rng(1))
    const c = Network.create(spec, new Rng(2))
    expect(Array.from(a.weights(0))).toEqual(Array.from(b.weights(0)))
    expect(Array.from(a.weights(0))).not.toEqual(Array.from(c.weights(0)))
  })

  it('exposes each layer: weights [units×fanIn], biases [units]', () => {
    const net = Network.create(spec, new Rng(1))
    expect(net.layerCount).toBe(2)
    expect(net.weights(0).length).toBe(8 * 3)
    expect(net.weights(1).length).toBe(4 * 8)
    expect(net.biases(1)?.length).toBe(4)
    expect(Network.create({ ...spec, layers: [{ units: 2, activation: 'relu', bias: false }, { units: 1, activation: 'sigmoid' }] }, new Rng(1)).biases(0)).toBeNull()
  })

  it('predict returns a new array, in chunks for many rows, equal to one row at a time', () => {
    const net = Network.create(spec, new Rng(1))
    const x = Float32Array.from(uniform(600 * 3, 7))
    const all = net.predict(x, 600)
    expect(all.length).toBe(600 * 4)
    const again = net.predict(x, 600)
    expect(again).not.toBe(all)
    for (const r of [0, 255, 256, 599]) {
      expect(Array.from(net.predict(x.slice(r * 3, r * 3 + 3), 1))).toEqual(Array.from(all.slice(r * 4, r * 4 + 4)))
    }
    for (let r = 0; r < 600; r++) expect(all.slice(r * 4, r * 4 + 4).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5)
  })

  it('float32 (TypeScript kernels) and float64 give the same outputs within float32 tolerance', () => {
    const n32 = Network.create(spec, new Rng(4), tsKernels)
    const n64 = Network.create(spec, new Rng(4), float64Kernels)
    const x = uniform(10 * 3, 8)
    const y32 = n32.predict(Float32Array.from(x), 10)
    n64.reserve(10)
    const y64 = n64.forward(x, 10)
    y32.forEach((v, i) => expect(v).toBeCloseTo(y64[i], 5))
  })

  it('growing its batch buffers gives the old ones back to kernels that can free them', () => {
    const live = new Set<Float32Array>()
    const kernels: Kernels = {
      name: 'tracking',
      alloc: (n) => {
        const b = new Float32Array(n)
        live.add(b)
        return b
      },
      free: (b) => {
        expect(live.delete(b)).toBe(true)
      },
      gemm: tsKernels.gemm,
    }
    const net = Network.create(spec, new Rng(1), kernels)
    net.reserve(4)
    const afterFirst = live.size
    net.reserve(64)
    net.reserve(8)
    expect(live.size).toBe(afterFirst)
  })

  it('warns that step layers (and all below them) cannot learn by gradient', () => {
    expect(specWarnings(spec)).toEqual([])
    const steps: NetworkSpec = { inputs: 2, loss: 'mse', layers: [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'step' }, { units: 1, activation: 'sigmoid' }] }
    expect(specWarnings(steps)).toEqual([
      'Layer 2 uses the step activation, whose derivative is 0: layers 1–2 cannot learn by gradient descent (use the perceptron rule, or sigmoid/tanh).',
    ])
  })

  it('refuses invalid specs with a message', () => {
    const bad = (s: unknown): (() => Network) => () => Network.create(s as NetworkSpec, new Rng(1))
    expect(bad({ ...spec, layers: [{ units: 3, activation: 'softmax' }, { units: 2, activation: 'sigmoid' }] })).toThrow(/softmax is only valid on the output layer/)
    expect(bad({ ...spec, layers: [] })).toThrow(/at least one layer/)
    expect(bad({ ...spec, inputs: 0 })).toThrow(/inputs must be a positive integer/)
    expect(bad({ ...spec, loss: 'hinge' })).toThrow(/unknown loss 'hinge'/)
    expect(bad({ ...spec, layers: [{ units: 2.5, activation: 'relu' }] })).toThrow(/layer 1 units/)
    expect(bad({ ...spec, layers: [{ units: 2, activation: 'swish' }] })).toThrow(/unknown activation 'swish'/)
  })
})

describe('initialisers (SPEC §3.4)', () => {
  const weightsOf = (init: string, units = 200, inputs = 100, sigma?: number): Float32Array =>
    Network.create({ inputs, loss: 'mse', layers: [{ units, activation: 'tanh', init: init as 'gaussian', initSigma: sigma }] }, new Rng(11)).weights(0)
  const std = (w: Float32Array): number => Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length)
  const maxAbs = (w: Float32Array): number => w.reduce((m, v) => Math.max(m, Math.abs(v)), 0)

  it('uniform ones stay within their limits and fill them', () => {
    const g = weightsOf('glorotUniform')
    expect(maxAbs(g)).toBeLessThanOrEqual(Math.sqrt(6 / 300))
    expect(maxAbs(g)).toBeGreaterThan(0.99 * Math.sqrt(6 / 300))
    const h = weightsOf('heUniform')
    expect(maxAbs(h)).toBeLessThanOrEqual(Math.sqrt(6 / 100))
    expect(maxAbs(h)).toBeGreaterThan(0.99 * Math.sqrt(6 / 100))
  })

  it('normal ones have their standard deviation (20,000 draws, within 3%)', () => {
    expect(std(weightsOf('glorotNormal')) / Math.sqrt(2 / 300)).toBeCloseTo(1, 1)
    expect(Math.abs(std(weightsOf('heNormal')) / Math.sqrt(2 / 100) - 1)).toBeLessThan(0.03)
    expect(Math.abs(std(weightsOf('lecunNormal')) / Math.sqrt(1 / 100) - 1)).toBeLessThan(0.03)
    expect(Math.abs(std(weightsOf('gaussian', 200, 100, 0.05)) / 0.05 - 1)).toBeLessThan(0.03)
  })

  it('biases start at 0', () => {
    const net = Network.create({ inputs: 2, loss: 'mse', layers: [{ units: 3, activation: 'relu' }] }, new Rng(1))
    expect(Array.from(net.biases(0)!)).toEqual([0, 0, 0])
  })
})
