import { tsKernels } from '../../engine'
import type { Kernels } from '../../engine/types'
import { loadWasmKernels, threadsFromEnv } from '../kernels/load-wasm-kernels'

/**
 * The WebAssembly SIMD kernels when asked for and available, else the TypeScript ones. The wasm
 * kernels come with data-parallel support: a Trainer on them splits each batch over two threads
 * where that pays (large layers × batch, `dataParallelPays` in src/engine/parallel/replica.ts) and
 * stays on one thread otherwise, or when no helper thread can be started (no wasm threads).
 * `LAYERWISE_KERNEL_THREADS=1` keeps every run on one thread.
 */
export async function loadKernels(kind: 'wasm' | 'ts'): Promise<Kernels> {
  if (kind === 'ts') return tsKernels
  try {
    return await loadWasmKernels({ dataParallel: threadsFromEnv()?.dataParallel ?? true })
  } catch {
    return tsKernels
  }
}
