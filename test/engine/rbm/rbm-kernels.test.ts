/**
 * The CD step's kernels: the TypeScript float32 twins (src/engine/rbm/rbm-kernels.ts) against exact
 * formulas and hand-computed values, the wasm SIMD kernels (assembly/rbm.ts, both builds) against the
 * twins bit for bit (σ, Bernoulli draws, momentum + decay) or against a float64 product (the
 * zero-skipping GEMM), and RBM training on the TypeScript kernels against the wasm kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import type { WasmKernels } from '../../../src/engine/kernels/wasm-kernels'
import { Rng } from '../../../src/engine/random'
import { RbmTrainer } from '../../../src/engine/rbm/rbm-trainer'
import { mulberry32Hash, sigmoid32, sigmoidRows32, velocity32 } from '../../../src/engine/rbm/rbm-kernels'
import { loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'

const sig = (x: number): number => 1 / (1 + Math.exp(-x))

describe('float32 σ and Bernoulli draws (TypeScript twins)', () => {
  it('sigmoid32 is within 1.2e-7 of 1/(1+e^−x) on [−40, 40], saturates at ±100 and passes NaN', () => {
    let worst = 0
    for (let x = -40; x <= 40; x += 0.0123) worst = Math.max(worst, Math.abs(sigmoid32(x) - sig(x)))
    expect(worst).toBeLessThan(1.2e-7)
    expect(sigmoid32(100)).toBe(1)
    expect(sigmoid32(-100)).toBeLessThan(1e-37)
    expect(sigmoid32(0)).toBe(0.5)
    expect(sigmoid32(NaN)).toBeNaN()
  })

  it('mulberry32Hash of state s + 0x6d2b79f5 is Rng(s).next() · 2³²', () => {
    const rng = new Rng(42)
    let s = 42
    for (let i = 0; i < 5; i++) {
      s = (s + 0x6d2b79f5) | 0
      expect(mulberry32Hash(s)).toBe(rng.next() * 2 ** 32)
    }
  })

  it('sigmoidRows32 writes scale·σ(z + b) and samples [u < p], u the Rng stream at `state` on a 2⁻²⁴ grid; returns the next state', () => {
    const z = Float32Array.from([0, 2, -1, 0.5, 30, -30])
    const bias = Float32Array.from([0.5, -0.5, 0])
    const out = new Float32Array(6)
    const next = sigmoidRows32(z, bias, 2, 3, -0.25, out, 777)
    const rng = new Rng(777)
    const pre = [0.5, 1.5, -1, 1, 29.5, -30]
    pre.forEach((t, i) => {
      const p = Math.fround(sig(t))
      expect(z[i]).toBeCloseTo(-0.25 * p, 7)
      expect(out[i]).toBe(Math.floor(rng.next() * 2 ** 24) < sigmoid32(t) * 2 ** 24 ? 1 : 0)
    })
    expect(out[4]).toBe(1) // p = 1 in float32
    expect(out[5]).toBe(0) // p ≈ 9e-14
    expect(new Rng(next).next()).toBe(rng.next())
  })

  it('without `out` only z changes and the state is returned unchanged', () => {
    const z = Float32Array.from([1, -1])
    expect(sigmoidRows32(z, new Float32Array(2), 1, 2, 1, null, 99)).toBe(99)
    expect(z[0]).toBeCloseTo(sig(1), 7)
    expect(z[1]).toBeCloseTo(sig(-1), 7)
  })

  it('the draws have frequency p (10⁵ draws of p = σ(0.3) ≈ 0.5744)', () => {
    const n = 100000
    const z = new Float32Array(n).fill(0.3)
    const out = new Float32Array(n)
    sigmoidRows32(z, new Float32Array(n), 1, n, 1, out, 12345)
    expect(out.reduce((a, c) => a + c, 0) / n).toBeCloseTo(sig(0.3), 2)
  })

  it('velocity32: vel ← μ·vel − d·w (hand-computed)', () => {
    const vel = Float32Array.from([1, -2, 0])
    velocity32(vel, Float32Array.from([0.5, 4, -10]), 0.9, 0.01)
    expect(vel[0]).toBeCloseTo(0.895, 6)
    expect(vel[1]).toBeCloseTo(-1.84, 6)
    expect(vel[2]).toBeCloseTo(0.1, 6)
  })
})

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const builds: Record<string, WasmKernels> = {}
beforeAll(async () => {
  builds.simd = await loadWasmKernels({ variant: 'simd' })
  builds.relaxed = await loadWasmKernels({ variant: 'relaxed' })
})
afterAll(() => Object.values(builds).forEach((k) => k.dispose()))

describe.each(['simd', 'relaxed'])('wasm RBM kernels (%s build)', (name) => {
  it('rbmSigmoid equals sigmoidRows32 bit for bit: values, samples and state (rows of 7 and 16, extremes, out = z)', () => {
    const k = builds[name]
    for (const cols of [7, 16]) {
      const rows = 5
      const rand = lcg(cols)
      const z = k.alloc(rows * cols)
      const bias = k.alloc(cols)
      for (let i = 0; i < z.length; i++) z[i] = 12 * (rand() - 0.5)
      z[0] = 100
      z[1] = -100
      z[2] = 0
      for (let j = 0; j < cols; j++) bias[j] = rand() - 0.5
      const zTs = Float32Array.from(z)
      const outTs = new Float32Array(rows * cols)
      const out = k.alloc(rows * cols)
      const state = 0xfffffff0 // wraps past 2³² within the stream
      expect(k.rbmSigmoid!(z, bias, rows, cols, -0.3, out, state)).toBe(sigmoidRows32(zTs, bias, rows, cols, -0.3, outTs, state))
      expect(Array.from(z)).toEqual(Array.from(zTs))
      expect(Array.from(out)).toEqual(Array.from(outTs))
      // out aliasing z: z ends up holding the samples
      const z2 = k.alloc(rows * cols)
      z2.set(zTs)
      const z2Ts = Float32Array.from(zTs)
      expect(k.rbmSigmoid!(z2, bias, rows, cols, 1, z2, 5)).toBe(sigmoidRows32(z2Ts, bias, rows, cols, 1, z2Ts, 5))
      expect(Array.from(z2)).toEqual(Array.from(z2Ts))
    }
  })

  it('rbmVelocity equals velocity32 bit for bit (length 10: SIMD body and tail)', () => {
    const k = builds[name]
    const rand = lcg(3)
    const vel = k.alloc(10)
    const w = k.alloc(10)
    for (let i = 0; i < 10; i++) {
      vel[i] = rand() - 0.5
      w[i] = 4 * rand() - 2
    }
    const velTs = Float32Array.from(vel)
    k.rbmVelocity!(vel, w, 0.9, 0.0007)
    velocity32(velTs, w, 0.9, 0.0007)
    expect(Array.from(vel)).toEqual(Array.from(velTs))
  })

  it('sparseGemm equals the float64 product of op(A)·B (+ C), both A layouts, n = 37, and returns the nonzero count', () => {
    const k = builds[name]
    const m = 6
    const kk = 11
    const n = 37 // one 32-column block, one 4-column block, one column alone
    const rand = lcg(9)
    for (const transA of [false, true]) {
      for (const accumulate of [false, true]) {
        const a = k.alloc(m * kk)
        let nnz = 0
        for (let i = 0; i < a.length; i++) {
          a[i] = rand() < 0.3 ? rand() - 0.5 : 0
          if (a[i] !== 0) nnz++
        }
        const b = k.alloc(kk * n)
        for (let i = 0; i < b.length; i++) b[i] = rand() - 0.5
        const c = k.alloc(m * n)
        for (let i = 0; i < c.length; i++) c[i] = rand() - 0.5
        const c0 = Float32Array.from(c)
        expect(k.sparseGemm!(a, b, c, m, n, kk, transA, accumulate, m * kk, k.alloc(2 * kk))).toBe(nnz)
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = accumulate ? c0[i * n + j] : 0
            for (let p = 0; p < kk; p++) s += (transA ? a[p * m + i] : a[i * kk + p]) * b[p * n + j]
            expect(c[i * n + j]).toBeCloseTo(s, 5)
          }
        }
      }
    }
  })

  it('sparseGemm returns −1 and leaves C alone when op(A) has more nonzeros than allowed', () => {
    const k = builds[name]
    const a = k.alloc(4)
    a.set([1, 0, 2, 3])
    const b = k.alloc(8).fill(1)
    const c = k.alloc(2).fill(7)
    expect(k.sparseGemm!(a, b, c, 1, 2, 4, false, false, 2, k.alloc(12))).toBe(-1)
    expect(Array.from(c)).toEqual([7, 7])
    expect(k.sparseGemm!(a, b, c, 1, 2, 4, false, false, 3, k.alloc(12))).toBe(3)
    expect(Array.from(c)).toEqual([6, 6])
  })

  it('buffers outside wasm memory: rbmSigmoid takes the TypeScript twin, sparseGemm declines (−1)', () => {
    const k = builds[name]
    const z = Float32Array.from([0.2, -0.7, 1.5])
    const zTs = Float32Array.from(z)
    const out = new Float32Array(3)
    const outTs = new Float32Array(3)
    const bias = new Float32Array(3)
    expect(k.rbmSigmoid!(z, bias, 1, 3, 1, out, 8)).toBe(sigmoidRows32(zTs, bias, 1, 3, 1, outTs, 8))
    expect(Array.from(out)).toEqual(Array.from(outTs))
    expect(k.sparseGemm!(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2, false, false, 4, new Float32Array(4))).toBe(-1)
  })
})

describe('RBM training: TypeScript kernels vs wasm kernels', () => {
  /** Sparse binary rows (≈ 25 % ones, like MNIST), 20 visible units. */
  function data(): Float32Array {
    const rand = lcg(17)
    return Float32Array.from({ length: 40 * 20 }, () => +(rand() < 0.25))
  }

  it.each([
    ['CD-1 with momentum and weight decay', { persistent: false, momentum: 0.5, weightDecay: 0.001 }],
    ['PCD-1, the sklearn setting', { persistent: true, momentum: 0, weightDecay: 0 }],
  ] as const)('%s: the same weights within float32 rounding after 3 epochs', (_, extra) => {
    const train = (kernels: typeof naiveKernels): Float32Array => {
      const t = new RbmTrainer(kernels, { rows: 40, cols: 20, data: data() }, { hidden: 9, epochs: 3, batchSize: 8, learningRate: 0.1, shuffle: true, ...extra }, new Rng(3))
      t.run()
      return Float32Array.from([...t.rbm.W, ...t.rbm.b, ...t.rbm.c])
    }
    const ts = train(naiveKernels)
    const wasm = train(builds.relaxed)
    let worst = 0
    for (let i = 0; i < ts.length; i++) worst = Math.max(worst, Math.abs(ts[i] - wasm[i]))
    expect(worst).toBeLessThan(1e-5)
    expect(ts.some((x) => Math.abs(x) > 0.05)).toBe(true) // it did train
  })
})
