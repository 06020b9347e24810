// Register-blocked f32x4 SIMD GEMM of the training step (SPEC §3.7, STYLE §13).
//
// Every pointer is a byte offset into the (imported, shared) linear memory; the JS side owns the
// allocator (src/engine/kernels/wasm-kernels.ts) and passes a scratch block for packing. Nothing here
// allocates, so the module runs on `--runtime stub`.
//
// GEMM: C[m×n] = op(A)·op(B) (+ C when `accumulate`), row-major.
//   op(A) = A [m×k], or Aᵀ with A stored [k×m] (transA): read in place, two scalars of op(A) per
//           k step broadcast to all lanes (v128.load32_splat). Two micro-kernels: for A the two rows
//           are two pointers stepping 4 bytes; for Aᵀ they are adjacent floats, one pointer (offsets
//           0 and 4) stepping a row of A.
//   op(B) = B [k×n], or Bᵀ with B stored [n×k] (transB): packed per panel of 16 columns into scratch
//           as [kc×16] (a 4×4 SIMD transpose for Bᵀ), zero-padded at the right edge, so the
//           micro-kernel always sees 16 contiguous floats per k.
// Loop nest: for each 16-column panel, for each k block (at most KC deep, all blocks equally deep so
// no short last block; the packed panel, ≤ 16 KiB, stays in L1), pack the panel, then sweep all rows
// of op(A) two at a time through the 2×16 micro-kernel. Later k blocks add to C. A last odd row goes
// through a 1×16 kernel; a partial panel (n % 16) is stored lane by lane through a bounce buffer.
//
// Why 2×16 (measured 2026-11-21 on the project's 2-vCPU x64 VM, Node 20 / V8 11.3, reading the code
// V8 emits with `node --print-wasm-code`): V8 keeps v128 values in 15 xmm registers (xmm15 is its
// scratch) and issues all loads of a loop body before the FMAs that use them. 2×16 needs 8
// accumulators + 4 B vectors + 2 broadcasts = 14 registers. 6×8 and 3×16 need more and spill to the
// stack in every iteration (3×16: −30 % in a micro-benchmark), and so does a 2×16 loop unrolled over
// k. 3×12 (9 accumulators, 15 registers) measured within noise of 2×16. The loops end on a pointer
// compare rather than a counter: one add and one compare fewer per 8 FMAs.

const PANEL: i32 = 16
const KC: i32 = 256
/** Bytes of scratch the caller must pass to `gemm`: one packed panel plus a bounce buffer. */
export const GEMM_SCRATCH_BYTES: i32 = PANEL * KC * 4 + 128

// ---------------------------------------------------------------- packing of op(B) panels

// dst[p][jj] = B[k0+p][j0+jj] for p < kc, jj < w; zero for jj ≥ w.   B is [k×n], row stride n.
function packPanelN(b: usize, n: i32, k0: i32, kc: i32, j0: i32, w: i32, dst: usize): void {
  const ldb = <usize>n << 2
  let src = b + <usize>k0 * ldb + (<usize>j0 << 2)
  if (w == PANEL) {
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(src))
      v128.store(dst, v128.load(src, 16), 16)
      v128.store(dst, v128.load(src, 32), 32)
      v128.store(dst, v128.load(src, 48), 48)
      src += ldb
      dst += 64
    }
    return
  }
  for (let p = 0; p < kc; p++) {
    for (let q = 0; q < PANEL; q += 4) v128.store(dst + (<usize>q << 2), f32x4.splat(0))
    for (let jj = 0; jj < w; jj++) store<f32>(dst + (<usize>jj << 2), load<f32>(src + (<usize>jj << 2)))
    src += ldb
    dst += <usize>PANEL << 2
  }
}

