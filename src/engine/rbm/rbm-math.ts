/**
 * Element-wise helpers shared by the RBM, DBN and fine-tuning code: logistic sigmoid with a bias add,
 * softplus, Bernoulli and Gaussian sampling. All work in place on row-major `[rows×cols]` buffers and
 * allocate nothing, so the training loops stay allocation-free.
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
}

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

/** z[r][j] ← σ(z[r][j] + bias[j]) for the first `rows` rows of `z` `[rows×cols]`. */
export function addBiasSigmoid(z: Float32Array, bias: Float32Array, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) z[o] = 1 / (1 + Math.exp(-(z[o] + bias[j])))
  }
}

/** z[r][j] ← z[r][j] + bias[j] for the first `rows` rows of `z` `[rows×cols]`. */
export function addBias(z: Float32Array, bias: Float32Array, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) z[o] += bias[j]
  }
}

/** out[i] ← 1 with probability p[i], else 0, for i < n. `out` may be `p`. */
export function sampleBernoulli(p: Float32Array, out: Float32Array, n: number, rng: RandomSource): void {
  for (let i = 0; i < n; i++) out[i] = rng.next() < p[i] ? 1 : 0
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
