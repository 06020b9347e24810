import { describe, expect, it } from 'vitest'
import { Network, perceptron, Rng, Trainer, type Dataset } from '../../src/engine'

const X = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1])
const gate = (t: number[]): Dataset => ({ rows: 4, inputs: 2, outputs: 1, x: X, y: new Float32Array(t), labels: Int32Array.from(t) })

describe('perceptron (SPEC §3.6)', () => {
  it('learns OR', () => {
    const r = perceptron(gate([0, 1, 1, 1]))
    expect(r.converged).toBe(true)
    expect(r.errors.at(-1)).toBe(0)
  })
  it('learns NAND', () => {
    const r = perceptron(gate([1, 1, 1, 0]))
    expect(r.converged).toBe(true)
  })
  it('cannot learn XOR: every epoch has errors', () => {
    const r = perceptron(gate([0, 1, 1, 0]), { epochs: 200 })
    expect(r.converged).toBe(false)
    expect(r.epochs).toBe(200)
    expect(Math.min(...r.errors)).toBeGreaterThan(0)
  })
})

describe('MLP on XOR', () => {
  it('a 2-4-1 tanh/sigmoid network learns XOR with Adam', () => {
    const net = Network.create(
      { inputs: 2, loss: 'bce', layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] },
      new Rng(7),
    )
    const t = new Trainer(net, { train: gate([0, 1, 1, 0]) }, { optimizer: 'adam', learningRate: 0.05, batchSize: 'full', epochs: 2000, seed: 1, stopping: { targetAccuracy: 1 } })
    let last = null
    while (!t.done) last = t.step()
    expect(last?.stop?.kind).toBe('targetAccuracy')
    const y = net.predict(X, 4)
    expect(Array.from(y, (v) => (v >= 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0])
  })
})

describe('the smallest MLP on XOR', () => {
  it('a 2-2-1 sigmoid network learns XOR with momentum SGD on MSE', () => {
    const net = Network.create(
      { inputs: 2, loss: 'mse', layers: [{ units: 2, activation: 'sigmoid', init: 'gaussian', initSigma: 1 }, { units: 1, activation: 'sigmoid', init: 'gaussian', initSigma: 1 }] },
      new Rng(3),
    )
    const t = new Trainer(net, { train: gate([0, 1, 1, 0]) }, { optimizer: 'momentum', momentum: 0.9, learningRate: 0.5, batchSize: 1, epochs: 5000, seed: 2, task: 'binary', stopping: { targetAccuracy: 1 } })
    while (!t.done) t.step()
    expect(t.stopReason?.kind).toBe('targetAccuracy')
    expect(Array.from(net.predict(X, 4), (v) => (v >= 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0])
  })
})
