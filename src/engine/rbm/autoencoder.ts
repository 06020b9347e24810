/**
 * Networks built from a pretrained DBN (SPEC §4):
 * - the deep autoencoder of Hinton & Salakhutdinov 2006 (doi:10.1126/science.1127647): the stack
 *   unrolled into an encoder (W_l, c_l) and a mirrored decoder that starts from the transposed
 *   weights (W_lᵀ, b_l) — tied at the start, untied (independent copies) during fine-tuning;
 * - the DBN classifier: the encoder plus a softmax layer, fine-tuned with labels.
 */
import type { Kernels } from '../types'
import type { Dbn } from './dbn'
import { FineTuneNet, randomDense, type DenseParams, type FineLoss } from './fine-tune-net'
import type { RandomSource, VisibleKind } from './rbm-math'

/** An unrolled autoencoder: `net` has 2·codeDepth layers, the code is the output of layer codeDepth. */
export interface Autoencoder {
  net: FineTuneNet
  codeDepth: number
  visible: VisibleKind
}

/** A DBN classifier: encoder layers then one softmax layer over `classes` classes. */
export interface DbnClassifier {
  net: FineTuneNet
  classes: number
}

function copy(kernels: Kernels, a: Float32Array): Float32Array {
  const out = kernels.alloc(a.length)
  out.set(a)
  return out
}

/** Encoder layer l: h_l = σ(h_{l−1}·W_l + c_l), weights copied from RBM l. */
function encoderLayers(dbn: Dbn, kernels: Kernels): DenseParams[] {
  return dbn.layers.map((r) => ({ inputs: r.nVisible, outputs: r.nHidden, activation: 'sigmoid', W: copy(kernels, r.W), b: copy(kernels, r.c) }))
}

/**
 * Unrolls `dbn` into an autoencoder. Decoder layer for RBM l: v = f(h·W_lᵀ + b_l) with W_lᵀ stored
 * `[nHidden×nVisible]`; f = σ except for a Gaussian first layer, whose output is linear (E[v|h] = b + Wh).
 * Loss: BCE for Bernoulli data in [0,1], MSE for Gaussian (z-scored) data, unless `loss` is given.
 * Before fine-tuning, `reconstruct` equals the DBN's mean-field up-down pass.
 */
export function unroll(dbn: Dbn, kernels: Kernels = dbn.layers[0].kernels, loss?: FineLoss): Autoencoder {
  const decoder: DenseParams[] = []
  for (let l = dbn.layers.length - 1; l >= 0; l--) {
    const r = dbn.layers[l]
    const Wt = kernels.alloc(r.nHidden * r.nVisible)
    for (let i = 0; i < r.nVisible; i++) for (let j = 0; j < r.nHidden; j++) Wt[j * r.nVisible + i] = r.W[i * r.nHidden + j]
    const linear = l === 0 && r.visible === 'gaussian'
    decoder.push({ inputs: r.nHidden, outputs: r.nVisible, activation: linear ? 'identity' : 'sigmoid', W: Wt, b: copy(kernels, r.b) })
  }
  const chosen = loss ?? (dbn.visible === 'gaussian' ? 'mse' : 'bce')
  if (chosen === 'cce') throw new Error('An autoencoder reconstructs with bce or mse')
  if (chosen === 'bce' && dbn.visible === 'gaussian') throw new Error('BCE needs data in [0,1]; a Gaussian first layer reconstructs with MSE')
  return { net: new FineTuneNet(kernels, [...encoderLayers(dbn, kernels), ...decoder], chosen), codeDepth: dbn.layers.length, visible: dbn.visible }
}

/** Reconstruction of every row of `x` `[rows×nVisible]` → `[rows×nVisible]`. */
export function reconstructAe(ae: Autoencoder, x: Float32Array, rows: number): Float32Array {
  return ae.net.predict(x, rows)
}

/** The code (output of the middle layer) of every row → `[rows×codeSize]`. */
export function encodeAe(ae: Autoencoder, x: Float32Array, rows: number): Float32Array {
  return ae.net.predict(x, rows, ae.codeDepth)
}

/** The pretrained encoder plus a softmax layer W ~ N(0, σ²) over `classes` classes, loss CCE. */
export function buildClassifier(dbn: Dbn, classes: number, rng: RandomSource, kernels: Kernels = dbn.layers[0].kernels, sigma = 0.01): DbnClassifier {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new Error(`A classifier needs at least 2 classes, got ${classes}`)
  const top = dbn.layers[dbn.layers.length - 1].nHidden
  return { net: new FineTuneNet(kernels, [...encoderLayers(dbn, kernels), randomDense(kernels, top, classes, 'softmax', rng, sigma)], 'cce'), classes }
}

/** Class probabilities `[rows×classes]` of every row. */
export function classProbabilities(c: DbnClassifier, x: Float32Array, rows: number): Float32Array {
  return c.net.predict(x, rows)
}

/** Arg-max class index of every row. */
export function classify(c: DbnClassifier, x: Float32Array, rows: number): Int32Array {
  const p = classProbabilities(c, x, rows)
  const out = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    let best = 0
    for (let j = 1; j < c.classes; j++) if (p[r * c.classes + j] > p[r * c.classes + best]) best = j
    out[r] = best
  }
  return out
}

/** One-hot targets `[rows×classes]` from class indices. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes)
  for (let r = 0; r < labels.length; r++) {
    const c = labels[r]
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new Error(`label ${c} of row ${r + 1} is not a class index in [0, ${classes})`)
    out[r * classes + c] = 1
  }
  return out
}
