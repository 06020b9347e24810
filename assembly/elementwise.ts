// Elementwise SIMD helpers of the training step, exported through assembly/gemm.ts: everything of a
// dense layer's forward and backward pass that is not a GEMM (bias, ReLU, softmax, the fused
// softmax + cross-entropy loss and its gradient, the SGD step, Σ|x| for gradient statistics, and the
// transposes around the sparse products of src/engine/layers/dense.ts).
// Pointers are byte offsets into the shared linear memory; lengths count floats; nothing allocates.
// The TypeScript twins (src/engine/activations.ts, losses.ts) compute the same formulas in float64;
// these compute them in float32, so results agree to float32 rounding (tested in
// test/engine/kernels/wasm-elementwise.test.ts).

// ---------------------------------------------------------------- e^x in float32

const LOG2E: f32 = 1.4426950408889634
// ln 2 split in a high part with a short mantissa (n·LN2_HI is exact for |n| < 2¹²) and the rest
const LN2_HI: f32 = 0.693359375
const LN2_LO: f32 = -2.12194440e-4
const EXP_MAX: f32 = 88
const EXP_MIN: f32 = -87

// e^x = 2ⁿ·e^r, n = nearest(x·log₂e), r = x − n·ln2 ∈ [−0.35, 0.35] (Cody–Waite), e^r by its Taylor
// series to r⁶/720 (truncation < 1.3e-7 relative). x is clamped to [−87, 88]: 2ⁿ stays a normal
// float, so e^x underflows to about 1.6e-38 instead of 0, which no caller can tell from 0.
@inline
function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX))
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)))
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)))
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)))
  let p = f32x4.add(f32x4.mul(r, f32x4.splat(1.0 / 720)), f32x4.splat(1.0 / 120))
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(1.0 / 24))
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(1.0 / 6))
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(0.5))
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(1))
  p = f32x4.add(f32x4.mul(r, p), f32x4.splat(1))
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23)
  return f32x4.mul(p, pow2n)
}

// ---------------------------------------------------------------- dense layer: bias, column sums

/** z[r][j] += bias[j] for a row-major [rows×cols] matrix: Z = X·Wᵀ + b. */
export function biasAdd(z: usize, bias: usize, rows: i32, cols: i32): void {
  const cols4 = cols & ~3
  for (let r = 0; r < rows; r++) {
    const row = z + (<usize>r * <usize>cols << 2)
    let j = 0
    for (; j < cols4; j += 4) {
      const o = row + (<usize>j << 2)
      v128.store(o, f32x4.add(v128.load(o), v128.load(bias + (<usize>j << 2))))
    }
    for (; j < cols; j++) {
      const o = row + (<usize>j << 2)
      store<f32>(o, load<f32>(o) + load<f32>(bias + (<usize>j << 2)))
    }
  }
}

/** out[j] = Σ_r x[r][j] (+ out[j] when accumulate): the bias gradient db = Σ_batch dZ. */
export function columnSum(x: usize, out: usize, rows: i32, cols: i32, accumulate: i32): void {
  if (accumulate == 0) memory.fill(out, 0, <usize>cols << 2)
  const cols4 = cols & ~3
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>cols << 2)
    let j = 0
    for (; j < cols4; j += 4) {
      const o = out + (<usize>j << 2)
      v128.store(o, f32x4.add(v128.load(o), v128.load(row + (<usize>j << 2))))
    }
    for (; j < cols; j++) {
      const o = out + (<usize>j << 2)
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>j << 2)))
    }
  }
}

// ---------------------------------------------------------------- ReLU

/** a = max(z, 0) elementwise over `len` floats (a may alias z). */
export function reluForward(z: usize, a: usize, len: i32): void {
  const zero = f32x4.splat(0)
  const len4 = len & ~3
  let i = 0
  for (; i < len4; i += 4) {
    const o = <usize>i << 2
    v128.store(a + o, f32x4.max(v128.load(z + o), zero))
  }
  for (; i < len; i++) {
    const o = <usize>i << 2
    const v = load<f32>(z + o)
    store<f32>(a + o, v > 0 ? v : 0)
  }
}

/** dz = dy where z > 0, else 0 (ReLU′(0) = 0); dz may alias dy. */
export function reluBackward(z: usize, dy: usize, dz: usize, len: i32): void {
  const zero = f32x4.splat(0)
  const len4 = len & ~3
  let i = 0
  for (; i < len4; i += 4) {
    const o = <usize>i << 2
    v128.store(dz + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(z + o), zero)))
  }
  for (; i < len; i++) {
    const o = <usize>i << 2
    store<f32>(dz + o, load<f32>(z + o) > 0 ? load<f32>(dy + o) : 0)
  }
}

// ---------------------------------------------------------------- softmax and softmax + cross-entropy

// max_j z[j] over one row of `cols` floats
@inline
function rowMax(z: usize, cols: i32): f32 {
  let m = load<f32>(z)
  for (let j = 1; j < cols; j++) m = max(m, load<f32>(z + (<usize>j << 2)))
  return m
}

// Σ_j e^(z[j] − zmax) over one row, each term also written to e (may be z) when `keep`. The last
// cols % 4 values go through the same vector exp one lane at a time, so every term is computed alike.
@inline
function rowExp(z: usize, e: usize, cols: i32, zmax: f32, keep: bool): f32 {
  const vmax = f32x4.splat(zmax)
  const cols4 = cols & ~3
  let s = f32x4.splat(0)
  let j = 0
  for (; j < cols4; j += 4) {
    const o = <usize>j << 2
    const v = exp4(f32x4.sub(v128.load(z + o), vmax))
    if (keep) v128.store(e + o, v)
    s = f32x4.add(s, v)
  }
  let sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3)
  for (; j < cols; j++) {
    const o = <usize>j << 2
    const v = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(z + o) - zmax)), 0)
    if (keep) store<f32>(e + o, v)
    sum += v
  }
  return sum
}

