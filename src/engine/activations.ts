/**
 * Activation functions of SPEC §3.2, each a unit with its forward pass and, directly below it, its
 * backward pass (STYLE §10). They work elementwise on `n` values of z = `[rows×cols]`; only softmax
 * looks at a whole row. Forms are chosen to stay finite for |z| ≤ 1e4.
 */
import type { ActivationName, FloatArray } from './types'

/** One activation function f with its derivative, applied to a `[rows×cols]` block of pre-activations. */
export interface Activation {
  readonly name: ActivationName
  /** α of leaky ReLU, ELU, soft exponential (0 where unused). */
  readonly alpha: number
  /** a = f(z) for the first `rows·cols` values. */
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void
  /** dz = f′(z) ⊙ da (softmax: dz = a ⊙ (da − Σ_j da_j a_j) per row); `a` holds f(z). */
  backward(z: FloatArray, a: FloatArray, da: FloatArray, dz: FloatArray, rows: number, cols: number): void
}

/** An elementwise activation from f(z) and f′(z, f(z)); used for the less common functions. */
function elementwise(
  name: ActivationName,
  alpha: number,
  f: (z: number) => number,
  df: (z: number, a: number) => number,
): Activation {
  return {
    name,
    alpha,
    forward(z, a, rows, cols) {
      const n = rows * cols
      for (let i = 0; i < n; i++) a[i] = f(z[i])
    },
    backward(z, a, da, dz, rows, cols) {
      const n = rows * cols
      for (let i = 0; i < n; i++) dz[i] = df(z[i], a[i]) * da[i]
    },
  }
}

/** σ(z) = 1/(1+e^−z), evaluated on the side where the exponential cannot overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** softplus(z) = ln(1+e^z) = max(z,0) + ln(1+e^−|z|). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))
}

const identity: Activation = {
  name: 'identity',
  alpha: 0,
  // a = z
  forward(z, a, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) a[i] = z[i]
  },
  // dz = da
  backward(_z, _a, da, dz, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) dz[i] = da[i]
  },
}

const logistic: Activation = {
  name: 'sigmoid',
  alpha: 0,
  // a = σ(z)
  forward(z, a, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) a[i] = sigmoid(z[i])
  },
  // dz = a(1−a) ⊙ da
  backward(_z, a, da, dz, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) dz[i] = a[i] * (1 - a[i]) * da[i]
  },
}

const tanh: Activation = {
  name: 'tanh',
  alpha: 0,
  // a = tanh z
  forward(z, a, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i])
  },
  // dz = (1 − a²) ⊙ da
  backward(_z, a, da, dz, rows, cols) {
    const n = rows * cols
    for (let i = 0; i < n; i++) dz[i] = (1 - a[i] * a[i]) * da[i]
  },
}

function leakyRelu(name: ActivationName, alpha: number): Activation {
  return {
    name,
    alpha,
    // a = z for z > 0, αz otherwise (α = 0: ReLU)
    forward(z, a, rows, cols) {
      const n = rows * cols
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i]
    },
    // dz = da for z > 0, α·da otherwise (the kink at 0 takes the left slope)
    backward(z, _a, da, dz, rows, cols) {
      const n = rows * cols
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : alpha * da[i]
    },
  }
}

const softmax: Activation = {
  name: 'softmax',
  alpha: 0,
  // a_j = e^(z_j − max z) / Σ_k e^(z_k − max z), per row
  forward(z, a, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      let max = -Infinity
      for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j]
      let sum = 0
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(z[o + j] - max)
        a[o + j] = e
        sum += e
      }
      for (let j = 0; j < cols; j++) a[o + j] /= sum
    }
  },
  // dz_j = a_j (da_j − Σ_k da_k a_k), the Jacobian-vector product of softmax, per row
  backward(_z, a, da, dz, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      let dot = 0
      for (let j = 0; j < cols; j++) dot += da[o + j] * a[o + j]
      for (let j = 0; j < cols; j++) dz[o + j] = a[o + j] * (da[o + j] - dot)
    }
  },
}

/** Below this |z| sinc and its slope use their Taylor series: the closed forms cancel catastrophically. */
const SINC_SERIES = 0.01

/** sinc z = sin z / z, 1 at 0; near 0 the series 1 − z²/6 + z⁴/120 − z⁶/5040. */
function sinc(z: number): number {
  if (Math.abs(z) >= SINC_SERIES) return Math.sin(z) / z
  const z2 = z * z
  return 1 - (z2 / 6) * (1 - (z2 / 20) * (1 - z2 / 42))
}

