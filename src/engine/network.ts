/**
 * A feed-forward network (SPEC §3.1): dense layers, each followed by its activation layer, and a loss
 * on the output. Generic over the float array type: `Network` (float32) trains, `Network<Float64Array>`
 * runs the same code in float64 for gradient checks.
 */
import { ACTIVATIONS, defaultAlpha } from './activations'
import { defaultInit, initWeights } from './init'
import { tsKernels } from './kernels/blocked'
import { ActivationLayer } from './layers/activation'
import { regrow } from './layers/buffers'
import { Dense, type Param } from './layers/dense'
import { lossFor, type Loss } from './losses'
import type { Rng } from './random'
import type { ActivationName, DenseLayerSpec, FloatArray, KernelsOf, LossName, NetworkSpec } from './types'

/** JSON form of one layer: its spec and its parameters as row-major arrays with shapes (SPEC §9). */
export interface DenseLayerJSON {
  type: 'dense'
  units: number
  activation: ActivationName
  /** Present only for activations with a parameter (leakyRelu, elu, softExponential). */
  alpha?: number
  bias: boolean
  weights: { shape: [number, number]; data: number[] }
  biases: { shape: [number]; data: number[] } | null
}

/** JSON form of a network. */
export interface NetworkJSON {
  inputs: number
  loss: LossName
  layers: DenseLayerJSON[]
}

const LOSSES: readonly LossName[] = ['mse', 'bce', 'cce']
const USES_ALPHA: readonly ActivationName[] = ['leakyRelu', 'elu', 'softExponential']
/** Rows per chunk when `predict` runs on a network that has no larger buffers yet. */
const PREDICT_CHUNK = 256

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1
}

/** Throws an `Error` naming the first problem of a network spec. */
export function checkSpec(spec: NetworkSpec): void {
  if (!isCount(spec.inputs)) throw new Error(`Network: inputs must be a positive integer, got ${String(spec.inputs)}`)
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new Error('Network: at least one layer is needed')
  if (!LOSSES.includes(spec.loss)) throw new Error(`Network: unknown loss '${String(spec.loss)}'`)
  spec.layers.forEach((l, i) => {
    if (!isCount(l.units)) throw new Error(`Network: layer ${i + 1} units must be a positive integer, got ${String(l.units)}`)
    if (!ACTIVATIONS.includes(l.activation)) throw new Error(`Network: layer ${i + 1} has unknown activation '${String(l.activation)}'`)
    if (l.activation === 'softmax' && i !== spec.layers.length - 1) {
      throw new Error(`Network: softmax is only valid on the output layer, found on layer ${i + 1}`)
    }
    if (l.alpha !== undefined && !Number.isFinite(l.alpha)) throw new Error(`Network: layer ${i + 1} alpha must be finite`)
  })
}

/**
 * Advice about a valid spec that will not train well by gradient descent: a `step` layer has
 * derivative 0 everywhere (SPEC §3.2), so it and every layer below it never change.
 */
export function specWarnings(spec: NetworkSpec): string[] {
  const last = spec.layers.map((l) => l.activation).lastIndexOf('step')
  if (last < 0) return []
  const layers = last === 0 ? 'layer 1' : `layers 1–${last + 1}`
  return [`Layer ${last + 1} uses the step activation, whose derivative is 0: ${layers} cannot learn by gradient descent (use the perceptron rule, or sigmoid/tanh).`]
}

/** A dense feed-forward network with its batch buffers. */
export class Network<A extends FloatArray = Float32Array> {
  /** Layer l's dense part: Z_l = A_(l−1)·W_lᵀ + b_l. */
  readonly dense: Dense<A>[] = []
  /** Layer l's activation: A_l = f_l(Z_l). */
  readonly activations: ActivationLayer<A>[] = []
  /** The loss unit on the output (fused with softmax/sigmoid where it applies). */
  readonly loss: Loss
  /** ∂L/∂Y of the output `[capacity×outputs]` (used when the loss is not fused). */
  private dy: A
  /** Staging buffers for inputs `[capacity×inputs]` and targets `[capacity×outputs]` (predict, evaluate). */
  private x: A
  private t: A
  private capacity = 0

