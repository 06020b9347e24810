import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { Rbm, CdWorkspace, cdStep } from '../../../src/engine/rbm/rbm'
import { freeEnergies, pseudoLogLikelihood } from '../../../src/engine/rbm/rbm-eval'
import { RbmTrainer } from '../../../src/engine/rbm/rbm-trainer'
import { bruteFreeEnergy, exactLogLikelihood, tinyBinaryData } from './helpers'

const k = naiveKernels
const sig = (x: number): number => 1 / (1 + Math.exp(-x))

function randomRbm(nv: number, nh: number, visible: 'bernoulli' | 'gaussian', seed: number): Rbm {
  const rng = new Rng(seed)
  const rbm = Rbm.random(k, { nVisible: nv, nHidden: nh, visible }, rng, 1)
  for (let i = 0; i < nv; i++) rbm.b[i] = rng.normal()
  for (let j = 0; j < nh; j++) rbm.c[j] = rng.normal()
  return rbm
}

describe('RBM conditionals', () => {
  it('p(h=1|v) = σ(c + Wᵀv) for every row and hidden unit', () => {
    const rbm = randomRbm(5, 3, 'bernoulli', 1)
    const v = Float32Array.from([1, 0, 1, 1, 0, 0, 1, 0, 0, 1])
    const out = new Float32Array(6)
    rbm.hiddenProbs(v, 2, out)
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 3; j++) {
        let a = rbm.c[j]
        for (let i = 0; i < 5; i++) a += rbm.W[i * 3 + j] * v[r * 5 + i]
        expect(out[r * 3 + j]).toBeCloseTo(sig(a), 6)
      }
    }
  })

  it('p(v=1|h) = σ(b + Wh) for Bernoulli visible units', () => {
    const rbm = randomRbm(5, 3, 'bernoulli', 2)
    const h = Float32Array.from([1, 0, 1, 0, 1, 1])
    const out = new Float32Array(10)
    rbm.visibleMeans(h, 2, out)
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < 5; i++) {
        let a = rbm.b[i]
        for (let j = 0; j < 3; j++) a += rbm.W[i * 3 + j] * h[r * 3 + j]
        expect(out[r * 5 + i]).toBeCloseTo(sig(a), 6)
      }
    }
  })

  it('Gaussian visible units have conditional mean b + Wh', () => {
    const rbm = randomRbm(4, 3, 'gaussian', 3)
    const h = Float32Array.from([1, 1, 0])
    const out = new Float32Array(4)
    rbm.visibleMeans(h, 1, out)
    for (let i = 0; i < 4; i++) expect(out[i]).toBeCloseTo(rbm.b[i] + rbm.W[i * 3] + rbm.W[i * 3 + 1], 6)
    const samples = new Float32Array(4)
    let s0 = 0
    const rng = new Rng(4)
    for (let t = 0; t < 4000; t++) {
      rbm.sampleV(out, 1, samples, rng)
      s0 += samples[0]
    }
    expect(s0 / 4000).toBeCloseTo(out[0], 1)
  })

  it('sampleH draws 1 with frequency p(h=1|v)', () => {
    const rbm = randomRbm(3, 2, 'bernoulli', 5)
    const p = Float32Array.from([0.2, 0.7])
    const h = new Float32Array(2)
    const rng = new Rng(6)
    const n = [0, 0]
    for (let t = 0; t < 5000; t++) {
      rbm.sampleH(p, 1, h, rng)
      n[0] += h[0]
      n[1] += h[1]
    }
    expect(n[0] / 5000).toBeCloseTo(0.2, 1)
    expect(n[1] / 5000).toBeCloseTo(0.7, 1)
  })
})

