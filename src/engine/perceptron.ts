/**
 * Rosenblatt's perceptron (SPEC §3.6): one layer of step units, y = step(W·x + b) with step(s) = 1 for
 * s ≥ 0 else 0, trained by the perceptron rule w ← w + η(t − y)x, b ← b + η(t − y), one sample at a
 * time. It converges on linearly separable data (OR, NAND) and never on XOR.
 */
import { Rng } from './random'

/** Data for the perceptron: x `[rows×inputs]`, 0/1 targets t `[rows×outputs]`. */
export interface PerceptronData {
  rows: number
  inputs: number
  outputs: number
  x: Float32Array
  y: Float32Array
}

/** How to train the perceptron. */
export interface PerceptronOptions {
  /** Upper bound on passes over the data (default 100). */
  epochs?: number
  /** η (default 1). */
  learningRate?: number
  /** Visit the rows in a new seeded order every epoch (default false: data order). */
  shuffle?: boolean
  seed?: number
}

/** A trained perceptron and how training went. */
export interface PerceptronResult {
  /** W `[outputs×inputs]` (W[j][k] from input k to unit j) and b `[outputs]`. */
  weights: Float32Array
  biases: Float32Array
  inputs: number
  outputs: number
  /** Misclassified samples (any wrong output unit) seen in each epoch, before their update. */
  errors: number[]
  /** True when an epoch passed without a single error. */
  converged: boolean
  epochs: number
}

/** step(W·x + b) for `rows` rows of x, `[rows×outputs]` of 0/1. */
export function perceptronPredict(p: PerceptronResult, x: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows * p.outputs)
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < p.outputs; j++) {
      let s = p.biases[j]
      for (let k = 0; k < p.inputs; k++) s += p.weights[j * p.inputs + k] * x[r * p.inputs + k]
      out[r * p.outputs + j] = s >= 0 ? 1 : 0
    }
  }
  return out
}

/** Trains a perceptron from zero weights until an epoch has no errors or `epochs` is reached. */
export function perceptron(data: PerceptronData, options: PerceptronOptions = {}): PerceptronResult {
  const { rows, inputs, outputs, x, y } = data
  const maxEpochs = options.epochs ?? 100
  const eta = options.learningRate ?? 1
  const rng = new Rng(options.seed ?? 1)
  const order = Int32Array.from({ length: rows }, (_, i) => i)
  const result: PerceptronResult = {
    weights: new Float32Array(outputs * inputs),
    biases: new Float32Array(outputs),
    inputs,
    outputs,
    errors: [],
    converged: false,
    epochs: 0,
  }
  const { weights: W, biases: b } = result
  while (result.epochs < maxEpochs && !result.converged) {
    if (options.shuffle) rng.shuffle(order)
    let errors = 0
    for (const r of order) {
      let wrong = false
      for (let j = 0; j < outputs; j++) {
        let s = b[j]
        for (let k = 0; k < inputs; k++) s += W[j * inputs + k] * x[r * inputs + k]
        // w ← w + η(t − y)x;  b ← b + η(t − y)
        const e = y[r * outputs + j] - (s >= 0 ? 1 : 0)
        if (e === 0) continue
        wrong = true
        for (let k = 0; k < inputs; k++) W[j * inputs + k] += eta * e * x[r * inputs + k]
        b[j] += eta * e
      }
      if (wrong) errors++
    }
    result.errors.push(errors)
    result.epochs++
    result.converged = errors === 0
  }
  return result
}