  private constructor(
    readonly spec: NetworkSpec,
    readonly kernels: KernelsOf<A>,
  ) {
    checkSpec(spec)
    let fanIn = spec.inputs
    for (const l of spec.layers) {
      this.dense.push(new Dense(kernels, fanIn, l.units, l.bias !== false))
      this.activations.push(new ActivationLayer(kernels, l.units, l.activation, l.alpha ?? defaultAlpha(l.activation)))
      fanIn = l.units
    }
    this.loss = lossFor(spec.loss, spec.layers[spec.layers.length - 1].activation)
    this.dy = kernels.alloc(0)
    this.x = kernels.alloc(0)
    this.t = kernels.alloc(0)
  }

  /** A network with freshly initialised weights (seeded by `rng`), on `kernels` (default: TypeScript). */
  static create<A extends FloatArray = Float32Array>(spec: NetworkSpec, rng: Rng, kernels?: KernelsOf<A>): Network<A> {
    checkSpec(spec)
    const net = new Network<A>(structuredSpec(spec), kernels ?? (tsKernels as unknown as KernelsOf<A>))
    net.spec.layers.forEach((l: DenseLayerSpec, i) => {
      const d = net.dense[i]
      initWeights(d.W, d.fanIn, d.units, l.init ?? defaultInit(l.activation), l.initSigma ?? 0.1, rng)
    })
    return net
  }

  /**
   * A network of `spec` whose weights are left as `kernels.alloc` returns them (no initialisation):
   * for replicas whose parameter blocks are another network's (src/engine/parallel/replica.ts).
   */
  static structure<A extends FloatArray = Float32Array>(spec: NetworkSpec, kernels: KernelsOf<A>): Network<A> {
    return new Network<A>(structuredSpec(spec), kernels)
  }

  /** Number of dense layers (hidden + output). */
  get layerCount(): number {
    return this.dense.length
  }

  /** Width of an input row. */
  get inputs(): number {
    return this.spec.inputs
  }

  /** Width of an output row (units of the last layer). */
  get outputs(): number {
    return this.dense[this.dense.length - 1].units
  }

  /** Live weights of layer l, `[units×fanIn]` row-major: W[j][k] at j·fanIn + k. Copy before keeping. */
  weights(l: number): A {
    return this.dense[l].W
  }

  /** Live biases of layer l `[units]`, or null when the layer has no bias. */
  biases(l: number): A | null {
    return this.dense[l].b
  }

  /** All trainable arrays, weights then bias per layer, with the layer's learning-rate scale. */
  params(perLayerLrScaling = false): Param<A>[] {
    return this.dense.flatMap((d, i) => {
      const scale = (this.spec.layers[i].lrScale ?? 1) / (perLayerLrScaling ? Math.sqrt(d.fanIn) : 1)
      return d.params(scale)
    })
  }

  /** Makes every batch buffer hold at least `rows` rows; the only place the network allocates. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return
    for (const d of this.dense) d.reserve(rows)
    for (const a of this.activations) a.reserve(rows)
    this.dy = regrow(this.kernels, this.dy, rows * this.outputs)
    this.x = regrow(this.kernels, this.x, rows * this.inputs)
    this.t = regrow(this.kernels, this.t, rows * this.outputs)
    this.capacity = rows
  }

  /**
   * Reusable staging buffers of `batchCapacity` rows for inputs and targets, so callers that feed
   * the network from plain arrays (evaluation) allocate nothing after the first call.
   */
  staging(): { x: A; t: A } {
    return { x: this.x, t: this.t }
  }

  /** Rows the batch buffers hold. */
  get batchCapacity(): number {
    return this.capacity
  }

  /** Forward pass of `rows` ≤ capacity rows of x `[rows×inputs]`; returns the output buffer (first rows×outputs valid). */
  forward(x: A, rows: number): A {
    let a = x
    for (let l = 0; l < this.dense.length; l++) a = this.activations[l].forward(this.dense[l].forward(a, rows), rows)
    return a
  }

  /** Mean loss of the last forward pass against targets t `[rows×outputs]`. */
  lossValue(t: A, rows: number): number {
    const L = this.dense.length - 1
    const { softmaxCrossEntropy } = this.kernels
    if (softmaxCrossEntropy && this.loss.fused && this.loss.name === 'cce') return softmaxCrossEntropy.call(this.kernels, this.dense[L].z, t, rows, this.outputs)
    return this.loss.forward(this.activations[L].a, this.dense[L].z, t, rows, this.outputs)
  }

