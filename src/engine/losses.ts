/**
 * Losses of SPEC §3.3, each averaged over the N rows of a batch. Each unit has its forward (the
 * mean loss) and, below it, its backward (the gradient seed for the output layer). The cross-entropies
 * on a matching output activation are fused (STYLE §11): they read the logits z and give ∂L/∂z
 * directly, which is both stable near 0 and 1 and free of a separate derivative.
 */
import { softplus } from './activations'
import type { ActivationName, FloatArray, LossName } from './types'

/** A loss on a `[rows×cols]` output y (= f(z)) against targets t. */
export interface Loss {
  readonly name: LossName
  /** True when `backward` yields ∂L/∂z of the output layer (fused with its activation), else ∂L/∂y. */
  readonly fused: boolean
  /** Mean loss over the rows. */
  forward(y: FloatArray, z: FloatArray, t: FloatArray, rows: number, cols: number): number
  /** d = ∂L/∂z when `fused`, else ∂L/∂y, `[rows×cols]`. */
  backward(y: FloatArray, z: FloatArray, t: FloatArray, d: FloatArray, rows: number, cols: number): void
}

/** Probabilities are clamped to [ε, 1−ε] where a loss reads y itself (non-fused cross-entropy). */
const EPS = 1e-7

/** MSE: L = 1/N Σ_rows ||y − t||² (summed over outputs, averaged over rows, SPEC §3.3). */
const mse: Loss = {
  name: 'mse',
  fused: false,
  forward(y, _z, t, rows, cols) {
    const n = rows * cols
    let s = 0
    for (let i = 0; i < n; i++) s += (y[i] - t[i]) * (y[i] - t[i])
    return s / rows
  },
  // ∂L/∂y = 2(y − t)/N
  backward(y, _z, t, d, rows, cols) {
    const n = rows * cols
    const k = 2 / rows
    for (let i = 0; i < n; i++) d[i] = k * (y[i] - t[i])
  },
}

/** BCE on probabilities: L = −1/N Σ [t ln y + (1−t) ln(1−y)], y clamped to [ε, 1−ε]. */
const bce: Loss = {
  name: 'bce',
  fused: false,
  forward(y, _z, t, rows, cols) {
    const n = rows * cols
    let s = 0
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(y[i], EPS), 1 - EPS)
      s -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p)
    }
    return s / rows
  },
  // ∂L/∂y = (y − t) / (y(1−y)) / N
  backward(y, _z, t, d, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(y[i], EPS), 1 - EPS)
      d[i] = (p - t[i]) / (p * (1 - p)) / rows
    }
  },
}

/** BCE fused with a sigmoid output, on logits: ℓ = softplus(z) − t·z = max(z,0) − tz + ln(1+e^−|z|). */
const sigmoidBce: Loss = {
  name: 'bce',
  fused: true,
  forward(_y, z, t, rows, cols) {
    const n = rows * cols
    let s = 0
    for (let i = 0; i < n; i++) s += softplus(z[i]) - t[i] * z[i]
    return s / rows
  },
  // ∂L/∂z = (σ(z) − t)/N = (y − t)/N
  backward(y, _z, t, d, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) d[i] = (y[i] - t[i]) / rows
  },
}

/** CCE on probabilities: L = −1/N Σ t ln y, y clamped to ≥ ε. */
const cce: Loss = {
  name: 'cce',
  fused: false,
  forward(y, _z, t, rows, cols) {
    const n = rows * cols
    let s = 0
    for (let i = 0; i < n; i++) if (t[i] !== 0) s -= t[i] * Math.log(Math.max(y[i], EPS))
    return s / rows
  },
  // ∂L/∂y = −t / y / N
  backward(y, _z, t, d, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) d[i] = -t[i] / Math.max(y[i], EPS) / rows
  },
}

/**
 * CCE fused with softmax, on logits: ln y_j = z_j − max z − ln Σ_k e^(z_k − max z) (log-sum-exp),
 * L = −1/N Σ_rows Σ_j t_j ln y_j.
 */
const softmaxCce: Loss = {
  name: 'cce',
  fused: true,
  forward(_y, z, t, rows, cols) {
    let s = 0
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      let max = -Infinity
      for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j]
      let sum = 0
      for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max)
      const lse = max + Math.log(sum)
      for (let j = 0; j < cols; j++) if (t[o + j] !== 0) s -= t[o + j] * (z[o + j] - lse)
    }
    return s / rows
  },
  // ∂L/∂z = (y − t)/N for targets that sum to 1 per row
  backward(y, _z, t, d, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) d[i] = (y[i] - t[i]) / rows
  },
}

/**
 * The loss unit for a name and the output activation: BCE after sigmoid and CCE after softmax are
 * fused; any other pairing uses the loss on probabilities.
 */
export function lossFor(name: LossName, output: ActivationName): Loss {
  if (name === 'mse') return mse
  if (name === 'bce') return output === 'sigmoid' ? sigmoidBce : bce
  return output === 'softmax' ? softmaxCce : cce
}
