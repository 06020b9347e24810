/**
 * Fully connected layer (SPEC §3.1): Z = X·Wᵀ + b, W is `[units×fanIn]` with W[j][k] the weight from
 * input k to unit j. Batch buffers hold `capacity` rows; a partial batch uses the first rows.
 *
 * Sparse inputs. When the kernels can multiply by skipping the zeros of one operand
 * (`sparseGemm`, assembly/sparse-gemm.ts) and transpose (`transpose`), a batch whose X has at most
 * `SPARSE_MAX_DENSITY` nonzeros takes Z = X·(Wᵀ) and dWᵀ = Xᵀ·dZ over the nonzeros of X only, with Wᵀ
 * and dWᵀ in buffers of their own. MNIST pixels are ~80 % zeros: the two products of the 784-128 input
 * layer then took about 0.6–0.7× the time of the dense ones, transposes included (wasm relaxed SIMD, 2-vCPU
 * VM, 2026-11-21); with zeros scattered at random the two break even near 30 % nonzeros. The sums are
 * the dense ones without their exact-zero terms (equal up to summation order), except that 0·∞ terms
 * are skipped rather than giving NaN.
 */
import type { FloatArray, KernelsOf } from '../types'
import { regrow } from './buffers'

/** Largest fraction of nonzero inputs that takes the sparse products (break-even measured near 0.3). */
export const SPARSE_MAX_DENSITY = 0.25
/** Layers with fewer weights stay dense: the transposes and the zero scan would cost more than they save. */
export const SPARSE_MIN_WEIGHTS = 1 << 14
/** After a batch too dense for the sparse products, this many forward passes stay dense before the next try. */
const SPARSE_RETRY = 32

/** A trainable array and its gradient, as an optimizer sees it. */
export interface Param<A extends FloatArray = FloatArray> {
  value: A
  grad: A
  /** Learning-rate multiplier of this array (per-layer scale, η/√fan_in). */
  lrScale: number
  /** Whether L1/L2 penalties apply (weights yes, biases no). */
  penalize: boolean
}

/** JSON form of one dense layer's parameters (shapes explicit, row-major). */
export interface DenseJSON {
  units: number
  fanIn: number
  weights: number[]
  biases: number[] | null
}

/** One dense layer with its parameters, gradients and batch buffers. */
export class Dense<A extends FloatArray = Float32Array> {
  /** Weights `[units×fanIn]`. */
  readonly W: A
  /** Biases `[units]`, or null when the layer has none. */
  readonly b: A | null
  /** ∂C/∂W `[units×fanIn]`, ∂C/∂b `[units]`. */
  readonly dW: A
  readonly db: A | null
  /** Pre-activations Z `[capacity×units]`. */
  z: A
  /** ∂C/∂X `[capacity×fanIn]`. */
  dx: A
  private capacity = 0
  /** Wᵀ, dWᵀ `[fanIn×units]` and the sparse products' scratch, when the kernels can skip zeros. */
  private readonly sparse: { wt: A; dwt: A; scratch: A } | null
  /** Forward passes left that stay dense after a too-dense batch. */
  private denseFor = 0
  /** Whether the last forward pass took the sparse product (then backward does too). */
  private lastSparse = false

  constructor(
    private readonly kernels: KernelsOf<A>,
    readonly fanIn: number,
    readonly units: number,
    bias: boolean,
  ) {
    this.W = kernels.alloc(units * fanIn)
    this.dW = kernels.alloc(units * fanIn)
    this.b = bias ? kernels.alloc(units) : null
    this.db = bias ? kernels.alloc(units) : null
    this.z = kernels.alloc(0)
    this.dx = kernels.alloc(0)
    // allocated here, in a fixed order, like every other buffer (data-parallel replicas replay it)
    const canSkipZeros = kernels.sparseGemm && kernels.transpose && units * fanIn >= SPARSE_MIN_WEIGHTS
    this.sparse = canSkipZeros ? { wt: kernels.alloc(units * fanIn), dwt: kernels.alloc(units * fanIn), scratch: kernels.alloc(2 * fanIn) } : null
  }

