/**
 * Element-wise helpers shared by the RBM, DBN and fine-tuning code: logistic sigmoid with a bias add,
 * softplus, Bernoulli and Gaussian sampling (the CD update's fused float32 passes are in rbm-kernels.ts). All
 * work in place on row-major `[rows×cols]` buffers and allocate nothing, so the training loops stay
 * allocation-free.
 */

/**
 * The random source the RBM code needs. `Rng` of `src/engine/random.ts` satisfies it structurally;
 * it is named here so this folder compiles on its own (STYLE §14: randomness is passed in).
 */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Optional bulk form of `next()`: out[0..n) ← the next n uniforms, in order (`Rng.fill`). */
  fill?(out: Float64Array, n: number): void
}

/** Reused buffer of uniforms for the sampling loops (grown on demand, never per call). */
let uniformScratch = new Float64Array(1024)

/** The next `n` uniforms of `rng` in a shared scratch buffer, valid until the next call. */
function uniforms(rng: RandomSource, n: number): Float64Array {
  if (uniformScratch.length < n) uniformScratch = new Float64Array(n)
  const u = uniformScratch
  if (rng.fill) rng.fill(u, n)
  else for (let i = 0; i < n; i++) u[i] = rng.next()
  return u
}

/** Milliseconds from `performance.now()` where the runtime has it (Node, workers, browsers), else `Date.now()`. */
export const defaultClock: () => number = (() => {
  const perf = (globalThis as { performance?: { now(): number } }).performance
  return perf ? () => perf.now() : () => Date.now()
})()

/** Visible unit type: binary (data in [0,1]) or Gaussian with unit variance (z-scored data). */
export type VisibleKind = 'bernoulli' | 'gaussian'

/** σ(x) = 1 / (1 + e^{−x}); saturates to exactly 0 or 1 without NaN for any finite x. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** softplus(x) = log(1 + eˣ), computed as max(x,0) + log1p(e^{−|x|}) so it never overflows. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))
}

// Fast σ for the training loops: e^{−x} = 2^y, y = −x·log₂e = n + f with n = round(y), |f| ≤ ½;
// 2^f = e^{f·ln2} by its degree-7 Taylor polynomial, 2ⁿ from a table. |σ_fast − σ| < 2e-9, far below
// float32 resolution, and about twice as fast as Math.exp in V8 (σ is ~⅓ of an RBM epoch's non-GEMM time).
const L1 = Math.LN2
const L2 = L1 ** 2 / 2
const L3 = L1 ** 3 / 6
const L4 = L1 ** 4 / 24
const L5 = L1 ** 5 / 120
const L6 = L1 ** 6 / 720
const L7 = L1 ** 7 / 5040
const POW2_OFFSET = 1100
const POW2 = new Float64Array(2 * POW2_OFFSET)
for (let i = 0; i < POW2.length; i++) POW2[i] = 2 ** (i - POW2_OFFSET)
/** Adding and subtracting 1.5·2⁵² rounds a double to the nearest integer (ties to even). */
const ROUND_MAGIC = 6755399441055744

/** σ(x) within 2e-9 of `sigmoid(x)`; 0 or 1 at the extremes, NaN for NaN. */
export function fastSigmoid(x: number): number {
  let y = -x * Math.LOG2E
  if (y > 1000) y = 1000
  else if (y < -1000) y = -1000
  const n = y + ROUND_MAGIC - ROUND_MAGIC
  const f = y - n
  const p = 1 + f * (L1 + f * (L2 + f * (L3 + f * (L4 + f * (L5 + f * (L6 + f * L7))))))
  return 1 / (1 + p * POW2[n + POW2_OFFSET])
}

/** z[r][j] ← σ(z[r][j] + bias[j]) for the first `rows` rows of `z` `[rows×cols]`. */
export function addBiasSigmoid(z: Float32Array, bias: Float32Array, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) z[o] = fastSigmoid(z[o] + bias[j])
  }
}

/** z[r][j] ← z[r][j] + bias[j] for the first `rows` rows of `z` `[rows×cols]`. */
export function addBias(z: Float32Array, bias: Float32Array, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) z[o] += bias[j]
  }
}

/**
 * out[i] ← 1 with probability p[i], else 0, for i < n: out[i] = [uᵢ < p[i]] with uᵢ the i-th `rng.next()`.
 * `out` may be `p`. `+(u < p)` instead of `u < p ? 1 : 0`: V8 compiles it without a branch, and a
 * branch on a random bit mispredicts half the time (~5× slower here).
 */
export function sampleBernoulli(p: Float32Array, out: Float32Array, n: number, rng: RandomSource): void {
  const CHUNK = 1024
  for (let i0 = 0; i0 < n; i0 += CHUNK) {
    const m = Math.min(CHUNK, n - i0)
    const u = uniforms(rng, m)
    for (let i = 0; i < m; i++) out[i0 + i] = +(u[i] < p[i0 + i])
  }
}

/** out[i] ← mean[i] + ε, ε ~ N(0, 1) (unit-variance Gaussian units), for i < n. `out` may be `mean`. */
export function sampleGaussian(mean: Float32Array, out: Float32Array, n: number, rng: RandomSource): void {
  for (let i = 0; i < n; i++) out[i] = mean[i] + rng.normal()
}

/** Copies the rows `order[start..start+count)` of `src` `[*×cols]` into the first `count` rows of `dst`. */
export function gatherRows(
  src: Float32Array,
  cols: number,
  order: Int32Array | null,
  start: number,
  count: number,
  dst: Float32Array,
): void {
  for (let r = 0; r < count; r++) {
    const from = (order ? order[start + r] : start + r) * cols
    dst.set(src.subarray(from, from + cols), r * cols)
  }
}

/** Fisher–Yates shuffle of `order` in place, driven by `rng`. */
export function shuffleInPlace(order: Int32Array, rng: RandomSource): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const t = order[i]
    order[i] = order[j]
    order[j] = t
  }
}

/** Throws a clear error unless `x` holds exactly `rows×cols` values. */
export function assertShape(x: ArrayLike<number>, rows: number, cols: number, what: string): void {
  if (!Number.isInteger(rows) || rows < 0 || x.length < rows * cols) {
    throw new Error(`${what}: expected ${rows}×${cols} = ${rows * cols} values, got ${x.length}`)
  }
}
