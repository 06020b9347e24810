/**
 * Corruption for denoising (SPEC §4): salt-and-pepper, additive Gaussian, masking. Seeded through
 * the `RandomSource`; `src` and `dst` may be the same buffer.
 */
import type { RandomSource } from './rbm-math'

export type NoiseSpec =
  /** Each value is replaced with probability `rate` by 0 or 1 (fair coin). */
  | { kind: 'saltpepper'; rate: number }
  /** x + N(0, σ²), clipped to [0,1] when `clip` (default true; turn off for z-scored data). */
  | { kind: 'gaussian'; sigma: number; clip?: boolean }
  /** Each value is set to 0 with probability `rate` (masking noise, Vincent et al. 2008). */
  | { kind: 'mask'; rate: number }

/** dst[i] ← corrupt(src[i]) for i < n. */
export function applyNoise(spec: NoiseSpec, src: Float32Array, dst: Float32Array, n: number, rng: RandomSource): void {
  switch (spec.kind) {
    case 'saltpepper':
      for (let i = 0; i < n; i++) {
        if (rng.next() < spec.rate) dst[i] = rng.next() < 0.5 ? 0 : 1
        else dst[i] = src[i]
      }
      return
    case 'gaussian': {
      const clip = spec.clip ?? true
      for (let i = 0; i < n; i++) {
        const v = src[i] + spec.sigma * rng.normal()
        dst[i] = clip ? Math.min(1, Math.max(0, v)) : v
      }
      return
    }
    case 'mask':
      for (let i = 0; i < n; i++) dst[i] = rng.next() < spec.rate ? 0 : src[i]
      return
  }
}

/** A corrupted copy of `x`. */
export function addNoise(spec: NoiseSpec, x: Float32Array, rng: RandomSource): Float32Array {
  const out = new Float32Array(x.length)
  applyNoise(spec, x, out, x.length, rng)
  return out
}

/**
 * Parses the CLI form `saltpepper:0.2`, `gaussian:0.3` (also `gaussian:0.3:noclip`), `mask:0.25`.
 * Throws a message naming the accepted forms.
 */
export function parseNoise(text: string): NoiseSpec {
  const [kind, value, flag] = text.trim().split(':')
  const x = Number(value)
  const bad = (why: string): Error => new Error(`Noise "${text}": ${why}. Use saltpepper:RATE, gaussian:SIGMA[:noclip] or mask:RATE`)
  if (value === undefined || value === '' || !Number.isFinite(x)) throw bad('missing or non-numeric parameter')
  if (kind === 'saltpepper' || kind === 'mask') {
    if (x < 0 || x > 1) throw bad('the rate must be in [0, 1]')
    if (flag !== undefined) throw bad(`unexpected "${flag}"`)
    return { kind, rate: x }
  }
  if (kind === 'gaussian') {
    if (x < 0) throw bad('σ must be ≥ 0')
    if (flag !== undefined && flag !== 'noclip') throw bad(`unexpected "${flag}"`)
    return flag === 'noclip' ? { kind, sigma: x, clip: false } : { kind, sigma: x }
  }
  throw bad(`unknown kind "${kind}"`)
}
