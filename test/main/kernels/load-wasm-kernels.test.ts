// How the loader finds the compiled kernels and how it fails: a missing or broken file must end in
// one clear WasmKernelsUnavailableError (the caller then falls back to the TypeScript kernels).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WasmKernelsUnavailableError, loadWasmKernels } from '../../../src/main/kernels/load-wasm-kernels'

describe('loadWasmKernels', () => {
  const saved = process.env.LAYERWISE_WASM
  afterEach(() => {
    if (saved === undefined) delete process.env.LAYERWISE_WASM
    else process.env.LAYERWISE_WASM = saved
  })

  it('finds the asbuild output in the source tree and prefers the relaxed-SIMD build', async () => {
    const kernels = await loadWasmKernels()
    expect(kernels.name).toBe('wasm-relaxed-simd')
    const c = kernels.alloc(1)
    kernels.gemm(Float32Array.of(2), Float32Array.of(3), c, 1, 1, 1, false, false, false)
    expect(c[0]).toBe(6)
  })

  it('gives every call its own memory', async () => {
    const [a, b] = await Promise.all([loadWasmKernels({ variant: 'simd' }), loadWasmKernels({ variant: 'simd' })])
    expect(a.alloc(4).buffer).not.toBe(b.alloc(4).buffer)
  })

  it('says clearly that the file is missing', async () => {
    process.env.LAYERWISE_WASM = '/nonexistent/gemm.wasm'
    await expect(loadWasmKernels()).rejects.toThrow(WasmKernelsUnavailableError)
    await expect(loadWasmKernels()).rejects.toThrow(/LAYERWISE_WASM=\/nonexistent\/gemm\.wasm does not exist/)
  })

  it('says clearly that the file does not compile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-wasm-'))
    try {
      const file = join(dir, 'gemm.wasm')
      writeFileSync(file, 'not wasm at all')
      process.env.LAYERWISE_WASM = file
      await expect(loadWasmKernels()).rejects.toThrow(/unavailable: .*gemm\.wasm failed to load/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
