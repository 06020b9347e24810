// SIMD kernels of the RBM's contrastive-divergence step (SPEC §4, issue 4 speed target), exported
// through assembly/gemm.ts. Pointers are byte offsets into the shared linear memory; nothing allocates.
// The TypeScript twins of `rbmSigmoid` and `rbmVelocity` (the same float32 operations in the same order,
// so the same results bit for bit) are in src/engine/rbm/rbm-kernels.ts. The CD products with a visible
// operand use `sparseGemm` (assembly/sparse-gemm.ts).
//
//   rbmSigmoid      z ← scale·σ(z + bias) per row, optionally out ← Bernoulli(σ(z + bias)) drawn from a
//                   mulberry32 stream that is vectorised: mulberry32's state only advances by a constant,
//                   so draw i is a hash of state + i·0x6d2b79f5 and four lanes hash four counters at once.
//   rbmVelocity     vel ← μ·vel − d·W   (momentum and weight decay in one pass)

// ---------------------------------------------------------------- σ and Bernoulli draws

const MULBERRY: u32 = 0x6d2b79f5
const NEG_LOG2E: f32 = -1.4426950408889634
const LIM: f32 = 126
// 2^f = e^{f·ln2} for f ∈ [−½, ½]: Taylor coefficients ln2ᵏ/k!, k = 1..6 (relative error < 2e-7).
const P1: f32 = 0.6931471805599453
const P2: f32 = 0.2402265069591007
const P3: f32 = 0.05550410866482158
const P4: f32 = 0.009618129107628477
const P5: f32 = 0.0013333558146428443
const P6: f32 = 0.0001540353039338161
const TWO24: f32 = 16777216

// σ(t) in float32: e^{−t} = 2^y, y = clamp(−t·log₂e, ±126) = n + f, n = nearest(y); 2ⁿ from the exponent bits.
@inline
function sigmoid4(t: v128): v128 {
  let y = f32x4.mul(t, f32x4.splat(NEG_LOG2E))
  y = f32x4.min(f32x4.max(y, f32x4.splat(-LIM)), f32x4.splat(LIM))
  const n = f32x4.nearest(y)
  const f = f32x4.sub(y, n)
  let p = f32x4.add(f32x4.mul(f, f32x4.splat(P6)), f32x4.splat(P5))
  p = f32x4.add(f32x4.mul(f, p), f32x4.splat(P4))
  p = f32x4.add(f32x4.mul(f, p), f32x4.splat(P3))
  p = f32x4.add(f32x4.mul(f, p), f32x4.splat(P2))
  p = f32x4.add(f32x4.mul(f, p), f32x4.splat(P1))
  p = f32x4.add(f32x4.mul(f, p), f32x4.splat(1))
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23)
  const e = f32x4.mul(p, pow2n)
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e))
}

@inline
function sigmoid1(t: f32): f32 {
  let y = t * NEG_LOG2E
  y = min(max(y, -LIM), LIM)
  const n = nearest<f32>(y)
  const f = y - n
  let p = f * P6 + P5
  p = f * p + P4
  p = f * p + P3
  p = f * p + P2
  p = f * p + P1
  p = f * p + 1
  const pow2n = reinterpret<f32>((<i32>n + 127) << 23)
  return <f32>1 / (<f32>1 + p * pow2n)
}

// mulberry32's output for state s (the state after its `+= 0x6d2b79f5`), four lanes.
@inline
function mulberry4(s: v128): v128 {
  let t = i32x4.mul(v128.xor(s, i32x4.shr_u(s, 15)), v128.or(s, i32x4.splat(1)))
  t = v128.xor(i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, i32x4.splat(61)))), t)
  return v128.xor(t, i32x4.shr_u(t, 14))
}

@inline
function mulberry1(s: u32): u32 {
  let t = (s ^ (s >>> 15)) * (s | 1)
  t = (t + (t ^ (t >>> 7)) * (t | 61)) ^ t
  return t ^ (t >>> 14)
}

// Bernoulli(p) from a 32-bit draw x: [⌊x/2⁸⌋ < p·2²⁴], i.e. u < p with u = ⌊x/2⁸⌋/2²⁴ on a 2⁻²⁴ grid (p is
// a float32; for p ≥ ½ this is exactly x/2³² < p). ⌊x/2⁸⌋ and p·2²⁴ are exact in float32. 1.0 or 0.0.
@inline
function bernoulli4(x: v128, p: v128): v128 {
  const u = f32x4.convert_i32x4_s(i32x4.shr_u(x, 8))
  return v128.and(f32x4.lt(u, f32x4.mul(p, f32x4.splat(TWO24))), f32x4.splat(1))
}

@inline
function bernoulli1(x: u32, p: f32): f32 {
  return <f32>(x >>> 8) < p * TWO24 ? 1 : 0
}

/**
 * For the first `rows` rows of z `[rows×cols]`: p = σ(z[r][j] + bias[j]) (float32), z[r][j] ← scale·p,
 * and when out ≠ 0, out[r][j] ← 1 with probability p, else 0 (written after z, so out may be z). The
 * draws are mulberry32's from `state` in row-major order; returns the state after them (or `state`).
 */
export function rbmSigmoid(z: usize, bias: usize, rows: i32, cols: i32, scale: f32, out: usize, state: u32): u32 {
  const cols4 = cols & ~3
  const vs = f32x4.splat(scale)
  const step4 = i32x4.splat(<i32>(MULBERRY * 4))
  let s = state
  let counters = i32x4(<i32>(s + MULBERRY), <i32>(s + 2 * MULBERRY), <i32>(s + 3 * MULBERRY), <i32>(s + 4 * MULBERRY))
  for (let r = 0; r < rows; r++) {
    const zr = z + (<usize>r * <usize>cols << 2)
    const or = out + (<usize>r * <usize>cols << 2)
    let j = 0
    for (; j < cols4; j += 4) {
      const o = <usize>j << 2
      const p = sigmoid4(f32x4.add(v128.load(zr + o), v128.load(bias + o)))
      v128.store(zr + o, f32x4.mul(vs, p))
      if (out != 0) {
        v128.store(or + o, bernoulli4(mulberry4(counters), p))
        counters = i32x4.add(counters, step4)
      }
    }
    if (out != 0) s += <u32>cols4 * MULBERRY
    for (; j < cols; j++) {
      const o = <usize>j << 2
      const p = sigmoid1(load<f32>(zr + o) + load<f32>(bias + o))
      store<f32>(zr + o, scale * p)
      if (out != 0) {
        s += MULBERRY
        store<f32>(or + o, bernoulli1(mulberry1(s), p))
      }
    }
    if (out != 0 && cols4 != cols) counters = i32x4(<i32>(s + MULBERRY), <i32>(s + 2 * MULBERRY), <i32>(s + 3 * MULBERRY), <i32>(s + 4 * MULBERRY))
  }
  return s
}

// ---------------------------------------------------------------- momentum + weight decay

/** vel ← μ·vel − d·w over `len` floats (d = η·λ). */
export function rbmVelocity(vel: usize, w: usize, mu: f32, d: f32, len: i32): void {
  const vm = f32x4.splat(mu)
  const vd = f32x4.splat(d)
  const len4 = len & ~3
  let i = 0
  for (; i < len4; i += 4) {
    const o = <usize>i << 2
    v128.store(vel + o, f32x4.sub(f32x4.mul(vm, v128.load(vel + o)), f32x4.mul(vd, v128.load(w + o))))
  }
  for (; i < len; i++) {
    const o = <usize>i << 2
    store<f32>(vel + o, mu * load<f32>(vel + o) - d * load<f32>(w + o))
  }
}
