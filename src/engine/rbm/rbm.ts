/**
 * Restricted Boltzmann Machine (SPEC §4) and its contrastive-divergence update.
 *
 * Bernoulli–Bernoulli:  E(v,h) = −bᵀv − cᵀh − vᵀWh,  p(h=1|v) = σ(c + Wᵀv),  p(v=1|h) = σ(b + Wh).
 * Gaussian–Bernoulli with unit variance (z-scored data):
 *                       E(v,h) = ½‖v − b‖² − cᵀh − vᵀWh,  p(h=1|v) = σ(c + Wᵀv),  p(v|h) = N(b + Wh, I).
 *
 * W is stored row-major `[nVisible×nHidden]` (W[i][j] joins visible i and hidden j); batches are rows,
 * so p(h|v) for a batch V `[rows×nVisible]` is σ(V·W + c) and p(v|h) is σ(H·Wᵀ + b).
 * Every matrix product goes through `kernels.gemm` and every buffer through `kernels.alloc`.
 */
import type { Kernels } from '../types'
import { addBias, addBiasSigmoid, sampleBernoulli, sampleGaussian, softplus, type RandomSource, type VisibleKind } from './rbm-math'
import { rbmSigmoid, rbmVelocity, visibleProduct } from './rbm-kernels'

/** Sizes and visible type of one RBM. */
export interface RbmShape {
  nVisible: number
  nHidden: number
  visible: VisibleKind
}

export class Rbm implements RbmShape {
  readonly nVisible: number
  readonly nHidden: number
  readonly visible: VisibleKind
  /** Weights `[nVisible×nHidden]`. */
  readonly W: Float32Array
  /** Visible biases `[nVisible]`. */
  readonly b: Float32Array
  /** Hidden biases `[nHidden]`. */
  readonly c: Float32Array

  constructor(
    readonly kernels: Kernels,
    shape: RbmShape,
  ) {
    if (!(shape.nVisible >= 1 && shape.nHidden >= 1)) throw new Error('An RBM needs at least one visible and one hidden unit')
    this.nVisible = shape.nVisible
    this.nHidden = shape.nHidden
    this.visible = shape.visible
    this.W = kernels.alloc(shape.nVisible * shape.nHidden)
    this.b = kernels.alloc(shape.nVisible)
    this.c = kernels.alloc(shape.nHidden)
  }

  /** A new RBM with W ~ N(0, σ²) (σ = 0.01, Hinton 2010 §8) and zero biases. */
  static random(kernels: Kernels, shape: RbmShape, rng: RandomSource, sigma = 0.01): Rbm {
    const rbm = new Rbm(kernels, shape)
    for (let i = 0; i < rbm.W.length; i++) rbm.W[i] = sigma * rng.normal()
    return rbm
  }

  /** p(h=1|v) = σ(V·W + c)   [rows×nVisible]·[nVisible×nHidden] → out [rows×nHidden]. */
  hiddenProbs(v: Float32Array, rows: number, out: Float32Array): void {
    this.kernels.gemm(v, this.W, out, rows, this.nHidden, this.nVisible, false, false, false)
    addBiasSigmoid(out, this.c, rows, this.nHidden)
  }

  /**
   * E[v|h]: σ(H·Wᵀ + b) for Bernoulli units, b + H·Wᵀ for unit-variance Gaussian units
   * [rows×nHidden]·[nHidden×nVisible] → out [rows×nVisible].
   */
  visibleMeans(h: Float32Array, rows: number, out: Float32Array): void {
    this.kernels.gemm(h, this.W, out, rows, this.nVisible, this.nHidden, false, true, false)
    if (this.visible === 'bernoulli') addBiasSigmoid(out, this.b, rows, this.nVisible)
    else addBias(out, this.b, rows, this.nVisible)
  }

  /** h ~ Bernoulli(p(h|v)) given the probabilities from `hiddenProbs`; `out` may be `probs`. */
  sampleH(probs: Float32Array, rows: number, out: Float32Array, rng: RandomSource): void {
    sampleBernoulli(probs, out, rows * this.nHidden, rng)
  }

