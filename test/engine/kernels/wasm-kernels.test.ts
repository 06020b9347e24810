// The wasm SIMD kernels (both builds: plain SIMD and relaxed-SIMD FMA) against a float64 reference
// and the TypeScript kernels: all four op(A)·op(B) forms, edge shapes that are not multiples of the
// 2×16 register block, depths split into several equal k blocks, accumulate on and off, buffers
// inside and outside wasm memory, and the elementwise helpers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine/index'
import type { WasmKernels } from '../../../src/engine/kernels/wasm-kernels'
import { loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32 - 0.5
  }
}

function fill(x: Float32Array, rand: () => number): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = rand()
  return x
}

/** C = op(A)·op(B) (+ C0) in float64. */
function reference(a: Float32Array, b: Float32Array, c0: Float32Array | null, m: number, n: number, k: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0[i * n + j] : 0
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j])
      c[i * n + j] = s
    }
  }
  return c
}

/** float32 tolerance for a k-term dot product of values in [-0.5, 0.5]. */
function expectClose(actual: Float32Array, expected: Float64Array, k: number): void {
  const tol = 4e-7 * Math.max(k, 1) + 1e-6
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]))
  expect(worst).toBeLessThanOrEqual(tol)
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 17], // 3×17·17×5
  [2, 16, 4],
  [5, 33, 7],
  [17, 15, 257], // crosses the k block
  [64, 48, 300],
  [128, 10, 784],
  [37, 70, 513], // ≥ 2²⁰ multiply-adds: split across the helper thread when there is one
  [130, 33, 260],
  [7, 40, 784], // the MNIST layer depth: four equal k blocks of 196
  [5, 17, 1030], // k blocks of 208, 208, 208, 208, 198
]
const forms: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
]

describe.each([
  { variant: 'simd', threads: 1 },
  { variant: 'relaxed', threads: 1 },
  { variant: 'relaxed', threads: 2 },
] as const)('wasm $variant gemm on $threads thread(s)', ({ variant, threads }) => {
  let kernels: WasmKernels
  beforeAll(async () => {
    kernels = await loadWasmKernels({ variant, threads })
  })
  afterAll(() => kernels.dispose())

  it('is the requested build', () => {
    expect(kernels.name).toBe(variant === 'simd' ? 'wasm-simd' : 'wasm-relaxed-simd')
    expect(kernels.threads).toBe(threads)
  })

  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of forms) {
      const form = `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`
      it(`${form} for [${m}×${k}]·[${k}×${n}], accumulate off and on`, () => {
        const rand = lcg(m * 7919 + n * 31 + k + (transA ? 1 : 0) * 2 + (transB ? 1 : 0))
        const a = fill(kernels.alloc(m * k), rand)
        const b = fill(kernels.alloc(k * n), rand)
        const c = fill(kernels.alloc(m * n), rand) // garbage that accumulate=false must overwrite
        kernels.gemm(a, b, c, m, n, k, transA, transB, false)
        expectClose(c, reference(a, b, null, m, n, k, transA, transB), k)

        const c0 = fill(kernels.alloc(m * n), rand)
        const acc = kernels.alloc(m * n)
        acc.set(c0)
        kernels.gemm(a, b, acc, m, n, k, transA, transB, true)
        expectClose(acc, reference(a, b, c0, m, n, k, transA, transB), k + 1)

        const viaTs = new Float32Array(m * n)
        tsKernels.gemm(a, b, viaTs, m, n, k, transA, transB, false)
        expectClose(c, Float64Array.from(viaTs), 2 * k)
      })
    }
  }

  it('gives the same numbers for arrays outside wasm memory (copy-in/copy-out)', () => {
    const rand = lcg(42)
    const [m, n, k] = [9, 21, 40]
    const a = fill(new Float32Array(k * m), rand)
    const b = fill(new Float32Array(n * k), rand)
    const c0 = fill(new Float32Array(m * n), rand)
    const c = c0.slice()
    kernels.gemm(a, b, c, m, n, k, true, true, true)
    expectClose(c, reference(a, b, c0, m, n, k, true, true), k + 1)
  })

  it('k = 0 clears C without accumulate and leaves it with accumulate', () => {
    const c = kernels.alloc(6).fill(3)
    kernels.gemm(kernels.alloc(0), kernels.alloc(0), c, 2, 3, 0, false, false, true)
    expect(Array.from(c)).toEqual([3, 3, 3, 3, 3, 3])
    kernels.gemm(kernels.alloc(0), kernels.alloc(0), c, 2, 3, 0, false, false, false)
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('rejects buffers too small for the shape', () => {
    expect(() => kernels.gemm(kernels.alloc(5), kernels.alloc(6), kernels.alloc(4), 2, 2, 3, false, false, false)).toThrow(RangeError)
  })

  it('keeps earlier views valid while memory grows, and reuses freed blocks zeroed', () => {
    const early = kernels.alloc(1000).fill(7)
    const big = kernels.alloc(8 * 1024 * 1024) // 32 MiB: forces memory.grow
    big[big.length - 1] = 1
    expect(early[999]).toBe(7)
    kernels.free(early)
    const again = kernels.alloc(1000)
    expect(again.byteOffset).toBe(early.byteOffset)
    expect(again.every((v) => v === 0)).toBe(true)
    kernels.free(big)
    expect(() => kernels.free(big)).toThrow(/double free/)
    expect(() => kernels.free(new Float32Array(4))).not.toThrow()
  })
})

describe('wasm elementwise helpers', () => {
  let kernels: WasmKernels
  beforeAll(async () => {
    kernels = await loadWasmKernels()
  })

  it('biasAdd and columnSum on a [3×7] matrix', () => {
    const rand = lcg(7)
    const z = fill(kernels.alloc(21), rand)
    const before = z.slice()
    const bias = fill(kernels.alloc(7), rand)
    kernels.biasAdd(z, bias, 3, 7)
    for (let i = 0; i < 21; i++) expect(z[i]).toBe(Math.fround(before[i] + bias[i % 7]))
    const db = kernels.alloc(7).fill(1)
    kernels.columnSum(before, db, 3, 7, true) // `before` is a plain array: the JS path
    const dbWasm = kernels.alloc(7).fill(1)
    const beforeWasm = kernels.alloc(21)
    beforeWasm.set(before)
    kernels.columnSum(beforeWasm, dbWasm, 3, 7, true)
    for (let j = 0; j < 7; j++) {
      const expected = 1 + before[j] + before[7 + j] + before[14 + j]
      expect(db[j]).toBeCloseTo(expected, 6)
      expect(dbWasm[j]).toBeCloseTo(expected, 6)
    }
  })

  it('ReLU forward/backward (ReLU′(0) = 0) and the SGD step', () => {
    const z = kernels.alloc(6)
    z.set([-2, -0, 0, 0.5, 3, -1e-30])
    const a = kernels.alloc(6)
    kernels.reluForward(z, a)
    expect(Array.from(a)).toEqual([0, 0, 0, 0.5, 3, 0])
    const dy = kernels.alloc(6).fill(2)
    const dz = kernels.alloc(6)
    kernels.reluBackward(z, dy, dz)
    expect(Array.from(dz)).toEqual([0, 0, 0, 2, 2, 0])
    const w = kernels.alloc(5)
    w.set([1, 2, 3, 4, 5])
    const g = kernels.alloc(5)
    g.set([10, 10, -10, 0, 1])
    kernels.sgdUpdate(w, g, 0.1)
    expect(Array.from(w)).toEqual([0, 1, 4, 4, 4.9].map(Math.fround))
  })
})