describe('free energy and likelihood by enumeration', () => {
  it('F(v) equals −log Σ_h e^{−E(v,h)} (Bernoulli and Gaussian visible)', () => {
    for (const visible of ['bernoulli', 'gaussian'] as const) {
      const rbm = randomRbm(4, 5, visible, 7)
      const v = visible === 'bernoulli' ? Float32Array.from([1, 0, 1, 1, 0, 1, 0, 0]) : Float32Array.from([0.3, -1.2, 2, 0.5, -0.1, 0, 1.5, -2])
      const f = freeEnergies(rbm, v, 2)
      for (let r = 0; r < 2; r++) expect(f[r]).toBeCloseTo(bruteFreeEnergy(rbm, v.subarray(r * 4, r * 4 + 4)), 4)
    }
  })

  it('exact log-likelihood of a fixed data set rises under CD-1 (seeded)', () => {
    const data = tinyBinaryData()
    const trainer = new RbmTrainer(k, { rows: data.rows, cols: data.cols, data: data.x }, { hidden: 4, epochs: 60, batchSize: 4, learningRate: 0.1, weightDecay: 0 }, new Rng(11))
    const before = exactLogLikelihood(trainer.rbm, data.x, data.rows)
    const lls = [before]
    for (let block = 0; block < 3; block++) {
      for (let e = 0; e < 20; e++) while (trainer.step().epochEnd === null);
      lls.push(exactLogLikelihood(trainer.rbm, data.x, data.rows))
    }
    expect(before).toBeCloseTo(-6 * Math.log(2), 1)
    // CD-1 reaches the plateau (≈ −2.65 nats) within 20 epochs and then fluctuates with the sampling noise,
    // so each block is compared with the start: over seeds 1–30 every block gains 0.94–1.53 nats
    for (let i = 1; i < lls.length; i++) expect(lls[i]).toBeGreaterThan(before + 0.9)
  })

  it('persistent CD also raises the exact log-likelihood (small steps: few persistent chains mix slowly)', () => {
    const data = tinyBinaryData()
    const trainer = new RbmTrainer(k, { rows: data.rows, cols: data.cols, data: data.x }, { hidden: 4, epochs: 100, batchSize: 6, learningRate: 0.05, momentum: 0.5, persistent: true }, new Rng(12))
    const before = exactLogLikelihood(trainer.rbm, data.x, data.rows)
    trainer.run()
    // gains 0.47–1.40 nats over seeds 1–30
    expect(exactLogLikelihood(trainer.rbm, data.x, data.rows)).toBeGreaterThan(before + 0.4)
  })

  it('pseudo-log-likelihood matches n·log σ(F(ṽ) − F(v)) computed by enumeration', () => {
    const rbm = randomRbm(5, 3, 'bernoulli', 8)
    const v = Float32Array.from([1, 0, 1, 1, 0])
    // with one row and nv = 5 the flipped bit is ⌊u·5⌋ for the first draw of the same seed
    const i = Math.floor(new Rng(9).next() * 5)
    const flipped = Float32Array.from(v)
    flipped[i] = 1 - flipped[i]
    const expected = 5 * Math.log(sig(bruteFreeEnergy(rbm, flipped) - bruteFreeEnergy(rbm, v)))
    expect(pseudoLogLikelihood(rbm, v, 1, new Rng(9))).toBeCloseTo(expected, 4)
  })
})

