// C (+)= op(A)·B visiting only the nonzeros of op(A), exported through assembly/gemm.ts. MNIST-like
// inputs and binary RBM samples are 80–85 % zeros, so the products with such an operand (an RBM's CD
// step, the first dense layer's forward pass and ∂W) need ~5× fewer multiply-adds. Without it the engine
// runs the dense `gemm` (the same product up to the order of summation).

// ---------------------------------------------------------------- sparse-row × dense product

@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c)
  return f32x4.add(c, f32x4.mul(a, b))
}

/** Nonzero float32 values among `len` floats at `a`. */
function countNonzero(a: usize, len: i32): i32 {
  const zero = f32x4.splat(0)
  const len16 = len & ~15
  let acc = i32x4.splat(0)
  let i = 0
  for (; i < len16; i += 16) {
    const o = a + (<usize>i << 2)
    // ne gives −1 per nonzero lane: subtracting counts them
    acc = i32x4.sub(acc, f32x4.ne(v128.load(o), zero))
    acc = i32x4.sub(acc, f32x4.ne(v128.load(o, 16), zero))
    acc = i32x4.sub(acc, f32x4.ne(v128.load(o, 32), zero))
    acc = i32x4.sub(acc, f32x4.ne(v128.load(o, 48), zero))
  }
  let n = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3)
  for (; i < len; i++) if (load<f32>(a + (<usize>i << 2)) != 0) n++
  return n
}

/**
 * C[m×n] = op(A)·B (+ C when `accumulate`), B `[k×n]` row-major, op(A) `[m×k]` (A stored `[k×m]` when
 * `transA`), visiting only the nonzero entries of op(A). Row i of C: the nonzeros of row i of op(A) are
 * listed in `scratch` (k byte offsets of B rows, then k values; 8·k bytes), then C[i] is built 32 columns
 * at a time in 8 registers, each nonzero adding value·B[p][j..j+32). Returns the nonzero count, or −1
 * (C untouched) when op(A) has more than `maxNonzero` nonzeros: then the dense `gemm` is faster.
 */
export function sparseGemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: i32, accumulate: i32, maxNonzero: i32, scratch: usize): i32 {
  const nnz = countNonzero(a, m * k)
  if (nnz > maxNonzero) return -1
  const offs = scratch
  const vals = scratch + (<usize>k << 2)
  const ldb = <usize>n << 2
  const n32 = n & ~31
  const n4 = n & ~3
  const acc = accumulate != 0
  const zero = f32x4.splat(0)
  for (let i = 0; i < m; i++) {
    // the nonzeros of row i of op(A), branch-free: always write, advance on nonzero
    let cnt = 0
    if (transA != 0) {
      let src = a + (<usize>i << 2)
      const step = <usize>m << 2
      for (let p = 0; p < k; p++) {
        const v = load<f32>(src)
        store<u32>(offs + (<usize>cnt << 2), <u32>p * <u32>ldb)
        store<f32>(vals + (<usize>cnt << 2), v)
        cnt += i32(v != 0)
        src += step
      }
    } else {
      const row = a + (<usize>i * <usize>k << 2)
      for (let p = 0; p < k; p++) {
        const v = load<f32>(row + (<usize>p << 2))
        store<u32>(offs + (<usize>cnt << 2), <u32>p * <u32>ldb)
        store<f32>(vals + (<usize>cnt << 2), v)
        cnt += i32(v != 0)
      }
    }
    const crow = c + (<usize>i * ldb)
    let j = 0
    for (; j < n32; j += 32) {
      const cj = crow + (<usize>j << 2)
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero
      if (acc) {
        c0 = v128.load(cj); c1 = v128.load(cj, 16); c2 = v128.load(cj, 32); c3 = v128.load(cj, 48)
        c4 = v128.load(cj, 64); c5 = v128.load(cj, 80); c6 = v128.load(cj, 96); c7 = v128.load(cj, 112)
      }
      const bj = b + (<usize>j << 2)
      for (let q = 0; q < cnt; q++) {
        const bp = bj + <usize>load<u32>(offs + (<usize>q << 2))
        const s = v128.load32_splat(vals + (<usize>q << 2))
        c0 = madd(s, v128.load(bp), c0)
        c1 = madd(s, v128.load(bp, 16), c1)
        c2 = madd(s, v128.load(bp, 32), c2)
        c3 = madd(s, v128.load(bp, 48), c3)
        c4 = madd(s, v128.load(bp, 64), c4)
        c5 = madd(s, v128.load(bp, 80), c5)
        c6 = madd(s, v128.load(bp, 96), c6)
        c7 = madd(s, v128.load(bp, 112), c7)
      }
      v128.store(cj, c0); v128.store(cj, c1, 16); v128.store(cj, c2, 32); v128.store(cj, c3, 48)
      v128.store(cj, c4, 64); v128.store(cj, c5, 80); v128.store(cj, c6, 96); v128.store(cj, c7, 112)
    }
    for (; j < n4; j += 4) {
      const cj = crow + (<usize>j << 2)
      let c0 = acc ? v128.load(cj) : zero
      const bj = b + (<usize>j << 2)
      for (let q = 0; q < cnt; q++) {
        c0 = madd(v128.load32_splat(vals + (<usize>q << 2)), v128.load(bj + <usize>load<u32>(offs + (<usize>q << 2))), c0)
      }
      v128.store(cj, c0)
    }
    for (; j < n; j++) {
      const cj = crow + (<usize>j << 2)
      let s: f32 = acc ? load<f32>(cj) : 0
      const bj = b + (<usize>j << 2)
      for (let q = 0; q < cnt; q++) s += load<f32>(vals + (<usize>q << 2)) * load<f32>(bj + <usize>load<u32>(offs + (<usize>q << 2)))
      store<f32>(cj, s)
    }
  }
  return nnz
}
