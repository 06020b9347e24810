/**
 * Fully connected layer (SPEC §3.1): Z = X·Wᵀ + b, W is `[units×fanIn]` with W[j][k] the weight from
 * input k to unit j. Batch buffers hold `capacity` rows; a partial batch uses the first rows.
 */
import type { FloatArray, KernelsOf } from '../types'
import { regrow } from './buffers'

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
  }

  /** Makes the batch buffers hold at least `rows` rows (allocates only when growing). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return
    this.z = regrow(this.kernels, this.z, rows * this.units)
    this.dx = regrow(this.kernels, this.dx, rows * this.fanIn)
    this.capacity = rows
  }

  // Z = X·Wᵀ + b   [rows×fanIn]·[fanIn×units] → [rows×units]
  forward(x: A, rows: number): A {
    const { z, b, units, kernels } = this
    kernels.gemm(x, this.W, z, rows, units, this.fanIn, false, true, false)
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
    kernels.gemm(dz, x, this.dW, units, this.fanIn, rows, true, false, false)
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