describe('CD-k update', () => {
  it('with W = 0 and k = 1, one step moves the biases by η·mean(v0 − v1) and η·mean(h0 − h1) exactly', () => {
    const rbm = new Rbm(k, { nVisible: 2, nHidden: 1, visible: 'bernoulli' })
    const ws = new CdWorkspace(rbm, 2)
    cdStep(ws, Float32Array.from([1, 0, 1, 1]), 2, { k: 1, persistent: false, learningRate: 0.5, momentum: 0, weightDecay: 0 }, new Rng(1))
    // p(h|v) = σ(0) = 0.5 for both phases; p(v|h) = σ(0) = 0.5 (the last v is the mean for CD)
    expect(rbm.c[0]).toBeCloseTo(0, 6)
    expect(rbm.b[0]).toBeCloseTo(0.5 * (1 - 0.5), 6)
    expect(rbm.b[1]).toBeCloseTo(0.5 * (0.5 - 0.5), 6)
    // ΔW_i = η·mean(v0_i·0.5 − 0.5·0.5)
    expect(rbm.W[0]).toBeCloseTo(0.5 * (0.5 - 0.25), 6)
    expect(rbm.W[1]).toBeCloseTo(0.5 * (0.25 - 0.25), 6)
  })

  it('weight decay shrinks W when the data carry no signal, and momentum follows 0.5 → 0.9', () => {
    const data = { rows: 4, cols: 2, data: new Float32Array(8).fill(0.5) }
    const t = new RbmTrainer(k, data, { hidden: 2, epochs: 7, batchSize: 4, weightDecay: 0.5, learningRate: 0.1, initSigma: 1 }, new Rng(2))
    const w0 = Math.hypot(...t.rbm.W)
    const stats = t.run()
    expect(Math.hypot(...t.rbm.W)).toBeLessThan(w0)
    expect(stats.map((s) => s.momentum)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.9, 0.9])
  })

  it('the same seed gives the same weights; stop() ends the run', () => {
    const data = tinyBinaryData()
    const m = { rows: data.rows, cols: data.cols, data: data.x }
    const a = new RbmTrainer(k, m, { hidden: 3, epochs: 3, batchSize: 5 }, new Rng(3))
    const b = new RbmTrainer(k, m, { hidden: 3, epochs: 3, batchSize: 5 }, new Rng(3))
    a.run()
    b.run()
    expect(Array.from(a.rbm.W)).toEqual(Array.from(b.rbm.W))
    const c = new RbmTrainer(k, m, { hidden: 3, epochs: 3, batchSize: 5 }, new Rng(3))
    c.step()
    c.stop()
    const r = c.step()
    expect(r.done).toBe(true)
    expect(r.stopReason).toEqual({ kind: 'stopped' })
  })

  it('reports per-epoch monitors, with validation free energy', () => {
    const data = tinyBinaryData()
    const m = { rows: data.rows, cols: data.cols, data: data.x }
    const t = new RbmTrainer(k, m, { hidden: 3, epochs: 2, batchSize: 8 }, new Rng(4), { rows: 4, cols: 6, data: data.x.slice(0, 24) })
    const stats = t.run()
    expect(stats).toHaveLength(2)
    expect(stats[1].epoch).toBe(2)
    expect(stats[1].reconstructionError).toBeGreaterThan(0)
    expect(stats[1].pseudoLogLikelihood).toBeLessThan(0)
    expect(stats[1].freeEnergyVal).not.toBeNull()
  })

  it('a Gaussian–Bernoulli RBM on z-scored two-cluster data lowers its reconstruction error under CD-1', () => {
    const rng = new Rng(7)
    const rows = 40
    const x = new Float32Array(rows * 4)
    for (let r = 0; r < rows; r++) for (let i = 0; i < 4; i++) x[r * 4 + i] = (r % 2 === 0 ? 1 : -1) * (i < 2 ? 1 : -1) + 0.3 * rng.normal()
    const t = new RbmTrainer(k, { rows, cols: 4, data: x }, { hidden: 3, visible: 'gaussian', epochs: 40, batchSize: 8 }, rng)
    expect(t.settings.learningRate).toBe(0.005)
    const stats = t.run()
    expect(stats[0].pseudoLogLikelihood).toBeNull()
    expect(stats[39].reconstructionError).toBeLessThan(0.5 * stats[0].reconstructionError)
  })

  it('after the first epoch, training and monitoring allocate no more kernel memory', () => {
    const data = tinyBinaryData()
    let allocs = 0
    const counting = { name: 'counting', alloc: (n: number) => (allocs++, new Float32Array(n)), gemm: k.gemm }
    const t = new RbmTrainer(counting, { rows: data.rows, cols: data.cols, data: data.x }, { hidden: 3, epochs: 4, batchSize: 5 }, new Rng(6), { rows: 4, cols: 6, data: data.x.slice(0, 24) })
    while (t.step().epochEnd === null);
    const afterFirst = allocs
    t.run()
    expect(allocs).toBe(afterFirst)
  })

  it('a Gaussian RBM with a huge learning rate stops as diverged and keeps the last good weights', () => {
    const rng = new Rng(5)
    const x = Float32Array.from({ length: 40 }, () => 3 * rng.normal())
    const t = new RbmTrainer(k, { rows: 10, cols: 4, data: x }, { hidden: 3, visible: 'gaussian', epochs: 50, batchSize: 5, learningRate: 50, momentum: 0.99, momentumSchedule: false }, rng)
    const stats = t.run()
    const last = t.step()
    expect(last.stopReason?.kind).toBe('diverged')
    expect(stats.length).toBeLessThan(50)
    expect(t.rbm.W.every((w) => Number.isFinite(w))).toBe(true)
  })
})
