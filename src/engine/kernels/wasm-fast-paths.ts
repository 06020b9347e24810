/**
 * Fast paths of the training step on the wasm kernels (assembly/elementwise.ts): softmax, the fused
 * softmax + cross-entropy loss and its gradient, Σ|x|, transposes. Mixed into the kernel set by
 * `createWasmKernels` (wasm-kernels.ts), which owns the memory and knows which arrays live in it.
 */
import type { Kernels } from '../types'
import type { WasmGemmExports } from './wasm-kernels'

/**
 * The softmax, fused-loss and statistics fast paths of `Kernels` on assembly/elementwise.ts, when the
 * module has them. They compute in float32 what activations.ts and losses.ts compute in float64;
 * buffers outside wasm memory take the float64 loops below. Lengths are clamped to the buffers.
 */
export function trainingFastPaths(
  exports: WasmGemmExports,
  isOwn: (x: Float32Array) => boolean,
): Pick<Kernels, 'softmaxRows' | 'softmaxCrossEntropy' | 'scaledDifference' | 'sumAbs' | 'transpose'> {
  const { softmaxRows, softmaxCrossEntropy, scaledDifference, sumAbs, transpose } = exports
  if (!softmaxRows || !softmaxCrossEntropy || !scaledDifference || !sumAbs || !transpose) return {}
  const checkRows = (what: string, rows: number, cols: number, ...xs: Float32Array[]): void => {
    if (xs.some((x) => x.length < rows * cols)) throw new RangeError(`${what}: buffers shorter than ${rows}×${cols}`)
  }
  return {
    softmaxRows(z, a, rows, cols) {
      checkRows('softmaxRows', rows, cols, z, a)
      if (isOwn(z) && isOwn(a)) return softmaxRows(z.byteOffset, a.byteOffset, rows, cols)
      for (let o = 0; o < rows * cols; o += cols) {
        let max = -Infinity
        for (let j = 0; j < cols; j++) max = Math.max(max, z[o + j])
        let sum = 0
        for (let j = 0; j < cols; j++) sum += a[o + j] = Math.exp(z[o + j] - max)
        for (let j = 0; j < cols; j++) a[o + j] /= sum
      }
    },
    softmaxCrossEntropy(z, t, rows, cols) {
      checkRows('softmaxCrossEntropy', rows, cols, z, t)
      if (isOwn(z) && isOwn(t)) return softmaxCrossEntropy(z.byteOffset, t.byteOffset, rows, cols)
      let s = 0
      for (let o = 0; o < rows * cols; o += cols) {
        let max = -Infinity
        for (let j = 0; j < cols; j++) max = Math.max(max, z[o + j])
        let sum = 0
        for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max)
        const lse = max + Math.log(sum)
        for (let j = 0; j < cols; j++) if (t[o + j] !== 0) s -= t[o + j] * (z[o + j] - lse)
      }
      return rows > 0 ? s / rows : 0
    },
    scaledDifference(y, t, d, n, scale) {
      const length = Math.min(y.length, t.length, d.length, n)
      if (isOwn(y) && isOwn(t) && isOwn(d)) return scaledDifference(y.byteOffset, t.byteOffset, d.byteOffset, length, scale)
      for (let i = 0; i < length; i++) d[i] = (y[i] - t[i]) * scale
    },
    transpose(src, dst, rows, cols) {
      checkRows('transpose', rows, cols, src, dst)
      if (isOwn(src) && isOwn(dst)) return transpose(src.byteOffset, rows, cols, dst.byteOffset)
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j]
    },
    sumAbs(x, n) {
      const length = Math.min(x.length, n)
      if (isOwn(x)) return sumAbs(x.byteOffset, length)
      let s = 0
      for (let i = 0; i < length; i++) s += Math.abs(x[i])
      return s
    },
  }
}
