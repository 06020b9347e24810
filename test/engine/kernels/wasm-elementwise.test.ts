// The training-step fast paths of the wasm kernels (assembly/elementwise.ts): each against the
// float64 formula of activations.ts / losses.ts, in both builds, for buffers inside wasm memory
// (SIMD path) and outside it (the JS fallback), and a whole network on the wasm kernels against the
// same network on the TypeScript kernels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activation, lossFor, Network, Rng, tsKernels, type Kernels, type NetworkSpec } from '../../../src/engine/index'
import type { WasmKernels } from '../../../src/engine/kernels/wasm-kernels'
import { loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** `n` values uniform in [lo, hi). */
function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  const rand = lcg(seed)
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand())
}

/** One-hot rows of `cols` classes. */
function oneHot(rows: number, cols: number, seed: number): Float32Array {
  const rand = lcg(seed)
  const t = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) t[r * cols + Math.floor(rand() * cols)] = 1
  return t
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let worst = 0
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-30))
  return worst
}

describe.each(['simd', 'relaxed'] as const)('wasm %s elementwise fast paths', (variant) => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await loadWasmKernels({ variant })
  })
  afterAll(() => k.dispose())

  /** A copy of x in wasm memory (the SIMD path). */
  const own = (x: Float32Array): Float32Array => {
    const v = k.alloc(x.length)
    v.set(x)
    return v
  }

  it('softmaxRows equals the float64 softmax within float32 rounding, 10 and 7 columns (vector body and lane tail)', () => {
    for (const cols of [10, 7]) {
      const rows = 9
      const z = uniform(rows * cols, cols, -30, 30)
      const expected = new Float64Array(rows * cols)
      activation('softmax').forward(Float64Array.from(z), expected, rows, cols)
      const a = k.alloc(rows * cols)
      k.softmaxRows?.(own(z), a, rows, cols)
      // float32 z − max (|·| ≤ 60) is off by up to 60·2⁻²⁴ ≈ 3.6e-6, and e^x carries that relative error
      expect(maxRelDiff(a, expected)).toBeLessThan(4e-6)
      const plain = new Float32Array(rows * cols)
      k.softmaxRows?.(z, plain, rows, cols)
      expect(maxRelDiff(plain, expected)).toBeLessThan(2e-7) // e^x and the quotient each rounded to float32
    }
  })

  it('softmaxRows stays finite and sums to 1 for logits of ±1e4', () => {
    const z = own(Float32Array.of(1e4, -1e4, 0, 1e4 - 1, 5, -5, 3, 2))
    const a = k.alloc(8)
    k.softmaxRows?.(z, a, 2, 4)
    expect(Array.from(a.subarray(0, 4)).every(Number.isFinite)).toBe(true)
    expect(a[0] + a[1] + a[2] + a[3]).toBeCloseTo(1, 6)
    expect(a[0] / a[3]).toBeCloseTo(Math.E, 4)
    expect(a[1]).toBeLessThan(1e-30)
  })

  it('softmaxCrossEntropy equals the fused float64 loss, with one-hot and soft targets', () => {
    const [rows, cols] = [13, 10]
    const z = uniform(rows * cols, 3, -8, 8)
    const soft = uniform(rows * cols, 4, 0, 1)
    for (let r = 0; r < rows; r++) {
      let s = 0
      for (let j = 0; j < cols; j++) s += soft[r * cols + j]
      for (let j = 0; j < cols; j++) soft[r * cols + j] /= s
    }
    const loss = lossFor('cce', 'softmax')
    for (const t of [oneHot(rows, cols, 5), soft]) {
      const expected = loss.forward(new Float64Array(0), Float64Array.from(z), Float64Array.from(t), rows, cols)
      const value = k.softmaxCrossEntropy?.(own(z), own(t), rows, cols) ?? NaN
      expect(Math.abs(value - expected) / expected).toBeLessThan(1e-6)
      expect(k.softmaxCrossEntropy?.(z, t, rows, cols)).toBeCloseTo(expected, 5)
    }
  })

  it('softmaxCrossEntropy of a sure, right prediction is ≈ 0 and of a sure, wrong one is the logit gap', () => {
    const z = own(Float32Array.of(50, 0, 0, 0, 50, 0))
    const t = own(Float32Array.of(1, 0, 0, 1, 0, 0))
    // row 1: ln(1 + 2e^−50) ≈ 0; row 2: lse − z_0 ≈ 50 (mean over 2 rows: 25)
    expect(k.softmaxCrossEntropy?.(z, t, 2, 3)).toBeCloseTo(25, 4)
  })

  it('scaledDifference gives (y − t)·scale over the requested length only', () => {
    const y = own(Float32Array.of(0.25, 0.5, 0.75, 1, 0.125, 9))
    const t = own(Float32Array.of(1, 0, 0, 1, 0, 9))
    const d = own(new Float32Array(6).fill(-7))
    k.scaledDifference?.(y, t, d, 5, 0.5)
    expect(Array.from(d)).toEqual([-0.375, 0.25, 0.375, 0, 0.0625, -7])
    const dPlain = new Float32Array(6).fill(-7)
    k.scaledDifference?.(y.slice(), t.slice(), dPlain, 5, 0.5)
    expect(Array.from(dPlain)).toEqual(Array.from(d))
  })

  it('sumAbs over 1003 values (blocks of 64 and a scalar tail) equals the float64 sum', () => {
    const x = uniform(1003, 11, -2, 2)
    let expected = 0
    for (const v of x) expected += Math.abs(v)
    expect(k.sumAbs?.(own(x), x.length)).toBeCloseTo(expected, 2)
    expect(k.sumAbs?.(own(x), 3)).toBeCloseTo(Math.abs(x[0]) + Math.abs(x[1]) + Math.abs(x[2]), 6)
  })

  it('reluForward and reluBackward stop at the given length', () => {
    const z = own(Float32Array.of(-1, 2, -3, 4, 5, -6))
    const a = own(new Float32Array(6).fill(9))
    k.reluForward(z, a, 5)
    expect(Array.from(a)).toEqual([0, 2, 0, 4, 5, 9])
    const dy = own(new Float32Array(6).fill(3))
    const dz = own(new Float32Array(6).fill(9))
    k.reluBackward(z, dy, dz, 3)
    expect(Array.from(dz)).toEqual([0, 3, 0, 9, 9, 9])
  })
})