  /**
   * Backward pass after `forward(x, rows)`: fills every dW and db with ∂L/∂W, ∂L/∂b of the mean loss.
   * With `inputGrad`, ∂L/∂X `[rows×inputs]` is left in `dense[0].dx`. `scale` multiplies the loss
   * gradient: a data-parallel part of `rows` out of a batch of N rows passes rows/N, so that the
   * parts' gradients add up to the batch mean.
   */
  backward(x: A, t: A, rows: number, inputGrad = false, scale = 1): void {
    const L = this.dense.length - 1
    const out = this.activations[L]
    let dz: A
    if (this.loss.fused && this.kernels.scaledDifference) {
      // the fused losses' (Y − T)/N, times `scale`, in one pass of the kernels
      this.kernels.scaledDifference(out.a, t, out.dz, rows * this.outputs, scale / rows)
      dz = out.dz
    } else if (this.loss.fused) {
      // ∂L/∂Z of the output comes straight from the fused loss: (Y − T)/N
      this.loss.backward(out.a, this.dense[L].z, t, out.dz, rows, this.outputs)
      dz = out.dz
      if (scale !== 1) scaleInPlace(dz, rows * this.outputs, scale)
    } else {
      this.loss.backward(out.a, this.dense[L].z, t, this.dy, rows, this.outputs)
      if (scale !== 1) scaleInPlace(this.dy, rows * this.outputs, scale)
      dz = out.backward(this.dense[L].z, this.dy, rows)
    }
    for (let l = L; l >= 0; l--) {
      const input = l > 0 ? this.activations[l - 1].a : x
      this.dense[l].backward(input, dz, rows, l > 0 || inputGrad)
      if (l > 0) dz = this.activations[l - 1].backward(this.dense[l - 1].z, this.dense[l].dx, rows)
    }
  }

  /** Outputs for `rows` rows of x `[rows×inputs]`, as a new array `[rows×outputs]`. */
  predict(x: Float32Array, rows: number): Float32Array {
    if (x.length < rows * this.inputs) throw new RangeError(`predict: x has ${x.length} values, needs ${rows}×${this.inputs}`)
    this.reserve(Math.min(rows, PREDICT_CHUNK))
    const out = new Float32Array(rows * this.outputs)
    const { inputs, outputs } = this
    for (let r0 = 0; r0 < rows; r0 += this.capacity) {
      const n = Math.min(this.capacity, rows - r0)
      this.x.set(x.subarray(r0 * inputs, (r0 + n) * inputs))
      const y = this.forward(this.x, n)
      for (let i = 0; i < n * outputs; i++) out[r0 * outputs + i] = y[i]
    }
    return out
  }

  /** The spec and parameters as JSON (the `network` part of a model file, docs/model-format.md). */
  toJSON(): NetworkJSON {
    return {
      inputs: this.spec.inputs,
      loss: this.spec.loss,
      layers: this.dense.map((d, i) => {
        const spec = this.spec.layers[i]
        const j = d.toJSON()
        const layer: DenseLayerJSON = {
          type: 'dense',
          units: d.units,
          activation: spec.activation,
          ...(USES_ALPHA.includes(spec.activation) ? { alpha: this.activations[i].fn.alpha } : {}),
          bias: j.biases !== null,
          weights: { shape: [d.units, d.fanIn], data: j.weights },
          biases: j.biases ? { shape: [d.units], data: j.biases } : null,
        }
        return layer
      }),
    }
  }

  /** A network with the spec and parameters of `json` (validate untrusted input with `parseModel` first). */
  static fromJSON<A extends FloatArray = Float32Array>(json: NetworkJSON, kernels?: KernelsOf<A>): Network<A> {
    const spec: NetworkSpec = {
      inputs: json.inputs,
      loss: json.loss,
      layers: json.layers.map((l) => {
        const s: DenseLayerSpec = { units: l.units, activation: l.activation, bias: l.bias }
        if (l.alpha !== undefined) s.alpha = l.alpha
        return s
      }),
    }
    const net = new Network<A>(spec, kernels ?? (tsKernels as unknown as KernelsOf<A>))
    json.layers.forEach((l, i) => {
      const d = net.dense[i]
      if (l.weights.data.length !== d.W.length) throw new Error(`Network: layer ${i + 1} needs ${d.W.length} weights`)
      d.W.set(l.weights.data)
      if (d.b && l.biases) d.b.set(l.biases.data)
    })
    return net
  }
}

function scaleInPlace(v: FloatArray, n: number, s: number): void {
  for (let i = 0; i < n; i++) v[i] *= s
}

/** A deep copy of a spec, so later edits by the caller do not reach the network. */
function structuredSpec(spec: NetworkSpec): NetworkSpec {
  return { inputs: spec.inputs, loss: spec.loss, layers: spec.layers.map((l) => ({ ...l })) }
}