  /** v ~ p(v|h) given the means from `visibleMeans`: Bernoulli, or N(mean, 1) for Gaussian units. */
  sampleV(means: Float32Array, rows: number, out: Float32Array, rng: RandomSource): void {
    if (this.visible === 'bernoulli') sampleBernoulli(means, out, rows * this.nVisible, rng)
    else sampleGaussian(means, out, rows * this.nVisible, rng)
  }

  /**
   * Free energy F(v) = −log Σ_h e^{−E(v,h)} per row:
   *   Bernoulli: F(v) = −bᵀv − Σⱼ softplus(cⱼ + (Wᵀv)ⱼ);   Gaussian: F(v) = ½‖v − b‖² − Σⱼ softplus(cⱼ + (Wᵀv)ⱼ).
   * `scratch` holds at least rows×nHidden values; the result goes to `out[0..rows)`.
   */
  freeEnergy(v: Float32Array, rows: number, out: Float64Array | Float32Array, scratch: Float32Array): void {
    const nv = this.nVisible
    const nh = this.nHidden
    this.kernels.gemm(v, this.W, scratch, rows, nh, nv, false, false, false)
    for (let r = 0; r < rows; r++) {
      let f = 0
      const vo = r * nv
      if (this.visible === 'bernoulli') {
        for (let i = 0; i < nv; i++) f -= this.b[i] * v[vo + i]
      } else {
        for (let i = 0; i < nv; i++) f += 0.5 * (v[vo + i] - this.b[i]) ** 2
      }
      const ho = r * nh
      for (let j = 0; j < nh; j++) f -= softplus(scratch[ho + j] + this.c[j])
      out[r] = f
    }
  }

  /** An independent copy on the same kernels. */
  clone(): Rbm {
    const copy = new Rbm(this.kernels, this)
    copy.W.set(this.W)
    copy.b.set(this.b)
    copy.c.set(this.c)
    return copy
  }
}

/** Settings of one contrastive-divergence update. */
export interface CdStepSettings {
  /** Gibbs steps per update (CD-k), ≥ 1. */
  k: number
  /** Persistent CD: the negative chain continues from the previous update instead of the data. */
  persistent: boolean
  learningRate: number
  momentum: number
  /** L2 weight decay λ: the update adds −η·λ·W (biases are not decayed). */
  weightDecay: number
}

/**
 * Buffers for CD-k on batches of up to `batchSize` rows, plus the momentum velocities and the
 * persistent chain. Allocated once; `cdStep` allocates no buffers.
 *
 * The two phases are stacked so that the weight gradient is ONE accumulating GEMM with k = 2·rows
 * (`cdStep`): `v` holds [V0; Vk] `[2·rows×nVisible]` and `h` holds [η/rows·H0; −η/rows·Hk]
 * `[2·rows×nHidden]`, so vᵀ·h = η/rows·(V0ᵀH0 − VkᵀHk).
 */
export class CdWorkspace {
  /** Stacked visible states [V0; Vk] `[2·batchSize×nVisible]` (of a partial batch: the first 2·rows rows). */
  readonly v: Float32Array
  /** Stacked hidden statistics [η/rows·H0; −η/rows·Hk] `[2·batchSize×nHidden]`, scaled for the update. */
  readonly h: Float32Array
  /** The first `batchSize` rows of `v`: pass it to `cdStep` as the batch to skip a copy. */
  readonly input: Float32Array
  /** Hidden samples `[batchSize×nHidden]`: the Gibbs chain, kept between updates for PCD. */
  readonly hs: Float32Array
  readonly vW: Float32Array
  readonly vb: Float32Array
  readonly vc: Float32Array
  /** Column sums of V0, Vk and of `h` (bias statistics). */
  readonly sumV0: Float32Array
  readonly sumVk: Float32Array
  readonly sumH: Float32Array
  /** `sparseGemm`'s scratch: 2·max(nVisible, 2·batchSize) floats. */
  readonly sparseScratch: Float32Array
  /** True once `hs` holds persistent chains of a full batch (PCD). */
  chainReady = false
  /**
   * State of the mulberry32 stream of the Bernoulli draws (`rbmSigmoid`), seeded by one draw of the
   * `rng` passed to the first `cdStep`; null until then.
   */
  sampleState: number | null = null
  private readonly full: CdViews

