import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { Dbn, DbnTrainer } from '../../../src/engine/rbm/dbn'
import { Rbm } from '../../../src/engine/rbm/rbm'
import { buildClassifier, classify, encodeAe, oneHot, reconstructAe, unroll } from '../../../src/engine/rbm/autoencoder'
import { FineTuneTrainer } from '../../../src/engine/rbm/fine-tune-trainer'
import { mse } from '../../../src/engine/rbm/metrics'
import { addNoise } from '../../../src/engine/rbm/noise'
import { tinyBinaryData } from './helpers'

const k = naiveKernels

function randomStack(visible: 'bernoulli' | 'gaussian', seed: number): Dbn {
  const rng = new Rng(seed)
  const layers = [Rbm.random(k, { nVisible: 6, nHidden: 4, visible }, rng, 0.8), Rbm.random(k, { nVisible: 4, nHidden: 3, visible: 'bernoulli' }, rng, 0.8)]
  for (const r of layers) {
    for (let i = 0; i < r.b.length; i++) r.b[i] = 0.3 * rng.normal()
    for (let j = 0; j < r.c.length; j++) r.c[j] = 0.3 * rng.normal()
  }
  return new Dbn(layers)
}

describe('unrolled autoencoder', () => {
  it("the first reconstruction equals the stack's mean-field up-down pass (Bernoulli and Gaussian first layer)", () => {
    for (const visible of ['bernoulli', 'gaussian'] as const) {
      const dbn = randomStack(visible, 1)
      const x = tinyBinaryData().x
      const ae = unroll(dbn)
      expect(ae.net.layers.map((l) => `${l.inputs}>${l.outputs}:${l.activation}`)).toEqual([
        '6>4:sigmoid',
        '4>3:sigmoid',
        '3>4:sigmoid',
        `4>6:${visible === 'gaussian' ? 'identity' : 'sigmoid'}`,
      ])
      expect(ae.net.loss).toBe(visible === 'gaussian' ? 'mse' : 'bce')
      const rec = reconstructAe(ae, x, 24)
      const upDown = dbn.upDown(x, 24)
      rec.forEach((v, i) => expect(v).toBeCloseTo(upDown[i], 5))
      encodeAe(ae, x, 24).forEach((v, i) => expect(v).toBeCloseTo(dbn.up(x, 24)[i], 5))
    }
  })

  it('decoder weights start as copies of Wᵀ and are untied from the RBM', () => {
    const dbn = randomStack('bernoulli', 2)
    const ae = unroll(dbn)
    const dec = ae.net.layers[3]
    expect(dec.W[1 * 6 + 2]).toBe(dbn.layers[0].W[2 * 4 + 1])
    dec.W[0] += 1
    expect(ae.net.layers[0].W[0]).toBe(dbn.layers[0].W[0])
    expect(dbn.layers[0].W[0]).not.toBe(dec.W[0])
  })

  it('fine-tuning lowers the reconstruction error; denoising fine-tuning lowers the error on noisy inputs', () => {
    const d = tinyBinaryData()
    const m = { rows: d.rows, cols: d.cols, data: d.x }
    const dbn = new DbnTrainer(k, m, { layers: [4, 2], rbm: { epochs: 10, batchSize: 6, learningRate: 0.1 } }, new Rng(3)).run()
    const ae = unroll(dbn)
    const before = mse(reconstructAe(ae, d.x, d.rows), d.x)
    const stats = new FineTuneTrainer(k, ae.net, { inputs: m, targets: m }, { epochs: 40, batchSize: 6, learningRate: 0.01 }, new Rng(4)).run()
    expect(stats[stats.length - 1].trainLoss).toBeLessThan(stats[0].trainLoss)
    expect(mse(reconstructAe(ae, d.x, d.rows), d.x)).toBeLessThan(before)

    const noisy = addNoise({ kind: 'saltpepper', rate: 0.2 }, d.x, new Rng(5))
    const dae = unroll(dbn)
    const noisyBefore = mse(reconstructAe(dae, noisy, d.rows), d.x)
    new FineTuneTrainer(k, dae.net, { inputs: m, targets: m }, { epochs: 40, batchSize: 6, learningRate: 0.01, noise: { kind: 'saltpepper', rate: 0.2 } }, new Rng(6)).run()
    expect(mse(reconstructAe(dae, noisy, d.rows), d.x)).toBeLessThan(noisyBefore)
  })
})

describe('DBN classifier', () => {
  it('pretrained stack + softmax learns the two prototypes from labels', () => {
    const d = tinyBinaryData()
    const m = { rows: d.rows, cols: d.cols, data: d.x }
    const labels = Int32Array.from({ length: d.rows }, (_, r) => r % 2)
    const dbn = new DbnTrainer(k, m, { layers: [4], rbm: { epochs: 10, batchSize: 6, learningRate: 0.1 } }, new Rng(7)).run()
    const clf = buildClassifier(dbn, 2, new Rng(8))
    const t = new FineTuneTrainer(k, clf.net, { inputs: m, targets: { rows: d.rows, cols: 2, data: oneHot(labels, 2) } }, { epochs: 30, batchSize: 6, learningRate: 0.05 }, new Rng(9))
    const stats = t.run()
    expect(stats[stats.length - 1].trainAccuracy).toBe(1)
    expect(Array.from(classify(clf, d.x, d.rows))).toEqual(Array.from(labels))
    expect(() => oneHot([0, 2], 2)).toThrow(/label 2 of row 2/)
  })
})