describe('a network on the wasm kernels against the same network on the TypeScript kernels', () => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await loadWasmKernels({ variant: 'relaxed' })
  })
  afterAll(() => k.dispose())

  const specs: Record<string, NetworkSpec> = {
    'relu → softmax + CCE': { inputs: 37, loss: 'cce', layers: [{ units: 20, activation: 'relu' }, { units: 10, activation: 'softmax' }] },
    'tanh → sigmoid + BCE (fused, 10 outputs)': { inputs: 37, loss: 'bce', layers: [{ units: 20, activation: 'tanh' }, { units: 10, activation: 'sigmoid' }] },
  }
  const rows = 11

  function run(spec: NetworkSpec, kernels: Kernels, scale: number): { y: Float32Array; loss: number; grads: Float32Array[] } {
    const net = Network.create(spec, new Rng(7), kernels)
    net.reserve(rows)
    for (const d of net.dense) d.b?.set(uniform(d.b.length, 8, -0.3, 0.3))
    const x = kernels.alloc(rows * spec.inputs)
    x.set(uniform(rows * spec.inputs, 9, -1, 1))
    const t = kernels.alloc(rows * 10)
    t.set(spec.loss === 'cce' ? oneHot(rows, 10, 10) : uniform(rows * 10, 10, 0, 1).map(Math.round))
    const y = net.forward(x, rows).slice(0, rows * 10)
    const loss = net.lossValue(t, rows)
    net.backward(x, t, rows, false, scale)
    return { y, loss, grads: net.dense.flatMap((d) => [d.dW.slice(), d.db?.slice() ?? new Float32Array(0)]) }
  }

  for (const [name, spec] of Object.entries(specs)) {
    for (const scale of [1, 0.25]) {
      it(`${name}: the same outputs, loss and gradients (gradient scale ${scale})`, () => {
        const wasm = run(spec, k, scale)
        const ts = run(spec, tsKernels, scale)
        expect(maxRelDiff(wasm.y, ts.y)).toBeLessThan(1e-5)
        expect(Math.abs(wasm.loss - ts.loss) / ts.loss).toBeLessThan(1e-6)
        wasm.grads.forEach((g, i) => {
          let worst = 0
          let largest = 0
          for (let j = 0; j < g.length; j++) {
            worst = Math.max(worst, Math.abs(g[j] - ts.grads[i][j]))
            largest = Math.max(largest, Math.abs(ts.grads[i][j]))
          }
          expect(worst).toBeLessThan(1e-5 * largest)
        })
      })
    }
  }
})