// dst[p][jj] = B[j0+jj][k0+p] for p < kc, jj < w; zero for jj ≥ w.   B is [n×k], row stride k.
function packPanelT(b: usize, k: i32, k0: i32, kc: i32, j0: i32, w: i32, dst: usize): void {
  const ldb = <usize>k << 2
  const row = <usize>PANEL << 2
  const base = b + <usize>j0 * ldb + (<usize>k0 << 2)
  const w4 = w & ~3
  const kc4 = kc & ~3
  // full 4×4 tiles: rows jj..jj+3 of B, columns p..p+3 → transposed into 4 packed rows
  for (let jj = 0; jj < w4; jj += 4) {
    let r = base + <usize>jj * ldb
    let d = dst + (<usize>jj << 2)
    for (let p = 0; p < kc4; p += 4) {
      const r0 = v128.load(r)
      const r1 = v128.load(r + ldb)
      const r2 = v128.load(r + 2 * ldb)
      const r3 = v128.load(r + 3 * ldb)
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5)
      const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5)
      const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7)
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7)
      v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5))
      v128.store(d + row, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7))
      v128.store(d + 2 * row, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5))
      v128.store(d + 3 * row, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7))
      r += 16
      d += 4 * row
    }
    for (let p = kc4; p < kc; p++) {
      const s = base + <usize>jj * ldb + (<usize>p << 2)
      const o = dst + <usize>p * row + (<usize>jj << 2)
      store<f32>(o, load<f32>(s))
      store<f32>(o, load<f32>(s + ldb), 4)
      store<f32>(o, load<f32>(s + 2 * ldb), 8)
      store<f32>(o, load<f32>(s + 3 * ldb), 12)
    }
  }
  // leftover columns (w % 4) and zero padding up to PANEL
  for (let jj = w4; jj < PANEL; jj++) {
    const s = base + <usize>jj * ldb
    let o = dst + (<usize>jj << 2)
    for (let p = 0; p < kc; p++) {
      store<f32>(o, jj < w ? load<f32>(s + (<usize>p << 2)) : 0)
      o += row
    }
  }
}

// a·b + c. Built twice by scripts/asbuild.mjs: plain SIMD (mul, then add: two roundings) and with
// `--enable relaxed-simd`, where relaxed_madd becomes one FMA instruction on x64 with FMA3 (about
// 1.5× the GEMM rate). relaxed_madd may be fused or not depending on the CPU: results differ from
// the plain build by float32 rounding only.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c)
  return f32x4.add(c, f32x4.mul(a, b))
}

// ---------------------------------------------------------------- micro-kernels

// Writes one row of 16 results (+ C when acc): all lanes when w == 16, else the first w via `tmp`.
@inline
function storeRow(c: usize, w: i32, acc: bool, tmp: usize, v0: v128, v1: v128, v2: v128, v3: v128): void {
  if (w == PANEL) {
    if (acc) {
      v0 = f32x4.add(v0, v128.load(c))
      v1 = f32x4.add(v1, v128.load(c, 16))
      v2 = f32x4.add(v2, v128.load(c, 32))
      v3 = f32x4.add(v3, v128.load(c, 48))
    }
    v128.store(c, v0)
    v128.store(c, v1, 16)
    v128.store(c, v2, 32)
    v128.store(c, v3, 48)
    return
  }
  v128.store(tmp, v0)
  v128.store(tmp, v1, 16)
  v128.store(tmp, v2, 32)
  v128.store(tmp, v3, 48)
  for (let j = 0; j < w; j++) {
    const o = c + (<usize>j << 2)
    const x = load<f32>(tmp + (<usize>j << 2))
    store<f32>(o, acc ? load<f32>(o) + x : x)
  }
}

// Rows a0 and a0 + sai of op(A) = A (k contiguous) times the packed [kc×16] panel at bp.
function kernel2N(a0: usize, sai: usize, bp: usize, kc: i32, c: usize, ldc: usize, w: i32, acc: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0)
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0)
  let a1 = a0 + sai
  const end = bp + (<usize>kc << 6)
  while (bp < end) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    const b2 = v128.load(bp, 32)
    const b3 = v128.load(bp, 48)
    const x0 = v128.load32_splat(a0)
    const x1 = v128.load32_splat(a1)
    c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01); c02 = madd(x0, b2, c02); c03 = madd(x0, b3, c03)
    c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11); c12 = madd(x1, b2, c12); c13 = madd(x1, b3, c13)
    a0 += 4
    a1 += 4
    bp += 64
  }
  storeRow(c, w, acc, tmp, c00, c01, c02, c03)
  storeRow(c + ldc, w, acc, tmp, c10, c11, c12, c13)
}

// Rows i, i+1 of op(A) = Aᵀ: adjacent floats of one row of A, the next k `sak` bytes further.
function kernel2T(a0: usize, sak: usize, bp: usize, kc: i32, c: usize, ldc: usize, w: i32, acc: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0)
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0)
  const end = bp + (<usize>kc << 6)
  while (bp < end) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    const b2 = v128.load(bp, 32)
    const b3 = v128.load(bp, 48)
    const x0 = v128.load32_splat(a0)
    const x1 = v128.load32_splat(a0, 4)
    c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01); c02 = madd(x0, b2, c02); c03 = madd(x0, b3, c03)
    c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11); c12 = madd(x1, b2, c12); c13 = madd(x1, b3, c13)
    a0 += sak
    bp += 64
  }
  storeRow(c, w, acc, tmp, c00, c01, c02, c03)
  storeRow(c + ldc, w, acc, tmp, c10, c11, c12, c13)
}

