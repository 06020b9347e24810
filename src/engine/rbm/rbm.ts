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
import {
  addBias,
  addBiasSigmoid,
  sampleBernoulli,
  sampleGaussian,
  softplus,
  type RandomSource,
  type VisibleKind,
} from './rbm-math'

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
 * persistent chain. Allocated once; `cdStep` allocates nothing.
 */
export class CdWorkspace {
  readonly h0: Float32Array
  readonly hs: Float32Array
  readonly vk: Float32Array
  readonly hk: Float32Array
  readonly dW: Float32Array
  readonly vW: Float32Array
  readonly vb: Float32Array
  readonly vc: Float32Array
  /** Hidden states of the persistent chains `[batchSize×nHidden]` (PCD only). */
  readonly chain: Float32Array
  chainReady = false

  constructor(
    readonly rbm: Rbm,
    readonly batchSize: number,
  ) {
    const k = rbm.kernels
    const nv = rbm.nVisible
    const nh = rbm.nHidden
    this.h0 = k.alloc(batchSize * nh)
    this.hs = k.alloc(batchSize * nh)
    this.vk = k.alloc(batchSize * nv)
    this.hk = k.alloc(batchSize * nh)
    this.dW = k.alloc(nv * nh)
    this.vW = k.alloc(nv * nh)
    this.vb = k.alloc(nv)
    this.vc = k.alloc(nh)
    this.chain = k.alloc(batchSize * nh)
  }
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
 *   gradient:       ΔW = (V0ᵀ·H0 − Vkᵀ·Hk)/rows   [nVisible×rows]·[rows×nHidden] → [nVisible×nHidden]
 *                   Δb = mean(V0 − Vk),  Δc = mean(H0 − Hk)
 *   update:         vel ← μ·vel + η·(Δ − λ·W),  θ ← θ + vel
 */
export function cdStep(ws: CdWorkspace, v0: Float32Array, rows: number, s: CdStepSettings, rng: RandomSource): void {
  const rbm = ws.rbm
  const { kernels, nVisible: nv, nHidden: nh } = rbm
  if (rows < 1 || rows > ws.batchSize) throw new Error(`cdStep: batch of ${rows} rows, workspace holds ${ws.batchSize}`)
  if (!(s.k >= 1)) throw new Error('CD-k needs k ≥ 1')
  const { h0, hs, vk, hk } = ws
  rbm.hiddenProbs(v0, rows, h0)
  if (s.persistent && ws.chainReady) hs.set(ws.chain.subarray(0, rows * nh))
  else rbm.sampleH(h0, rows, hs, rng)
  for (let t = 1; t <= s.k; t++) {
    rbm.visibleMeans(hs, rows, vk)
    if (t < s.k || s.persistent) rbm.sampleV(vk, rows, vk, rng)
    rbm.hiddenProbs(vk, rows, hk)
    if (t < s.k || s.persistent) rbm.sampleH(hk, rows, hs, rng)
  }
  if (s.persistent) {
    ws.chain.set(hs.subarray(0, rows * nh))
    if (rows === ws.batchSize) ws.chainReady = true
  }
  const { dW, vW, vb, vc } = ws
  const mu = s.momentum
  const step = s.learningRate / rows
  const decay = s.learningRate * s.weightDecay
  biasVelocity(vc, h0, hk, rows, nh, mu, step)
  biasVelocity(vb, v0, vk, rows, nv, mu, step)
  // −Hk, so that both weight statistics accumulate in one GEMM buffer.
  negate(hk, rows * nh)
  kernels.gemm(v0, h0, dW, nv, nh, rows, true, false, false)
  kernels.gemm(vk, hk, dW, nv, nh, rows, true, false, true)
  weightVelocity(rbm.W, vW, dW, mu, step, decay)
  for (let i = 0; i < nv; i++) rbm.b[i] += vb[i]
  for (let j = 0; j < nh; j++) rbm.c[j] += vc[j]
}

/** vel ← μ·vel + step·Σ_rows (pos − neg)   (pos, neg `[rows×cols]`, read in memory order). */
function biasVelocity(vel: Float32Array, pos: Float32Array, neg: Float32Array, rows: number, cols: number, mu: number, step: number): void {
  for (let j = 0; j < cols; j++) vel[j] *= mu
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++, o++) vel[j] += step * (pos[o] - neg[o])
  }
}

function negate(x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) x[i] = -x[i]
}

/** vel ← μ·vel + step·dW − η·λ·W,  W ← W + vel. */
function weightVelocity(W: Float32Array, vel: Float32Array, dW: Float32Array, mu: number, step: number, decay: number): void {
  for (let o = 0; o < W.length; o++) {
    const v = mu * vel[o] + step * dW[o] - decay * W[o]
    vel[o] = v
    W[o] += v
  }
}
