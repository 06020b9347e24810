/**
 * Activation layer: applies one activation unit (activations.ts) to a dense layer's Z, with its own
 * output and gradient buffers (convnetjs keeps activations as separate layers, STYLE §10). Where the
 * kernels offer a fast path for the unit (ReLU forward and backward, softmax forward), it runs there.
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
  /** The kernels' A = f(Z) and dZ = f′(Z) ⊙ dA for this unit, where they have them. */
  private readonly fast: FastPaths<A>

  constructor(
    private readonly kernels: KernelsOf<A>,
    readonly units: number,
    name: ActivationName,
    alpha?: number,
  ) {
    this.fn = activation(name, alpha)
    this.fast = fastPaths(kernels, this.fn.name)
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
    if (this.fast.forward) this.fast.forward(z, this.a, rows, this.units)
    else this.fn.forward(z, this.a, rows, this.units)
    return this.a
  }

  // dZ = f′(Z) ⊙ dA   [rows×units]
  backward(z: A, da: A, rows: number): A {
    if (this.fast.backward) this.fast.backward(z, da, this.dz, rows, this.units)
    else this.fn.backward(z, this.a, da, this.dz, rows, this.units)
    return this.dz
  }
}

/** Kernel fast paths of one activation unit (method syntax: `ActivationLayer<A>` stays covariant in A). */
interface FastPaths<A extends FloatArray> {
  forward?(z: A, a: A, rows: number, units: number): void
  backward?(z: A, da: A, dz: A, rows: number, units: number): void
}

function fastPaths<A extends FloatArray>(kernels: KernelsOf<A>, name: ActivationName): FastPaths<A> {
  const { reluForward, reluBackward, softmaxRows } = kernels
  if (name === 'relu') {
    return {
      forward: reluForward && ((z, a, rows, units) => reluForward.call(kernels, z, a, rows * units)),
      backward: reluBackward && ((z, da, dz, rows, units) => reluBackward.call(kernels, z, da, dz, rows * units)),
    }
  }
  if (name === 'softmax' && softmaxRows) return { forward: (z, a, rows, units) => softmaxRows.call(kernels, z, a, rows, units) }
  return {}
}
