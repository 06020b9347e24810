/**
 * cdStep against a plain float64 reference of CD-k / PCD-k with momentum and weight decay, fed the same
 * random draws (Bernoulli draws from a mulberry32 stream seeded by the rng's first draw): checks the stacked gradient GEMM [V0; Vk]ᵀ·[η/rows·H0; −η/rows·Hk], the velocities and
 * the persistent chain, on full and partial batches.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import type { Kernels } from '../../../src/engine/types'
import { loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'
import { Rng } from '../../../src/engine/random'
import { CdWorkspace, Rbm, cdStep, type CdStepSettings } from '../../../src/engine/rbm/rbm'
import type { RandomSource, VisibleKind } from '../../../src/engine/rbm/rbm-math'

const sig = (x: number): number => 1 / (1 + Math.exp(-x))

/** Float64 reference state of one RBM under CD/PCD, the formulas of Hinton 2010 written out loop by loop. */
class Reference {
  W: number[][]
  b: number[]
  c: number[]
  vW: number[][]
  vb: number[]
  vc: number[]
  chain: number[][] | null = null
  /** The Bernoulli draws: a mulberry32 stream (= an `Rng`) seeded by the first draw of the step's rng, as in cdStep. */
  draws: Rng | null = null

  constructor(
    rbm: Rbm,
    readonly visible: VisibleKind,
  ) {
    const { nVisible: nv, nHidden: nh } = rbm
    this.W = Array.from({ length: nv }, (_, i) => Array.from({ length: nh }, (_, j) => rbm.W[i * nh + j]))
    this.b = Array.from(rbm.b)
    this.c = Array.from(rbm.c)
    this.vW = this.W.map((row) => row.map(() => 0))
    this.vb = this.b.map(() => 0)
    this.vc = this.c.map(() => 0)
  }

  private hidden(v: number[]): number[] {
    return this.c.map((cj, j) => sig(cj + v.reduce((s, vi, i) => s + vi * this.W[i][j], 0)))
  }

  private visibleMean(h: number[]): number[] {
    return this.b.map((bi, i) => {
      const a = bi + h.reduce((s, hj, j) => s + hj * this.W[i][j], 0)
      return this.visible === 'bernoulli' ? sig(a) : a
    })
  }

  step(v0: number[][], s: CdStepSettings, rng: RandomSource, batchSize: number): void {
    const rows = v0.length
    const draws = (this.draws ??= new Rng(Math.floor(rng.next() * 2 ** 32)))
    const bern = (p: number[]): number[] => p.map((pi) => (Math.floor(draws.next() * 2 ** 24) < Math.fround(pi) * 2 ** 24 ? 1 : 0))
    const h0 = v0.map((v) => this.hidden(v))
    let hs = s.persistent && this.chain ? this.chain.slice(0, rows) : h0.map(bern)
    let vk: number[][] = []
    let hk: number[][] = []
    for (let t = 1; t <= s.k; t++) {
      const sample = t < s.k || s.persistent
      vk = hs.map((h) => this.visibleMean(h))
      if (sample) vk = vk.map((m) => (this.visible === 'bernoulli' ? bern(m) : m.map((mi) => mi + rng.normal())))
      hk = vk.map((v) => this.hidden(v))
      if (sample) hs = hk.map(bern)
    }
    if (s.persistent) this.chain = rows === batchSize || !this.chain ? hs : [...hs, ...this.chain.slice(rows)]
    const eta = s.learningRate
    const mu = s.momentum
    for (let i = 0; i < this.b.length; i++) {
      for (let j = 0; j < this.c.length; j++) {
        let g = 0
        for (let r = 0; r < rows; r++) g += v0[r][i] * h0[r][j] - vk[r][i] * hk[r][j]
        this.vW[i][j] = mu * this.vW[i][j] + eta * (g / rows - s.weightDecay * this.W[i][j])
      }
    }
    for (let i = 0; i < this.b.length; i++) {
      let g = 0
      for (let r = 0; r < rows; r++) g += v0[r][i] - vk[r][i]
      this.vb[i] = mu * this.vb[i] + (eta * g) / rows
      this.b[i] += this.vb[i]
    }
    for (let j = 0; j < this.c.length; j++) {
      let g = 0
      for (let r = 0; r < rows; r++) g += h0[r][j] - hk[r][j]
      this.vc[j] = mu * this.vc[j] + (eta * g) / rows
      this.c[j] += this.vc[j]
    }
    this.W.forEach((row, i) => row.forEach((_, j) => (row[j] += this.vW[i][j])))
  }
}

