import { tsKernels } from '../../engine'
import type { Kernels } from '../../engine/types'
import { loadWasmKernels } from '../kernels/load-wasm-kernels'

/** The WebAssembly SIMD kernels when asked for and available, else the TypeScript ones. */
export async function loadKernels(kind: 'wasm' | 'ts'): Promise<Kernels> {
  if (kind === 'ts') return tsKernels
  try {
    return await loadWasmKernels()
  } catch {
    return tsKernels
  }
}