/** a_j = e^(z_j − max z) / Σ_k e^(z_k − max z) per row of a [rows×cols] matrix (a may alias z). */
export function softmaxRows(z: usize, a: usize, rows: i32, cols: i32): void {
  const cols4 = cols & ~3
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2
    const zr = z + off
    const ar = a + off
    const sum = rowExp(zr, ar, cols, rowMax(zr, cols), true)
    const vsum = f32x4.splat(sum)
    let j = 0
    for (; j < cols4; j += 4) {
      const o = ar + (<usize>j << 2)
      v128.store(o, f32x4.div(v128.load(o), vsum))
    }
    for (; j < cols; j++) {
      const o = ar + (<usize>j << 2)
      store<f32>(o, load<f32>(o) / sum)
    }
  }
}

/**
 * Mean softmax cross-entropy of logits z against targets t, both [rows×cols]:
 * −1/N Σ_rows Σ_j t_j (z_j − lse), lse = max z + ln Σ_k e^(z_k − max z). Targets that are 0 add
 * nothing (no 0·∞).
 */
export function softmaxCrossEntropy(z: usize, t: usize, rows: i32, cols: i32): f64 {
  let s: f64 = 0
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2
    const zr = z + off
    const tr = t + off
    const zmax = rowMax(zr, cols)
    const lse = <f64>zmax + Math.log(<f64>rowExp(zr, 0, cols, zmax, false))
    for (let j = 0; j < cols; j++) {
      const tj = load<f32>(tr + (<usize>j << 2))
      if (tj != 0) s -= <f64>tj * (<f64>load<f32>(zr + (<usize>j << 2)) - lse)
    }
  }
  return rows > 0 ? s / <f64>rows : 0
}

/** d = (y − t)·scale over `len` floats: ∂L/∂z of the fused losses, scale = 1/N. */
export function scaledDifference(y: usize, t: usize, d: usize, len: i32, scale: f32): void {
  const vs = f32x4.splat(scale)
  const len4 = len & ~3
  let i = 0
  for (; i < len4; i += 4) {
    const o = <usize>i << 2
    v128.store(d + o, f32x4.mul(f32x4.sub(v128.load(y + o), v128.load(t + o)), vs))
  }
  for (; i < len; i++) {
    const o = <usize>i << 2
    store<f32>(d + o, (load<f32>(y + o) - load<f32>(t + o)) * scale)
  }
}

// ---------------------------------------------------------------- transpose

/**
 * dst[j][i] = src[i][j]: src [rows×cols] → dst [cols×rows] (no overlap), by 4×4 SIMD blocks taken
 * 16 source rows at a time, so that each 64-byte line of dst is filled completely before moving on.
 */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const ls = <usize>cols << 2
  const ld = <usize>rows << 2
  const rows4 = rows & ~3
  const cols4 = cols & ~3
  for (let i0 = 0; i0 < rows4; i0 += 16) {
    const i1 = min(rows4, i0 + 16)
    for (let j = 0; j < cols4; j += 4) {
      for (let i = i0; i < i1; i += 4) {
        const s = src + <usize>i * ls + (<usize>j << 2)
        const d = dst + <usize>j * ld + (<usize>i << 2)
        const r0 = v128.load(s)
        const r1 = v128.load(s + ls)
        const r2 = v128.load(s + 2 * ls)
        const r3 = v128.load(s + 3 * ls)
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5)
        const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5)
        const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7)
        const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7)
        v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5))
        v128.store(d + ld, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7))
        v128.store(d + 2 * ld, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5))
        v128.store(d + 3 * ld, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7))
      }
    }
  }
  // the last rows % 4 rows and cols % 4 columns, one value at a time
  for (let i = 0; i < rows; i++) {
    for (let j = i < rows4 ? cols4 : 0; j < cols; j++) {
      store<f32>(dst + <usize>j * ld + (<usize>i << 2), load<f32>(src + <usize>i * ls + (<usize>j << 2)))
    }
  }
}

// ---------------------------------------------------------------- optimizer step, statistics

/** Plain SGD step w -= lr·g over `len` floats. */
export function sgdUpdate(w: usize, g: usize, lr: f32, len: i32): void {
  const vlr = f32x4.splat(lr)
  const len4 = len & ~3
  let i = 0
  for (; i < len4; i += 4) {
    const o = <usize>i << 2
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(vlr, v128.load(g + o))))
  }
  for (; i < len; i++) {
    const o = <usize>i << 2
    store<f32>(w + o, load<f32>(w + o) - lr * load<f32>(g + o))
  }
}

/** Σ |x_i| over `len` floats, summed in four float32 lanes per 64-value block and in float64 across blocks. */
export function sumAbs(x: usize, len: i32): f64 {
  let total: f64 = 0
  let i = 0
  while (i + 4 <= len) {
    const stop = min(len & ~3, i + 64)
    let s = f32x4.splat(0)
    for (; i < stop; i += 4) s = f32x4.add(s, f32x4.abs(v128.load(x + (<usize>i << 2))))
    total += <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1) + <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3)
  }
  for (; i < len; i++) total += <f64>Mathf.abs(load<f32>(x + (<usize>i << 2)))
  return total
}
