/**
 * Activation layer: applies one activation unit (activations.ts) to a dense layer's Z, with its own
 * output and gradient buffers (convnetjs keeps activations as separate layers, STYLE §10).
 */
import { activation, type Activation } from '../activations'
import type { ActivationName, FloatArray, KernelsOf } from '../types'
import { regrow } from './buffers'

/** A = f(Z) over `[rows×units]`, and its backward pass. */
export class ActivationLayer<A extends FloatArray = Float32Array> {
  readonly fn: Activation
  /** Activations A `[capacity×units]`. */
  a: A
  /** ∂C/∂Z `[capacity×units]`. */
  dz: A
  private capacity = 0

  constructor(
    private readonly kernels: KernelsOf<A>,
    readonly units: number,
    name: ActivationName,
    alpha?: number,
  ) {
    this.fn = activation(name, alpha)
    this.a = kernels.alloc(0)
    this.dz = kernels.alloc(0)
  }

  /** Makes the batch buffers hold at least `rows` rows. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return
    this.a = regrow(this.kernels, this.a, rows * this.units)
    this.dz = regrow(this.kernels, this.dz, rows * this.units)
    this.capacity = rows
  }

  // A = f(Z)   [rows×units]
  forward(z: A, rows: number): A {
    this.fn.forward(z, this.a, rows, this.units)
    return this.a
  }

  // dZ = f′(Z) ⊙ dA   [rows×units]
  backward(z: A, da: A, rows: number): A {
    this.fn.backward(z, this.a, da, this.dz, rows, this.units)
    return this.dz
  }
}
