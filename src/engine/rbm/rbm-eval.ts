/**
 * Whole-data-set evaluations of an RBM, processed in chunks of rows so memory stays bounded:
 * hidden probabilities, mean-field reconstruction, free energy, reconstruction error and the
 * stochastic pseudo-log-likelihood. Outputs are plain arrays (garbage-collected); the chunk buffers the
 * GEMMs work on come from `kernels.alloc` once per RBM and are reused, so repeated monitoring never
 * grows the kernels' memory (a wasm kernel set cannot garbage-collect its blocks).
 */
import type { Rbm } from './rbm'
import { softplus, type RandomSource } from './rbm-math'

const CHUNK = 256

interface ChunkBuffers {
  v: Float32Array
  h: Float32Array
}
const chunkCache = new WeakMap<Rbm, ChunkBuffers>()

/** The RBM's reusable `[CHUNK×nVisible]` and `[CHUNK×nHidden]` buffers. */
function chunkBuffers(rbm: Rbm): ChunkBuffers {
  let b = chunkCache.get(rbm)
  if (!b) {
    b = { v: rbm.kernels.alloc(CHUNK * rbm.nVisible), h: rbm.kernels.alloc(CHUNK * rbm.nHidden) }
    chunkCache.set(rbm, b)
  }
  return b
}

/** p(h=1|v) for every row of `x` `[rows×nVisible]` → `[rows×nHidden]`. */
export function hiddenProbsAll(rbm: Rbm, x: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows * rbm.nHidden)
  const { v: vin, h: hout } = chunkBuffers(rbm)
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const n = Math.min(CHUNK, rows - r0)
    vin.set(x.subarray(r0 * rbm.nVisible, (r0 + n) * rbm.nVisible))
    rbm.hiddenProbs(vin, n, hout)
    out.set(hout.subarray(0, n * rbm.nHidden), r0 * rbm.nHidden)
  }
  return out
}

/** E[v|h] for every row of `h` `[rows×nHidden]` → `[rows×nVisible]`. */
export function visibleMeansAll(rbm: Rbm, h: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows * rbm.nVisible)
  const { h: hin, v: vout } = chunkBuffers(rbm)
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const n = Math.min(CHUNK, rows - r0)
    hin.set(h.subarray(r0 * rbm.nHidden, (r0 + n) * rbm.nHidden))
    rbm.visibleMeans(hin, n, vout)
    out.set(vout.subarray(0, n * rbm.nVisible), r0 * rbm.nVisible)
  }
  return out
}

/** Mean-field reconstruction v → p(h|v) → E[v|h] for every row. */
export function reconstruct(rbm: Rbm, x: Float32Array, rows: number): Float32Array {
  return visibleMeansAll(rbm, hiddenProbsAll(rbm, x, rows), rows)
}

/** F(v) of every row of `x` (see `Rbm.freeEnergy`), in float64. */
export function freeEnergies(rbm: Rbm, x: Float32Array, rows: number): Float64Array {
  const out = new Float64Array(rows)
  const { v: vin, h: scratch } = chunkBuffers(rbm)
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const n = Math.min(CHUNK, rows - r0)
    vin.set(x.subarray(r0 * rbm.nVisible, (r0 + n) * rbm.nVisible))
    rbm.freeEnergy(vin, n, out.subarray(r0, r0 + n), scratch)
  }
  return out
}

/** Mean of `values`, or NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i]
  return values.length ? s / values.length : Number.NaN
}

/** Mean squared error per element between x and its mean-field reconstruction. */
export function reconstructionError(rbm: Rbm, x: Float32Array, rows: number): number {
  const rec = reconstruct(rbm, x, rows)
  let s = 0
  const n = rows * rbm.nVisible
  for (let i = 0; i < n; i++) s += (rec[i] - x[i]) ** 2
  return n ? s / n : Number.NaN
}

/**
 * Stochastic pseudo-log-likelihood, as scikit-learn's `BernoulliRBM.score_samples`: per row, one
 * visible unit i is drawn at random and flipped (v → ṽ, ṽᵢ = 1 − vᵢ), and
 *   PLL(v) ≈ nVisible · log σ(F(ṽ) − F(v))
 * (Besag 1975 pseudo-likelihood; one-bit estimator as in sklearn). Like sklearn, values in [0,1] are
 * used as they are (ṽᵢ = 1 − vᵢ), so the numbers compare with `BernoulliRBM.score_samples`.
 * Only defined for Bernoulli visible units. Returns the mean over rows.
 * F(ṽ) reuses Wᵀv: (Wᵀṽ)ⱼ = (Wᵀv)ⱼ + (ṽᵢ − vᵢ)·Wᵢⱼ, so the cost is one pass of p(h|v).
 */
export function pseudoLogLikelihood(rbm: Rbm, x: Float32Array, rows: number, rng: RandomSource): number {
  if (rbm.visible !== 'bernoulli') throw new Error('Pseudo-log-likelihood is defined for Bernoulli visible units only')
  const { nVisible: nv, nHidden: nh, W, b, c } = rbm
  const { v: vin, h: wv } = chunkBuffers(rbm)
  let total = 0
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const n = Math.min(CHUNK, rows - r0)
    vin.set(x.subarray(r0 * nv, (r0 + n) * nv))
    rbm.kernels.gemm(vin, W, wv, n, nh, nv, false, false, false)
    for (let r = 0; r < n; r++) {
      const i = Math.min(nv - 1, Math.floor(rng.next() * nv))
      const vi = vin[r * nv + i]
      const delta = 1 - 2 * vi
      // F(ṽ) − F(v) = −bᵢ·δ − Σⱼ [softplus(aⱼ + δ·Wᵢⱼ) − softplus(aⱼ)],  aⱼ = cⱼ + (Wᵀv)ⱼ
      let diff = -b[i] * delta
      for (let j = 0; j < nh; j++) {
        const a = wv[r * nh + j] + c[j]
        diff -= softplus(a + delta * W[i * nh + j]) - softplus(a)
      }
      // log σ(d) = −softplus(−d)
      total += -nv * softplus(-diff)
    }
  }
  return rows ? total / rows : Number.NaN
}
