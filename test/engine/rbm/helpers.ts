/**
 * Shared helpers of the RBM tests: brute-force energies of tiny RBMs in float64, and a deterministic
 * small binary data set.
 */
import type { Rbm } from '../../../src/engine/rbm/rbm'

/** E(v,h) = −bᵀv − cᵀh − vᵀWh (Bernoulli) or ½‖v − b‖² − cᵀh − vᵀWh (Gaussian), in float64. */
export function energy(rbm: Rbm, v: ArrayLike<number>, h: ArrayLike<number>): number {
  let e = 0
  for (let i = 0; i < rbm.nVisible; i++) {
    e += rbm.visible === 'bernoulli' ? -rbm.b[i] * v[i] : 0.5 * (v[i] - rbm.b[i]) ** 2
  }
  for (let j = 0; j < rbm.nHidden; j++) e -= rbm.c[j] * h[j]
  for (let i = 0; i < rbm.nVisible; i++) {
    for (let j = 0; j < rbm.nHidden; j++) e -= v[i] * rbm.W[i * rbm.nHidden + j] * h[j]
  }
  return e
}

/** All 2ⁿ binary vectors of length n. */
export function allStates(n: number): number[][] {
  const out: number[][] = []
  for (let s = 0; s < 1 << n; s++) out.push(Array.from({ length: n }, (_, i) => (s >> i) & 1))
  return out
}

export function logSumExp(xs: number[]): number {
  const m = Math.max(...xs)
  return m + Math.log(xs.reduce((acc, x) => acc + Math.exp(x - m), 0))
}

/** −log Σ_h e^{−E(v,h)} by enumerating every hidden state. */
export function bruteFreeEnergy(rbm: Rbm, v: ArrayLike<number>): number {
  return -logSumExp(allStates(rbm.nHidden).map((h) => -energy(rbm, v, h)))
}

/** log Z = log Σ_{v,h} e^{−E(v,h)} by enumerating every joint state (Bernoulli visible). */
export function bruteLogZ(rbm: Rbm): number {
  const terms: number[] = []
  for (const v of allStates(rbm.nVisible)) for (const h of allStates(rbm.nHidden)) terms.push(-energy(rbm, v, h))
  return logSumExp(terms)
}

/** Mean exact log-likelihood (1/N) Σ log p(v) = −F(v) − log Z over the rows of `x`. */
export function exactLogLikelihood(rbm: Rbm, x: Float32Array, rows: number): number {
  const logZ = bruteLogZ(rbm)
  let s = 0
  for (let r = 0; r < rows; r++) s += -bruteFreeEnergy(rbm, x.subarray(r * rbm.nVisible, (r + 1) * rbm.nVisible)) - logZ
  return s / rows
}

/** Two noisy 6-bit prototypes (111000 and 000111), 24 rows, fixed. */
export function tinyBinaryData(): { x: Float32Array; rows: number; cols: number } {
  const protos = [
    [1, 1, 1, 0, 0, 0],
    [0, 0, 0, 1, 1, 1],
  ]
  const rows = 24
  const x = new Float32Array(rows * 6)
  for (let r = 0; r < rows; r++) {
    const p = protos[r % 2]
    for (let i = 0; i < 6; i++) x[r * 6 + i] = (r * 7 + i * 3) % 11 === 0 ? 1 - p[i] : p[i]
  }
  return { x, rows, cols: 6 }
}
