/**
 * Blocked TypeScript GEMM, the fallback behind the WebAssembly SIMD kernels (SPEC §3.7).
 * Loop order i-k-j with k unrolled by 4: four rows of B stream through one row of C, so the inner
 * loop is a contiguous multiply-add that V8 keeps in registers (PEERS.md §3: ≈3.5 GFLOP/s).
 * k is blocked so that the slab of B read for one row of C stays in L1/L2.
 */
import type { Kernels } from '../types'
import { checkGemm } from './naive'

/** Rows of B (k) per block: 64 rows × n floats stays in L2 for n up to a few thousand. */
const KB = 64

/** C[i,:] += Σ_p a(i,p) · B[p,:] over p in [p0, p1), for C = op(A)·B with B stored `[k×n]`. */
function rowTimesB(
  a: Float32Array, b: Float32Array, c: Float32Array,
  i: number, m: number, n: number, k: number, transA: boolean, p0: number, p1: number,
): void {
  const ci = i * n
  // element (i, p) of op(A): A[i][p] stored at i·k + p, or A[p][i] at p·m + i when transposed
  const aBase = transA ? i : i * k
  const aStep = transA ? m : 1
  let p = p0
  for (; p + 3 < p1; p += 4) {
    const a0 = a[aBase + p * aStep]
    const a1 = a[aBase + (p + 1) * aStep]
    const a2 = a[aBase + (p + 2) * aStep]
    const a3 = a[aBase + (p + 3) * aStep]
    const b0 = p * n
    const b1 = b0 + n
    const b2 = b1 + n
    const b3 = b2 + n
    for (let j = 0; j < n; j++) {
      c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j]
    }
  }
  for (; p < p1; p++) {
    const ap = a[aBase + p * aStep]
    const bp = p * n
    for (let j = 0; j < n; j++) c[ci + j] += ap * b[bp + j]
  }
}

/**
 * C += A·Bᵀ with B stored `[n×k]`: each row of A meets four rows of B at once, so one load of
 * A[i][p] feeds four multiply-adds (1×4 register block); the leftover columns take one row at a time.
 */
function timesBt(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k
    const ci = i * n
    let j = 0
    for (; j + 3 < n; j += 4) {
      const b0 = j * k
      const b1 = b0 + k
      const b2 = b1 + k
      const b3 = b2 + k
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      for (let p = 0; p < k; p++) {
        const av = a[ai + p]
        s0 += av * b[b0 + p]
        s1 += av * b[b1 + p]
        s2 += av * b[b2 + p]
        s3 += av * b[b3 + p]
      }
      c[ci + j] += s0
      c[ci + j + 1] += s1
      c[ci + j + 2] += s2
      c[ci + j + 3] += s3
    }
    for (; j < n; j++) {
      const bj = j * k
      let s = 0
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p]
      c[ci + j] += s
    }
  }
}

/** C += Aᵀ·Bᵀ (not used by backprop; kept simple). */
function transposedBoth(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p]
      c[i * n + j] += s
    }
  }
}

/**
 * C = op(A)·op(B) (+ C when `accumulate`), row-major; shapes as in `Kernels.gemm`.
 * A·B and Aᵀ·B run as blocked i-k-j; A·Bᵀ as 1×4-blocked row dot products.
 */
export function blockedGemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  checkGemm(a, b, c, m, n, k)
  if (!accumulate) c.fill(0, 0, m * n)
  if (transB) {
    if (transA) transposedBoth(a, b, c, m, n, k)
    else timesBt(a, b, c, m, n, k)
    return
  }
  for (let p0 = 0; p0 < k; p0 += KB) {
    const p1 = Math.min(k, p0 + KB)
    for (let i = 0; i < m; i++) rowTimesB(a, b, c, i, m, n, k, transA, p0, p1)
  }
}

/** The TypeScript kernel set: blocked GEMM on plain `Float32Array`s. */
export const tsKernels: Kernels = {
  name: 'ts',
  alloc: (length) => new Float32Array(length),
  gemm: blockedGemm,
}
