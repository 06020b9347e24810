/**
 * The feed-forward network that a pretrained RBM stack is unrolled into, for fine-tuning by
 * backpropagation (autoencoder, DBN classifier). Layer l computes A_l = f_l(A_{l−1}·W_l + b_l) with
 * W_l stored `[inputs×outputs]`, the RBM's own layout, so pretrained weights copy in unchanged.
 *
 * It lives here and not on the dense engine's `Network` because the unrolled decoder must start from
 * the transposed RBM weights (tied, then untied) and the RBM layout is [in×out]; the math is the
 * same as SPEC §3.1. Forward and backward sit together (STYLE §10); all products use `kernels.gemm`.
 */
import type { Kernels } from '../types'
import type { RandomSource } from './rbm-math'

const PREDICT_CHUNK = 256

export type FineActivation = 'sigmoid' | 'identity' | 'softmax'
/** bce: binary cross-entropy on sigmoid outputs; mse: squared error; cce: cross-entropy on softmax. */
export type FineLoss = 'bce' | 'mse' | 'cce'

/** One dense layer's parameters: W `[inputs×outputs]`, b `[outputs]`. */
export interface DenseParams {
  inputs: number
  outputs: number
  activation: FineActivation
  W: Float32Array
  b: Float32Array
}

interface LayerState extends DenseParams {
  a: Float32Array
  dz: Float32Array
  dW: Float32Array
  db: Float32Array
  mW: Float32Array
  vW: Float32Array
  mb: Float32Array
  vb: Float32Array
}

/** Adam settings (Kingma & Ba 2015, arXiv:1412.6980). */
export interface AdamSettings {
  learningRate: number
  beta1: number
  beta2: number
  epsilon: number
  /** L2 penalty λ/2·Σw² on weights (not biases). */
  l2: number
}

export class FineTuneNet {
  readonly layers: LayerState[]
  private capacity = 0
  private predictBuffer: Float32Array | null = null
  private adamT = 0

  constructor(
    readonly kernels: Kernels,
    params: DenseParams[],
    readonly loss: FineLoss,
  ) {
    if (params.length === 0) throw new Error('A network needs at least one layer')
    for (let l = 1; l < params.length; l++) {
      if (params[l].inputs !== params[l - 1].outputs) throw new Error(`layer ${l + 1} takes ${params[l].inputs} inputs, layer ${l} gives ${params[l - 1].outputs}`)
    }
    const out = params[params.length - 1].activation
    for (let l = 0; l < params.length - 1; l++) {
      if (params[l].activation !== 'sigmoid') throw new Error(`Hidden layer ${l + 1} must be sigmoid (it comes from an RBM)`)
    }
    for (const p of params) {
      if (p.W.length !== p.inputs * p.outputs || p.b.length !== p.outputs) throw new Error(`A ${p.inputs}→${p.outputs} layer has ${p.W.length} weights and ${p.b.length} biases`)
    }
    if (loss === 'bce' && out !== 'sigmoid') throw new Error('Binary cross-entropy needs a sigmoid output layer')
    if (loss === 'cce' && out !== 'softmax') throw new Error('Categorical cross-entropy needs a softmax output layer')
    const k = kernels
    this.layers = params.map((p) => ({
      ...p,
      a: k.alloc(0),
      dz: k.alloc(0),
      dW: k.alloc(p.W.length),
      db: k.alloc(p.b.length),
      mW: k.alloc(p.W.length),
      vW: k.alloc(p.W.length),
      mb: k.alloc(p.b.length),
      vb: k.alloc(p.b.length),
    }))
  }

  get inputs(): number {
    return this.layers[0].inputs
  }

  get outputs(): number {
    return this.layers[this.layers.length - 1].outputs
  }

  /** Makes the activation buffers hold `rows` rows; allocates only when growing. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return
    for (const L of this.layers) {
      L.a = this.kernels.alloc(rows * L.outputs)
      L.dz = this.kernels.alloc(rows * L.outputs)
    }
    this.capacity = rows
  }

  /**
   * A_l = f_l(A_{l−1}·W_l + b_l)   [rows×in]·[in×out] → [rows×out], through the first `depth` layers.
   * Returns the activation buffer of layer `depth` (valid for the first `rows` rows until the next call).
   */
  forward(x: Float32Array, rows: number, depth = this.layers.length): Float32Array {
    this.reserve(rows)
    let input = x
    for (let l = 0; l < depth; l++) {
      const L = this.layers[l]
      this.kernels.gemm(input, L.W, L.a, rows, L.outputs, L.inputs, false, false, false)
      activate(L.a, L.b, rows, L.outputs, L.activation)
      input = L.a
    }
    return input
  }

