/**
 * Reference GEMM: the textbook triple loop, written for clarity, not speed. Every faster kernel
 * (blocked TypeScript, WebAssembly SIMD) is tested against it. Runs on float32 and float64.
 */
import type { FloatArray, Kernels, KernelsOf } from '../types'

/**
 * Asserts the shapes of C = op(A)·op(B) once at entry (tfjs `BatchMatMul.ts`): buffers may be longer
 * than needed (a partial batch uses the first rows of a full-size buffer), never shorter.
 */
export function checkGemm(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number): void {
  if (!(m >= 0 && n >= 0 && k >= 0) || (m | 0) !== m || (n | 0) !== n || (k | 0) !== k) {
    throw new RangeError(`gemm: sizes must be non-negative integers, got m=${m} n=${n} k=${k}`)
  }
  if (a.length < m * k) throw new RangeError(`gemm: A has ${a.length} values, needs ${m}×${k}`)
  if (b.length < k * n) throw new RangeError(`gemm: B has ${b.length} values, needs ${k}×${n}`)
  if (c.length < m * n) throw new RangeError(`gemm: C has ${c.length} values, needs ${m}×${n}`)
}

/**
 * C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j] (+ C[i][j] when `accumulate`).
 * op(A) is `[m×k]` (A stored `[k×m]` when `transA`), op(B) is `[k×n]` (B stored `[n×k]` when `transB`).
 */
export function naiveGemm(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  checkGemm(a, b, c, m, n, k)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i] : a[i * k + p]
        const bpj = transB ? b[j * k + p] : b[p * n + j]
        s += aip * bpj
      }
      c[i * n + j] = accumulate ? c[i * n + j] + s : s
    }
  }
}

/** Reference kernel set on `Float32Array` (plain JS memory). */
export const naiveKernels: Kernels = {
  name: 'naive',
  alloc: (length) => new Float32Array(length),
  gemm: naiveGemm,
}

/** The reference kernels on `Float64Array`: the float64 path of the layer code, for gradient checks. */
export const float64Kernels: KernelsOf<Float64Array> = {
  name: 'naive-f64',
  alloc: (length) => new Float64Array(length),
  gemm: naiveGemm,
}