  constructor(
    readonly rbm: Rbm,
    readonly batchSize: number,
  ) {
    const k = rbm.kernels
    const nv = rbm.nVisible
    const nh = rbm.nHidden
    this.v = k.alloc(2 * batchSize * nv)
    this.h = k.alloc(2 * batchSize * nh)
    this.input = this.v.subarray(0, batchSize * nv)
    this.hs = k.alloc(batchSize * nh)
    this.vW = k.alloc(nv * nh)
    this.vb = k.alloc(nv)
    this.vc = k.alloc(nh)
    this.sumV0 = k.alloc(nv)
    this.sumVk = k.alloc(nv)
    this.sumH = k.alloc(nh)
    this.sparseScratch = k.alloc(2 * Math.max(nv, 2 * batchSize))
    this.full = this.makeViews(batchSize)
  }

  /** Views of Vk, H0 and Hk for a batch of `rows` rows (cached for full batches). */
  views(rows: number): CdViews {
    return rows === this.batchSize ? this.full : this.makeViews(rows)
  }

  private makeViews(rows: number): CdViews {
    const nv = this.rbm.nVisible
    const nh = this.rbm.nHidden
    return {
      vk: this.v.subarray(rows * nv, 2 * rows * nv),
      h0: this.h.subarray(0, rows * nh),
      hk: this.h.subarray(rows * nh, 2 * rows * nh),
    }
  }
}

/** The negative visible states and the two hidden halves of a `CdWorkspace` for one batch size. */
interface CdViews {
  vk: Float32Array
  h0: Float32Array
  hk: Float32Array
}

/**
 * One CD-k (or PCD-k) update on the batch `v0` `[rows×nVisible]`, rows ≤ batchSize.
 *
 * Contrastive divergence (Hinton 2002, "Training products of experts by minimizing contrastive
 * divergence", doi:10.1162/089976602760128018); persistent CD (Tieleman 2008, "Training restricted
 * Boltzmann machines using approximations to the likelihood gradient", doi:10.1145/1390156.1390290);
 * momentum, weight decay and the use of probabilities follow Hinton 2010, "A practical guide to
 * training RBMs" (UTML TR 2010-003) §3, §9, §10.
 *
 *   positive phase: H0 = p(h|V0);   chain start h⁽⁰⁾ ~ H0 (CD) or the persistent hidden states (PCD)
 *   k Gibbs steps:  v⁽ᵗ⁾ ~ p(v|h⁽ᵗ⁻¹⁾), Hₜ = p(h|v⁽ᵗ⁾), h⁽ᵗ⁾ ~ Hₜ   (CD uses the mean for the last v)
 *   gradient:       ΔW = (V0ᵀ·H0 − Vkᵀ·Hk)/rows = [V0; Vk]ᵀ·[H0; −Hk]/rows
 *                   [nVisible×2rows]·[2rows×nHidden] → [nVisible×nHidden], one GEMM
 *                   Δb = mean(V0 − Vk),  Δc = mean(H0 − Hk)
 *   update:         vel ← μ·vel + η·(Δ − λ·W),  θ ← θ + vel
 *
 * Speed (bench/dbn/rbm-speed.ts): σ and the Bernoulli draws are fused in one float32 pass per layer
 * (`rbmSigmoid`: wasm SIMD when the kernels have it, else its bit-identical TypeScript twin); the
 * draws come from a mulberry32 stream kept in `ws.sampleState`, seeded by one `rng.next()` at the
 * first update (Gaussian noise still comes from `rng.normal()`). The three products with a visible
 * operand (V0·W, Vk·W and the gradient) skip its zeros when the kernels have `sparseGemm` and V is
 * sparse (binary data and samples usually are), else run as dense GEMMs. η/rows and the sign of the
 * negative phase are folded into the stored H0/Hk; the velocity update runs as  vel ← μ·vel − ηλ·W
 * (`rbmVelocity`, skipped when μ = λ = 0), vel += product,  W += vel. When `v0` is `ws.input` the batch
 * is not copied; nothing is allocated.
 */