/** sinc′ z = cos z / z − sin z / z², 0 at 0; near 0 the series −z/3 + z³/30 − z⁵/840. */
function sincSlope(z: number): number {
  if (Math.abs(z) >= SINC_SERIES) return Math.cos(z) / z - Math.sin(z) / (z * z)
  const z2 = z * z
  return (-z / 3) * (1 - (z2 / 10) * (1 - z2 / 28))
}

/** Largest argument of exp that stays finite in float32 (e^88.7 ≈ 3.4e38). */
const EXP_MAX = 88

/**
 * Soft exponential (Godfrey & Gashler 2016, arXiv:1602.01321):
 * α < 0: −ln(1 − α(z + α))/α, α = 0: z, α > 0: (e^(αz) − 1)/α + α.
 * f′ = 1/(1 − α(α + z)) for α < 0, e^(αz) for α ≥ 0. Outside its domain (α < 0 and
 * 1 − α(z + α) ≤ 0) the log argument is clamped to 1e-30; for α > 0 the exponent is clamped to 88.
 */
function softExponential(alpha: number): Activation {
  if (alpha === 0) return { ...identity, name: 'softExponential' }
  if (alpha < 0) {
    return elementwise(
      'softExponential',
      alpha,
      (z) => -Math.log(Math.max(1 - alpha * (z + alpha), 1e-30)) / alpha,
      (z) => 1 / Math.max(1 - alpha * (alpha + z), 1e-30),
    )
  }
  return elementwise(
    'softExponential',
    alpha,
    (z) => Math.expm1(Math.min(alpha * z, EXP_MAX)) / alpha + alpha,
    (z) => Math.exp(Math.min(alpha * z, EXP_MAX)),
  )
}

/** Default α per activation (SPEC §3.2): leaky ReLU 0.01, ELU 1, soft exponential 0. */
export function defaultAlpha(name: ActivationName): number {
  return name === 'leakyRelu' ? 0.01 : name === 'elu' ? 1 : 0
}

/** The activation unit for a name (α where it applies). A plain name → constructor map (STYLE §15). */
export function activation(name: ActivationName, alpha = defaultAlpha(name)): Activation {
  const make: Record<ActivationName, () => Activation> = {
    identity: () => identity,
    // step: a = 1 for z ≥ 0, else 0; f′ = 0 everywhere (not trainable by gradient)
    step: () => elementwise('step', 0, (z) => (z >= 0 ? 1 : 0), () => 0),
    sigmoid: () => logistic,
    tanh: () => tanh,
    // arctan: a = atan z, f′ = 1/(1+z²)
    arctan: () => elementwise('arctan', 0, Math.atan, (z) => 1 / (1 + z * z)),
    relu: () => leakyRelu('relu', 0),
    leakyRelu: () => leakyRelu('leakyRelu', alpha),
    // ELU: a = z for z > 0, α(e^z − 1) otherwise; f′ = 1 or α e^z = a + α
    elu: () => elementwise('elu', alpha, (z) => (z > 0 ? z : alpha * Math.expm1(z)), (z, a) => (z > 0 ? 1 : a + alpha)),
    // softplus: a = ln(1+e^z), f′ = σ(z)
    softplus: () => elementwise('softplus', 0, softplus, sigmoid),
    // bent identity: a = (√(z²+1) − 1)/2 + z, f′ = z / (2√(z²+1)) + 1
    bentIdentity: () =>
      elementwise('bentIdentity', 0, (z) => (Math.sqrt(z * z + 1) - 1) / 2 + z, (z) => z / (2 * Math.sqrt(z * z + 1)) + 1),
    softExponential: () => softExponential(alpha),
    // sinusoid: a = sin z, f′ = cos z
    sinusoid: () => elementwise('sinusoid', 0, Math.sin, Math.cos),
    sinc: () => elementwise('sinc', 0, sinc, sincSlope),
    // Gaussian: a = e^(−z²), f′ = −2z·a
    gaussian: () => elementwise('gaussian', 0, (z) => Math.exp(-z * z), (z, a) => -2 * z * a),
    softmax: () => softmax,
  }
  return make[name]()
}

/** All activation names, in SPEC order. */
export const ACTIVATIONS: readonly ActivationName[] = [
  'identity', 'step', 'sigmoid', 'tanh', 'arctan', 'relu', 'leakyRelu', 'elu', 'softplus',
  'bentIdentity', 'softExponential', 'sinusoid', 'sinc', 'gaussian', 'softmax',
]
