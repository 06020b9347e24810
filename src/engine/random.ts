/**
 * Seeded pseudo-random numbers (STYLE §14): every random draw of the engine goes through an `Rng`,
 * so the same seed gives the same run.
 */

/** mulberry32: a 32-bit state generator, fast and good enough for initialisation and shuffling. */
export class Rng {
  private state: number
  private spare = 0
  private hasSpare = false

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1), resolution 2⁻³². */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /**
   * out[0..n) ← the next n values of `next()`, in order (same numbers, same state afterwards), with the
   * generator state in a local variable: the RBM's Bernoulli sampling draws ~10⁷ uniforms per epoch.
   */
  fill(out: Float64Array, n: number = out.length): void {
    let s = this.state
    for (let i = 0; i < n; i++) {
      s = (s + 0x6d2b79f5) | 0
      let t = Math.imul(s ^ (s >>> 15), 1 | s)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    this.state = s
  }

  /** Standard normal N(0, 1) by Box–Muller: r = √(−2 ln u₁), θ = 2π u₂ → (r cos θ, r sin θ). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    const u1 = 1 - this.next() // (0, 1]: ln never sees 0
    const u2 = this.next()
    const r = Math.sqrt(-2 * Math.log(u1))
    this.spare = r * Math.sin(2 * Math.PI * u2)
    this.hasSpare = true
    return r * Math.cos(2 * Math.PI * u2)
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Fisher–Yates in place: for i = n−1 … 1, j = ⌊next()·(i+1)⌋, swap a[i], a[j]. */
  shuffle(a: Int32Array | Uint32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = a[i]
      a[i] = a[j]
      a[j] = t
    }
  }
}