  /** Makes the batch buffers hold at least `rows` rows (allocates only when growing). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return
    this.z = regrow(this.kernels, this.z, rows * this.units)
    this.dx = regrow(this.kernels, this.dx, rows * this.fanIn)
    if (this.sparse && 2 * rows > this.sparse.scratch.length) this.sparse.scratch = regrow(this.kernels, this.sparse.scratch, 2 * rows)
    this.capacity = rows
  }

  // Z = X·Wᵀ + b   [rows×fanIn]·[fanIn×units] → [rows×units]
  forward(x: A, rows: number): A {
    const { z, b, units, kernels } = this
    this.lastSparse = this.sparseForward(x, rows)
    if (!this.lastSparse) kernels.gemm(x, this.W, z, rows, units, this.fanIn, false, true, false)
    if (b && kernels.biasAdd) kernels.biasAdd(z, b, rows, units)
    else if (b) {
      for (let r = 0; r < rows; r++) {
        const o = r * units
        for (let j = 0; j < units; j++) z[o + j] += b[j]
      }
    }
    return z
  }

  // dW = dZᵀ·X   [units×rows]·[rows×fanIn] → [units×fanIn]
  // db = Σ_rows dZ   [units]
  // dX = dZ·W    [rows×units]·[units×fanIn] → [rows×fanIn]   (skipped for the input layer)
  backward(x: A, dz: A, rows: number, needDx: boolean): void {
    const { units, db, kernels } = this
    if (!this.lastSparse || !this.sparseWeightGrad(x, dz, rows)) kernels.gemm(dz, x, this.dW, units, this.fanIn, rows, true, false, false)
    if (db && kernels.columnSum) kernels.columnSum(dz, db, rows, units, false)
    else if (db) {
      db.fill(0)
      for (let r = 0; r < rows; r++) {
        const o = r * units
        for (let j = 0; j < units; j++) db[j] += dz[o + j]
      }
    }
    if (needDx) kernels.gemm(dz, this.W, this.dx, rows, this.fanIn, units, false, false, false)
  }

  // Z = X·(Wᵀ) over the nonzeros of X; false (Z untouched) when there is no sparse path or X is too dense
  private sparseForward(x: A, rows: number): boolean {
    const { sparse, kernels, units, fanIn } = this
    if (!sparse || !kernels.sparseGemm || !kernels.transpose) return false
    if (this.denseFor > 0) {
      this.denseFor--
      return false
    }
    kernels.transpose(this.W, sparse.wt, units, fanIn)
    const limit = Math.floor(SPARSE_MAX_DENSITY * rows * fanIn)
    if (kernels.sparseGemm(x, sparse.wt, this.z, rows, units, fanIn, false, false, limit, sparse.scratch) >= 0) return true
    this.denseFor = SPARSE_RETRY
    return false
  }

  // dWᵀ = Xᵀ·dZ   [fanIn×rows]·[rows×units] over the nonzeros of X, then dW = (dWᵀ)ᵀ
  private sparseWeightGrad(x: A, dz: A, rows: number): boolean {
    const { sparse, kernels, units, fanIn } = this
    if (!sparse || !kernels.sparseGemm || !kernels.transpose) return false
    if (kernels.sparseGemm(x, dz, sparse.dwt, fanIn, units, rows, true, false, rows * fanIn, sparse.scratch) < 0) return false
    kernels.transpose(sparse.dwt, this.dW, fanIn, units)
    return true
  }

  /** Weights then biases, with their gradients. */
  params(lrScale: number): Param<A>[] {
    const out: Param<A>[] = [{ value: this.W, grad: this.dW, lrScale, penalize: true }]
    if (this.b && this.db) out.push({ value: this.b, grad: this.db, lrScale, penalize: false })
    return out
  }

  toJSON(): DenseJSON {
    return {
      units: this.units,
      fanIn: this.fanIn,
      weights: Array.from(this.W),
      biases: this.b ? Array.from(this.b) : null,
    }
  }

  /** A layer with the given parameters; shapes are checked by the model parser (serialize.ts). */
  static fromJSON<A extends FloatArray>(json: DenseJSON, kernels: KernelsOf<A>): Dense<A> {
    const layer = new Dense(kernels, json.fanIn, json.units, json.biases !== null)
    layer.W.set(json.weights)
    if (layer.b && json.biases) layer.b.set(json.biases)
    return layer
  }
}