// One row of op(A) (any strides): the odd last row.
function kernel1(a0: usize, sak: usize, bp: usize, kc: i32, c: usize, w: i32, acc: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0)
  const end = bp + (<usize>kc << 6)
  while (bp < end) {
    const x0 = v128.load32_splat(a0)
    c00 = madd(x0, v128.load(bp), c00)
    c01 = madd(x0, v128.load(bp, 16), c01)
    c02 = madd(x0, v128.load(bp, 32), c02)
    c03 = madd(x0, v128.load(bp, 48), c03)
    a0 += sak
    bp += 64
  }
  storeRow(c, w, acc, tmp, c00, c01, c02, c03)
}

// Rows [i0, i1) of C's panel at c (C row stride ldc) from op(A) rows at a (strides sai, sak).
@inline
function sweep(a: usize, sai: usize, sak: usize, transA: bool, panel: usize, kc: i32, c: usize, ldc: usize, i0: i32, i1: i32, w: i32, acc: bool, tmp: usize): void {
  const iFull = i0 + ((i1 - i0) & ~1)
  let ci = c + <usize>i0 * ldc
  for (let i = i0; i < iFull; i += 2) {
    const ai = a + <usize>i * sai
    if (transA) kernel2T(ai, sak, panel, kc, ci, ldc, w, acc, tmp)
    else kernel2N(ai, sai, panel, kc, ci, ldc, w, acc, tmp)
    ci += ldc << 1
  }
  if (iFull < i1) kernel1(a + <usize>iFull * sai, sak, panel, kc, ci, w, acc, tmp)
}

// ---------------------------------------------------------------- GEMM

/**
 * C = op(A)·op(B) (+ C when accumulate != 0); op(A) is [m×k], op(B) is [k×n], C is [m×n], row-major.
 * A is [k×m] when transA, B is [n×k] when transB. `scratch` must hold GEMM_SCRATCH_BYTES (16-aligned).
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32, accumulate: i32, scratch: usize): void {
  gemmRows(a, b, c, m, n, k, transA, transB, accumulate, scratch, 0, m)
}

/**
 * Rows [i0, i1) of the same product: two threads on one shared memory each take a row range (with
 * their own scratch); both pack op(B), which costs O(k·n) against O(m·n·k/2) of multiply-adds.
 */
export function gemmRows(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32, accumulate: i32, scratch: usize, i0: i32, i1: i32): void {
  const ldc = <usize>n << 2
  if (i1 <= i0 || n <= 0) return
  if (k <= 0) {
    if (accumulate == 0) memory.fill(c + <usize>i0 * ldc, 0, <usize>(i1 - i0) * ldc)
    return
  }
  const panel = scratch
  const tmp = scratch + (<usize>(PANEL * KC) << 2)
  const sai: usize = transA ? 4 : <usize>k << 2
  const sak: usize = transA ? <usize>m << 2 : 4
  // k blocks of equal depth (a multiple of 4, at most KC): no short last block
  const blocks = (k + KC - 1) / KC
  const depth = min(KC, (((k + blocks - 1) / blocks) + 3) & ~3)
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    const w = min(PANEL, n - j0)
    for (let k0 = 0; k0 < k; k0 += depth) {
      const kc = min(depth, k - k0)
      if (transB) packPanelT(b, k, k0, kc, j0, w, panel)
      else packPanelN(b, n, k0, kc, j0, w, panel)
      const acc = accumulate != 0 || k0 > 0
      const aBase = a + <usize>k0 * sak
      const cj = c + (<usize>j0 << 2)
      if (transA) sweep(aBase, sai, sak, true, panel, kc, cj, ldc, i0, i1, w, acc, tmp)
      else sweep(aBase, sai, sak, false, panel, kc, cj, ldc, i0, i1, w, acc, tmp)
    }
  }
}

// Elementwise helpers of the training step (bias, ReLU, softmax + cross-entropy, SGD): assembly/elementwise.ts
export * from './elementwise'
export * from './rbm'
export * from './sparse-gemm'