  /**
   * Backward pass after `forward(x, rows)`: loss of the batch against `target` `[rows×outputs]`,
   * gradients into dW, db. Loss per row, summed over output units (mean over rows).
   *   output:  dZ_L = (Y − T)/rows for bce∘sigmoid and cce∘softmax;  2(Y − T)/rows ⊙ f′ for mse
   *   hidden:  dZ_l = (dZ_{l+1}·W_{l+1}ᵀ) ⊙ A_l(1 − A_l)   [rows×out]·[out×in] → [rows×in]
   *   params:  dW_l = A_{l−1}ᵀ·dZ_l   [in×rows]·[rows×out] → [in×out],   db_l = Σ_rows dZ_l
   */
  backward(x: Float32Array, target: Float32Array, rows: number): number {
    const n = this.layers.length
    const top = this.layers[n - 1]
    const loss = outputDelta(top.a, target, top.dz, rows * top.outputs, rows, this.loss, top.activation)
    for (let l = n - 1; l >= 0; l--) {
      const L = this.layers[l]
      const prev = l > 0 ? this.layers[l - 1].a : x
      this.kernels.gemm(prev, L.dz, L.dW, L.inputs, L.outputs, rows, true, false, false)
      L.db.fill(0)
      for (let r = 0, o = 0; r < rows; r++) for (let j = 0; j < L.outputs; j++, o++) L.db[j] += L.dz[o]
      if (l === 0) break
      const P = this.layers[l - 1]
      this.kernels.gemm(L.dz, L.W, P.dz, rows, L.inputs, L.outputs, false, true, false)
      for (let o = 0; o < rows * P.outputs; o++) P.dz[o] *= P.a[o] * (1 - P.a[o])
    }
    return loss
  }

  /** One Adam step on every W and b from the gradients of the last `backward`. */
  adamStep(s: AdamSettings): void {
    this.adamT++
    const c1 = 1 - s.beta1 ** this.adamT
    const c2 = 1 - s.beta2 ** this.adamT
    for (const L of this.layers) {
      adam(L.W, L.dW, L.mW, L.vW, s, c1, c2, s.l2)
      adam(L.b, L.db, L.mb, L.vb, s, c1, c2, 0)
    }
  }

  /** Outputs of layer `depth` for every row of `x`, in chunks of 256 rows (the result is a plain array). */
  predict(x: Float32Array, rows: number, depth = this.layers.length): Float32Array {
    const chunk = PREDICT_CHUNK
    const width = this.layers[depth - 1].outputs
    const out = new Float32Array(rows * width)
    this.predictBuffer ??= this.kernels.alloc(chunk * this.inputs)
    const buf = this.predictBuffer
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const n = Math.min(chunk, rows - r0)
      buf.set(x.subarray(r0 * this.inputs, (r0 + n) * this.inputs))
      out.set(this.forward(buf, n, depth).subarray(0, n * width), r0 * width)
    }
    return out
  }
}

/** Z ← f(Z + b) row by row; softmax is shifted by the row maximum so it never overflows. */
function activate(z: Float32Array, b: Float32Array, rows: number, cols: number, f: FineActivation): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    if (f === 'sigmoid') for (let j = 0; j < cols; j++) z[o + j] = 1 / (1 + Math.exp(-(z[o + j] + b[j])))
    else if (f === 'identity') for (let j = 0; j < cols; j++) z[o + j] += b[j]
    else {
      let max = -Infinity
      for (let j = 0; j < cols; j++) max = Math.max(max, (z[o + j] += b[j]))
      let sum = 0
      for (let j = 0; j < cols; j++) sum += z[o + j] = Math.exp(z[o + j] - max)
      for (let j = 0; j < cols; j++) z[o + j] /= sum
    }
  }
}

const EPS = 1e-7

/** Writes dZ of the output layer into `dz`; returns the batch loss (mean over rows). */
function outputDelta(y: Float32Array, t: Float32Array, dz: Float32Array, n: number, rows: number, loss: FineLoss, f: FineActivation): number {
  let total = 0
  const inv = 1 / rows
  for (let i = 0; i < n; i++) {
    const yi = y[i]
    const ti = t[i]
    if (loss === 'bce') {
      const yc = Math.min(1 - EPS, Math.max(EPS, yi))
      total -= ti * Math.log(yc) + (1 - ti) * Math.log(1 - yc)
      dz[i] = (yi - ti) * inv
    } else if (loss === 'cce') {
      if (ti !== 0) total -= ti * Math.log(Math.max(EPS, yi))
      dz[i] = (yi - ti) * inv
    } else {
      total += (yi - ti) ** 2
      const slope = f === 'sigmoid' ? yi * (1 - yi) : 1
      dz[i] = 2 * (yi - ti) * inv * slope
    }
  }
  return total * inv
}

/** m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·m̂/(√v̂ + ε), with g = ∇ + λθ. */
function adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamSettings, c1: number, c2: number, l2: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + l2 * p[i]
    m[i] = s.beta1 * m[i] + (1 - s.beta1) * gi
    v[i] = s.beta2 * v[i] + (1 - s.beta2) * gi * gi
    p[i] -= (s.learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + s.epsilon)
  }
}

/** A new dense layer with W ~ N(0, σ²) and zero bias. */
export function randomDense(kernels: Kernels, inputs: number, outputs: number, activation: FineActivation, rng: RandomSource, sigma = 0.01): DenseParams {
  const W = kernels.alloc(inputs * outputs)
  for (let i = 0; i < W.length; i++) W[i] = sigma * rng.normal()
  return { inputs, outputs, activation, W, b: kernels.alloc(outputs) }
}