export function cdStep(ws: CdWorkspace, v0: Float32Array, rows: number, s: CdStepSettings, rng: RandomSource): void {
  const rbm = ws.rbm
  const { kernels, nVisible: nv, nHidden: nh, W, b, c } = rbm
  if (rows < 1 || rows > ws.batchSize) throw new Error(`cdStep: batch of ${rows} rows, workspace holds ${ws.batchSize}`)
  if (!(s.k >= 1)) throw new Error('CD-k needs k ≥ 1')
  if (v0 !== ws.input) ws.v.set(v0.subarray(0, rows * nv))
  const { vk, h0, hk } = ws.views(rows)
  const { hs, v: vStack, h: hStack, sparseScratch: scratch } = ws
  let state = ws.sampleState ?? Math.floor(rng.next() * 4294967296)
  const step = s.learningRate / rows
  const bernoulli = rbm.visible === 'bernoulli'
  // positive phase: H0 = σ(V0·W + c), stored as step·H0
  visibleProduct(kernels, vStack, W, h0, rows, nh, nv, false, false, scratch)
  state = rbmSigmoid(kernels, h0, c, rows, nh, step, s.persistent && ws.chainReady ? null : hs, state)
  for (let t = 1; t <= s.k; t++) {
    const last = t === s.k
    const sample = !last || s.persistent
    // v⁽ᵗ⁾: [rows×nHidden]·[nVisible×nHidden]ᵀ → [rows×nVisible]
    kernels.gemm(hs, W, vk, rows, nv, nh, false, true, false)
    if (bernoulli) state = rbmSigmoid(kernels, vk, b, rows, nv, 1, sample ? vk : null, state)
    else {
      addBias(vk, b, rows, nv)
      if (sample) sampleGaussian(vk, vk, rows * nv, rng)
    }
    visibleProduct(kernels, vk, W, hk, rows, nh, nv, false, false, scratch)
    state = rbmSigmoid(kernels, hk, c, rows, nh, last ? -step : 1, !last || s.persistent ? hs : null, state)
  }
  ws.sampleState = state
  if (s.persistent && rows === ws.batchSize) ws.chainReady = true
  const { vW, vb, vc, sumV0, sumVk, sumH } = ws
  const mu = s.momentum
  const decay = s.learningRate * s.weightDecay
  // biases: Δc·η = Σ_rows [step·H0; −step·Hk],  Δb·η = step·(Σ V0 − Σ Vk)
  columnSum(kernels, hStack, sumH, 2 * rows, nh)
  columnSum(kernels, vStack, sumV0, rows, nv)
  columnSum(kernels, vk, sumVk, rows, nv)
  for (let j = 0; j < nh; j++) {
    vc[j] = mu * vc[j] + sumH[j]
    c[j] += vc[j]
  }
  for (let i = 0; i < nv; i++) {
    vb[i] = mu * vb[i] + step * (sumV0[i] - sumVk[i])
    b[i] += vb[i]
  }
  // weights: vel ← μ·vel − ηλ·W + [V0; Vk]ᵀ·[step·H0; −step·Hk],  W ← W + vel
  const keep = mu !== 0 || decay !== 0
  if (keep) rbmVelocity(kernels, vW, W, mu, decay)
  visibleProduct(kernels, vStack, hStack, vW, nv, nh, 2 * rows, true, keep, scratch)
  if (kernels.sgdUpdate) kernels.sgdUpdate(W, vW, -1)
  else for (let o = 0; o < W.length; o++) W[o] += vW[o]
}

/** out[j] = Σ_r x[r][j] over `[rows×cols]`, by the kernels' SIMD column sum when they have one. */
function columnSum(kernels: Kernels, x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  if (kernels.columnSum) return kernels.columnSum(x, out, rows, cols, false)
  out.fill(0, 0, cols)
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) out[j] += x[o]
  }
}
