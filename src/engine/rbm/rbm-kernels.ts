/**
 * The CD step's element-wise kernels, in the exact float32 arithmetic of their WebAssembly SIMD versions
 * (`assembly/rbm.ts`, exposed as the optional `Kernels.rbmSigmoid` / `rbmVelocity`): every operation is
 * rounded with `Math.fround` in the same order (a float64 +, −, ×, ÷ of two float32 values rounded to
 * float32 equals the float32 operation), so kernel sets without the fast paths train the same RBM bit
 * for bit. `rbmSigmoid` and `rbmVelocity` below take the fast path when the kernels have it. The price of
 * exactness: V8 runs the chain of `Math.fround`s at ~40–100 ns per σ (the wasm kernel at ~1–3 ns), about
 * 6 % of an MNIST RBM epoch on the TypeScript kernels, whose GEMM takes the rest.
 *
 * Random draws: a mulberry32 stream (the generator of `Rng`) whose 32-bit state lives with the caller.
 * mulberry32 advances its state by the constant 0x6d2b79f5 and outputs a hash of it, so draw i of a
 * stream at state s is hash(s + i·0x6d2b79f5) — which lets the SIMD kernel draw four at once.
 */
import type { Kernels } from '../types'

const MULBERRY = 0x6d2b79f5
const f = Math.fround
const NEG_LOG2E = f(-1.4426950408889634)
const LIM = 126
// 2^x = e^{x·ln2} on [−½, ½]: Taylor coefficients ln2ᵏ/k!, k = 1..6, as float32 (as in assembly/rbm.ts)
const P1 = f(0.6931471805599453)
const P2 = f(0.2402265069591007)
const P3 = f(0.05550410866482158)
const P4 = f(0.009618129107628477)
const P5 = f(0.0013333558146428443)
const P6 = f(0.0001540353039338161)
const TWO24 = 16777216
/** Adding and subtracting 1.5·2⁵² rounds a double to the nearest integer, ties to even (wasm `nearest`). */
const ROUND_MAGIC = 6755399441055744
const POW2 = new Float64Array(2 * LIM + 1).map((_, i) => 2 ** (i - LIM))

/** σ(t) in float32 as `sigmoid1` of assembly/rbm.ts: |σ₃₂(t) − σ(t)| < 2.5e-7 (absolute); NaN for NaN. */
export function sigmoid32(t: number): number {
  let y = f(f(t) * NEG_LOG2E)
  y = Math.min(Math.max(y, -LIM), LIM)
  const n = y + ROUND_MAGIC - ROUND_MAGIC
  const x = f(y - n)
  let p = f(f(x * P6) + P5)
  p = f(f(x * p) + P4)
  p = f(f(x * p) + P3)
  p = f(f(x * p) + P2)
  p = f(f(x * p) + P1)
  p = f(f(x * p) + 1)
  const e = f(p * (n === n ? POW2[(n | 0) + LIM] : 1))
  return f(1 / f(1 + e))
}

/** mulberry32's 32-bit output for the (already advanced) state `s`, as an unsigned integer. */
export function mulberry32Hash(s: number): number {
  let t = Math.imul(s ^ (s >>> 15), 1 | s)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return (t ^ (t >>> 14)) >>> 0
}

/**
 * TypeScript twin of the wasm `rbmSigmoid`: for the first `rows` rows of z `[rows×cols]`,
 * p = σ₃₂(z[r][j] + bias[j]), z[r][j] ← scale·p (float32), and with `out`, out[r][j] ← 1 if u < p
 * else 0 with u = ⌊x/2⁸⌋/2²⁴ (the top 24 bits; for p ≥ ½ the same as x/2³² < p), x the next mulberry32
 * output from `state` (row-major; `out` may be `z`).
 * Returns the stream state after the draws (`state` without `out`).
 */
export function sigmoidRows32(
  z: Float32Array,
  bias: Float32Array,
  rows: number,
  cols: number,
  scale: number,
  out: Float32Array | null,
  state: number,
): number {
  const sc = f(scale)
  let s = state | 0
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) {
      const p = sigmoid32(f(z[o] + bias[j]))
      z[o] = sc * p
      if (out) {
        s = (s + MULBERRY) | 0
        out[o] = +(mulberry32Hash(s) >>> 8 < p * TWO24)
      }
    }
  }
  return s >>> 0
}

/** TypeScript twin of the wasm `rbmVelocity`: vel ← μ·vel − d·w in float32 over the common length. */
export function velocity32(vel: Float32Array, w: Float32Array, mu: number, d: number): void {
  const m = f(mu)
  const dd = f(d)
  const n = Math.min(vel.length, w.length)
  for (let i = 0; i < n; i++) vel[i] = f(m * vel[i]) - f(dd * w[i])
}

/** `kernels.rbmSigmoid` when the kernel set has it, else `sigmoidRows32` (the same numbers). */
export function rbmSigmoid(
  kernels: Kernels,
  z: Float32Array,
  bias: Float32Array,
  rows: number,
  cols: number,
  scale: number,
  out: Float32Array | null,
  state: number,
): number {
  if (kernels.rbmSigmoid) return kernels.rbmSigmoid(z, bias, rows, cols, scale, out, state)
  return sigmoidRows32(z, bias, rows, cols, scale, out, state)
}

/** `kernels.rbmVelocity` when the kernel set has it, else `velocity32`: vel ← μ·vel − d·w. */
export function rbmVelocity(kernels: Kernels, vel: Float32Array, w: Float32Array, mu: number, d: number): void {
  if (kernels.rbmVelocity) kernels.rbmVelocity(vel, w, mu, d)
  else velocity32(vel, w, mu, d)
}

/** Above this share of nonzeros in the sparse operand the dense GEMM is faster than `sparseGemm`. */
export const SPARSE_MAX_DENSITY = 0.4

/**
 * C[m×n] = op(A)·B (+ C when `accumulate`), B `[k×n]`: the kernels' zero-skipping product when they
 * have one and op(A) is sparse enough (at most `SPARSE_MAX_DENSITY` nonzeros), else `kernels.gemm`.
 * `scratch` holds at least 2·k floats.
 */
export function visibleProduct(
  kernels: Kernels,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  accumulate: boolean,
  scratch: Float32Array,
): void {
  if (kernels.sparseGemm && kernels.sparseGemm(a, b, c, m, n, k, transA, accumulate, Math.floor(SPARSE_MAX_DENSITY * m * k), scratch) >= 0) return
  kernels.gemm(a, b, c, m, n, k, transA, false, accumulate)
}
