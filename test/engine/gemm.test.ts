import { describe, expect, it } from 'vitest'
import { naiveKernels, Rng, tsKernels, type Kernels } from '../../src/engine'

function random(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1)
}

/** op(A)·op(B) in float64 by definition, the reference of the reference. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      for (let p = 0; p < k; p++) c[i * n + j] += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j])
  return c
}

const SIZES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [17, 13, 9], [33, 65, 70], [64, 10, 129], [2, 130, 3]]
const FORMS: [boolean, boolean, string][] = [[false, false, 'A·B'], [false, true, 'A·Bᵀ'], [true, false, 'Aᵀ·B'], [true, true, 'Aᵀ·Bᵀ']]

describe.each([['naive', naiveKernels], ['ts (blocked)', tsKernels]] as [string, Kernels][])('%s GEMM', (_name, kernels) => {
  for (const [tA, tB, form] of FORMS) {
    it(`${form} at odd sizes, overwrite and accumulate`, () => {
      const rng = new Rng(42)
      for (const [m, n, k] of SIZES) {
        const a = random(m * k, rng)
        const b = random(k * n, rng)
        const ref = reference(a, b, m, n, k, tA, tB)
        const c = random(m * n, rng)
        const c0 = c.slice()
        kernels.gemm(a, b, c, m, n, k, tA, tB, true)
        c.forEach((v, i) => expect(Math.abs(v - (c0[i] + ref[i]))).toBeLessThan(1e-5 * (1 + k)))
        kernels.gemm(a, b, c, m, n, k, tA, tB, false)
        c.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-5 * (1 + k)))
      }
    })
  }

  it('writes only the first m×n values of a longer C and reads only what it needs', () => {
    const rng = new Rng(1)
    const a = random(4 * 3 + 5, rng)
    const b = random(3 * 2 + 5, rng)
    const c = new Float32Array(4 * 2 + 3).fill(7)
    kernels.gemm(a, b, c, 4, 2, 3, false, false, false)
    expect(Array.from(c.subarray(8))).toEqual([7, 7, 7])
  })

  it('k = 0 gives zeros (or leaves C when accumulating)', () => {
    const c = Float32Array.of(1, 2)
    kernels.gemm(new Float32Array(0), new Float32Array(0), c, 1, 2, 0, false, false, true)
    expect(Array.from(c)).toEqual([1, 2])
    kernels.gemm(new Float32Array(0), new Float32Array(0), c, 1, 2, 0, false, false, false)
    expect(Array.from(c)).toEqual([0, 0])
  })

  it('asserts shapes at entry', () => {
    const s = new Float32Array(5)
    expect(() => kernels.gemm(s, new Float32Array(6), new Float32Array(4), 2, 2, 3, false, false, false)).toThrow(/A has 5 values, needs 2×3/)
    expect(() => kernels.gemm(new Float32Array(6), s, new Float32Array(4), 2, 2, 3, false, false, false)).toThrow(/B has 5 values, needs 3×2/)
    expect(() => kernels.gemm(new Float32Array(6), new Float32Array(6), new Float32Array(3), 2, 2, 3, false, false, false)).toThrow(/C has 3 values/)
    expect(() => kernels.gemm(s, s, s, -1, 1, 1, false, false, false)).toThrow(/non-negative integers/)
  })

  it('alloc gives zero-filled float32 buffers', () => {
    const buf = kernels.alloc(10)
    expect(buf).toBeInstanceOf(Float32Array)
    expect(Array.from(buf)).toEqual(new Array(10).fill(0))
  })
})

describe('blocked vs naive on the backprop shapes of a 784-128-10 layer (scaled down)', () => {
  it('agree within float32 tolerance for forward, dW and dX', () => {
    const rng = new Rng(3)
    const [batch, inp, out] = [16, 100, 24]
    const x = random(batch * inp, rng)
    const w = random(out * inp, rng)
    const dz = random(batch * out, rng)
    const cases: [Float32Array, Float32Array, number, number, number, boolean, boolean][] = [
      [x, w, batch, out, inp, false, true], // Z = X·Wᵀ
      [dz, x, out, inp, batch, true, false], // dW = dZᵀ·X
      [dz, w, batch, inp, out, false, false], // dX = dZ·W
    ]
    for (const [a, b, m, n, k, tA, tB] of cases) {
      const c1 = new Float32Array(m * n)
      const c2 = new Float32Array(m * n)
      naiveKernels.gemm(a, b, c1, m, n, k, tA, tB, false)
      tsKernels.gemm(a, b, c2, m, n, k, tA, tB, false)
      c1.forEach((v, i) => expect(Math.abs(v - c2[i])).toBeLessThan(1e-4))
    }
  })
})
