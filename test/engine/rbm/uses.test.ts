import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { Dbn } from '../../../src/engine/rbm/dbn'
import { Rbm } from '../../../src/engine/rbm/rbm'
import { freeEnergies } from '../../../src/engine/rbm/rbm-eval'
import { RbmTrainer } from '../../../src/engine/rbm/rbm-trainer'
import { anomalyScores, detectAnomalies, gibbsSamples, hiddenFilters, reconstructRows } from '../../../src/engine/rbm/uses'
import { unroll } from '../../../src/engine/rbm/autoencoder'
import { tinyBinaryData } from './helpers'

const k = naiveKernels


function train(): Rbm {
  const d = tinyBinaryData()
  const t = new RbmTrainer(k, { rows: d.rows, cols: d.cols, data: d.x }, { hidden: 4, epochs: 60, batchSize: 4, learningRate: 0.1, weightDecay: 0 }, new Rng(11))
  t.run()
  return t.rbm
}

describe('anomaly scores', () => {
  it('recon = per-row MSE of the mean-field reconstruction; energy = free energy', () => {
    const rbm = train()
    const d = tinyBinaryData()
    const rec = reconstructRows(rbm, d.x, d.rows)
    const s = anomalyScores(rbm, d.x, d.rows, 'recon')
    let row0 = 0
    for (let i = 0; i < 6; i++) row0 += (rec[i] - d.x[i]) ** 2 / 6
    expect(s[0]).toBeCloseTo(row0, 6)
    expect(Array.from(anomalyScores(rbm, d.x, d.rows, 'energy'))).toEqual(Array.from(freeEnergies(rbm, d.x, d.rows)))
    expect(() => anomalyScores(unroll(new Dbn([rbm])), d.x, d.rows, 'energy')).toThrow(/no pretrained stack/)
  })

  it('patterns unlike the training data score higher, and the percentile threshold flags them', () => {
    const rbm = train()
    const d = tinyBinaryData()
    const odd = Float32Array.from([1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1])
    const clean = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    const test = new Float32Array([...clean, ...odd])
    const labels = [0, 0, 0, 0, 1, 1]
    for (const kind of ['recon', 'energy'] as const) {
      const train = anomalyScores(rbm, d.x, d.rows, kind)
      const scores = anomalyScores(rbm, test, 6, kind)
      const report = detectAnomalies(scores, train, 100, labels)
      expect(report.auc).toBe(1)
      expect(report.flagged).toEqual([4, 5])
      expect(report.confusion).toEqual({ tp: 2, fp: 0, tn: 4, fn: 0 })
    }
    expect(detectAnomalies([1, 2], [1, 2, 3], 50).roc).toBeNull()
  })
})

describe('generation and filters', () => {
  it('Gibbs samples of an RBM trained on two prototypes look like the prototypes; seeded', () => {
    const rbm = train()
    const s = gibbsSamples(rbm, 20, 50, new Rng(5))
    expect(s).toHaveLength(120)
    let near = 0
    for (let r = 0; r < 20; r++) {
      const row = Array.from(s.subarray(r * 6, r * 6 + 6)).map((v) => (v > 0.5 ? 1 : 0)).join('')
      if (row === '111000' || row === '000111') near++
    }
    expect(near).toBeGreaterThanOrEqual(14)
    expect(Array.from(gibbsSamples(rbm, 20, 50, new Rng(5)))).toEqual(Array.from(s))
  })

  it('filters: layer 1 = columns of W₁, layer 2 = columns of W₁·W₂, normalised around 0.5', () => {
    const rng = new Rng(6)
    const a = Rbm.random(k, { nVisible: 3, nHidden: 2, visible: 'bernoulli' }, rng, 1)
    const b = Rbm.random(k, { nVisible: 2, nHidden: 2, visible: 'bernoulli' }, rng, 1)
    const dbn = new Dbn([a, b])
    const raw1 = hiddenFilters(dbn, 1, false)
    expect(raw1).toHaveLength(2)
    expect(Array.from(raw1[1])).toEqual([a.W[1], a.W[3], a.W[5]])
    const raw2 = hiddenFilters(dbn, 2, false)
    for (let i = 0; i < 3; i++) expect(raw2[0][i]).toBeCloseTo(a.W[i * 2] * b.W[0] + a.W[i * 2 + 1] * b.W[2], 6)
    const norm = hiddenFilters(dbn, 1)
    const max = Math.max(...raw1[0].map(Math.abs))
    norm[0].forEach((v, i) => expect(v).toBeCloseTo(0.5 + (0.5 * raw1[0][i]) / max, 6))
    expect(() => hiddenFilters(dbn, 3)).toThrow(/1\.\.2/)
  })
})
