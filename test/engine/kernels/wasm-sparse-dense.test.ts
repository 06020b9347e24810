// The dense layer's sparse products on the wasm kernels (src/engine/layers/dense.ts): with inputs that
// are mostly zeros, Z = X·Wᵀ + b and dW, db, dX must equal the TypeScript kernels' dense results, for
// a full and a partial batch, and a batch too dense for the sparse path must give the same numbers too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Dense, tsKernels, type Kernels } from '../../../src/engine/index'
import type { WasmKernels } from '../../../src/engine/kernels/wasm-kernels'
import { loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** [rows×cols] values in [0, 1) of which a fraction `density` is nonzero (MNIST-like when 0.2). */
function inputs(rows: number, cols: number, density: number, seed: number): Float32Array {
  const rand = lcg(seed)
  return Float32Array.from({ length: rows * cols }, () => (rand() < density ? rand() : 0))
}

const [FAN_IN, UNITS, CAPACITY] = [300, 70, 24] // 21,000 weights: above the sparse path's minimum

/** Forward and backward of one layer on `kernels`; returns Z, dW, db, dX. */
function pass(kernels: Kernels, x0: Float32Array, rows: number): Float32Array[] {
  const layer = new Dense(kernels, FAN_IN, UNITS, true)
  layer.reserve(CAPACITY)
  const rand = lcg(5)
  layer.W.set(Float32Array.from({ length: UNITS * FAN_IN }, () => rand() - 0.5))
  layer.b?.set(Float32Array.from({ length: UNITS }, () => rand() - 0.5))
  const x = kernels.alloc(CAPACITY * FAN_IN)
  x.set(x0)
  const z = layer.forward(x, rows).slice(0, rows * UNITS)
  const dz = kernels.alloc(CAPACITY * UNITS)
  dz.set(Float32Array.from({ length: rows * UNITS }, () => rand() - 0.5))
  layer.backward(x, dz, rows, true)
  return [z, layer.dW.slice(), layer.db?.slice() ?? new Float32Array(0), layer.dx.slice(0, rows * FAN_IN)]
}

describe.each(['simd', 'relaxed'] as const)('dense layer on wasm %s kernels, sparse inputs', (variant) => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await loadWasmKernels({ variant })
  })
  afterAll(() => k.dispose())

  it('has the sparse products and the transpose', () => {
    expect(typeof k.sparseGemm).toBe('function')
    expect(typeof k.transpose).toBe('function')
  })

  for (const [rows, density] of [[CAPACITY, 0.2], [13, 0.2], [CAPACITY, 0.6]] as const) {
    it(`${rows} rows at density ${density}: Z, dW, db, dX equal the TypeScript kernels' dense results`, () => {
      const x = inputs(rows, FAN_IN, density, 7)
      const wasm = pass(k, x, rows)
      const ts = pass(tsKernels, x, rows)
      wasm.forEach((v, i) => {
        let worst = 0
        for (let j = 0; j < v.length; j++) worst = Math.max(worst, Math.abs(v[j] - ts[i][j]))
        expect(v.length).toBe(ts[i].length)
        expect(worst).toBeLessThan(1e-4)
      })
    })
  }

  for (const [rows, cols] of [[5, 7], [37, 23]]) {
    it(`transposes a [${rows}×${cols}] matrix (16-row bands of 4×4 blocks, both edges)`, () => {
      const src = k.alloc(rows * cols)
      src.set(Float32Array.from({ length: rows * cols }, (_, i) => i))
      const dst = k.alloc(rows * cols)
      k.transpose?.(src, dst, rows, cols)
      let wrong = 0
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (dst[j * rows + i] !== i * cols + j) wrong++
      expect(wrong).toBe(0)
    })
  }
})