function compare(rbm: Rbm, ref: Reference): void {
  const nh = rbm.nHidden
  for (let i = 0; i < rbm.nVisible; i++) {
    for (let j = 0; j < nh; j++) expect(rbm.W[i * nh + j]).toBeCloseTo(ref.W[i][j], 6)
    expect(rbm.b[i]).toBeCloseTo(ref.b[i], 6)
  }
  for (let j = 0; j < nh; j++) expect(rbm.c[j]).toBeCloseTo(ref.c[j], 6)
}

/** Runs `batches` (row counts) through cdStep and the reference with equal seeds, comparing after each. */
function check(kernels: Kernels, visible: VisibleKind, s: CdStepSettings, batches: number[]): void {
  const nv = 5
  const nh = 4
  const batchSize = Math.max(...batches)
  const init = new Rng(21)
  const rbm = Rbm.random(kernels, { nVisible: nv, nHidden: nh, visible }, init, 0.7)
  for (let i = 0; i < nv; i++) rbm.b[i] = 0.3 * init.normal()
  for (let j = 0; j < nh; j++) rbm.c[j] = 0.3 * init.normal()
  const ref = new Reference(rbm, visible)
  const ws = new CdWorkspace(rbm, batchSize)
  const rngA = new Rng(5)
  const rngB = new Rng(5)
  const data = new Rng(9)
  for (const rows of batches) {
    const v0 = Float32Array.from({ length: rows * nv }, () => (visible === 'bernoulli' ? +(data.next() < 0.4) : data.normal()))
    cdStep(ws, v0, rows, s, rngA)
    ref.step(Array.from({ length: rows }, (_, r) => Array.from(v0.subarray(r * nv, (r + 1) * nv))), s, rngB, batchSize)
    compare(rbm, ref)
  }
}

// The naive kernels, and the wasm SIMD kernels whose columnSum/sgdUpdate fast paths cdStep takes.
const kernelSets: Record<string, Kernels> = { naive: naiveKernels }
beforeAll(async () => {
  kernelSets.wasm = await loadWasmKernels()
})

describe.each(['naive', 'wasm'])('cdStep against a float64 reference (same random draws), %s kernels', (name) => {
  it('CD-1 with momentum and weight decay, full then partial batches', () => {
    check(kernelSets[name], 'bernoulli', { k: 1, persistent: false, learningRate: 0.1, momentum: 0.5, weightDecay: 0.01 }, [4, 3, 4])
  })

  it('PCD-2: the chain carries over between updates', () => {
    check(kernelSets[name], 'bernoulli', { k: 2, persistent: true, learningRate: 0.05, momentum: 0.9, weightDecay: 0 }, [4, 4, 2, 4])
  })

  it('PCD-1 without momentum or decay (the sklearn setting of the speed benchmark)', () => {
    check(kernelSets[name], 'bernoulli', { k: 1, persistent: true, learningRate: 0.06, momentum: 0, weightDecay: 0 }, [4, 4, 4])
  })

  it('Gaussian visible units, CD-1', () => {
    check(kernelSets[name], 'gaussian', { k: 1, persistent: false, learningRate: 0.01, momentum: 0.5, weightDecay: 0.001 }, [4, 4])
  })
})

describe('cdStep random source', () => {
  it('a random source without fill() gives the same update as one with it', () => {
    const run = (bare: boolean): Float32Array => {
      const rbm = Rbm.random(naiveKernels, { nVisible: 3, nHidden: 2, visible: 'bernoulli' }, new Rng(3), 0.5)
      const rng = new Rng(4)
      const source: RandomSource = bare ? { next: () => rng.next(), normal: () => rng.normal() } : rng
      cdStep(new CdWorkspace(rbm, 2), Float32Array.from([1, 0, 1, 0, 1, 1]), 2, { k: 1, persistent: true, learningRate: 0.5, momentum: 0, weightDecay: 0 }, source)
      return rbm.W
    }
    expect(Array.from(run(true))).toEqual(Array.from(run(false)))
  })
})
