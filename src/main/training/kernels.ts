import { tsKernels } from '../../engine'
import type { Kernels } from '../../engine/types'
import { dataParallelOf } from '../../engine/parallel/replica'
import type { KernelReport } from '../../shared/dto'
import { loadWasmKernels, threadsFromEnv, type LoadWasmOptions } from '../kernels/load-wasm-kernels'

/** A loaded kernel set and what was loaded (`dataParallel` is decided later, by the trainer). */
export interface KernelSet {
  kernels: Kernels
  report: Omit<KernelReport, 'dataParallel'>
}

/**
 * The WebAssembly SIMD kernels when asked for and available, else the TypeScript ones, with a report
 * of which set it is and, after a fallback, the load error. The wasm kernels come with data-parallel
 * support: a Trainer on them splits each batch over two threads where that pays (large layers ×
 * batch, `dataParallelPays` in src/engine/parallel/replica.ts) and stays on one thread otherwise, or
 * when no helper thread can be started (no wasm threads). `LAYERWISE_KERNEL_THREADS=1` keeps every
 * run on one thread. `load` is the wasm loader (tests force its failure).
 */
export async function loadKernelSet(kind: 'wasm' | 'ts', load: (options: LoadWasmOptions) => Promise<Kernels> = loadWasmKernels): Promise<KernelSet> {
  if (kind === 'ts') return { kernels: tsKernels, report: { set: tsKernels.name, requested: 'ts', singleThread: 'the TypeScript kernels run on one thread' } }
  const dataParallel = threadsFromEnv()?.dataParallel ?? true
  let kernels: Kernels
  try {
    kernels = await load({ dataParallel })
  } catch (error) {
    const fallback = error instanceof Error ? error.message : String(error)
    return { kernels: tsKernels, report: { set: tsKernels.name, requested: 'wasm', singleThread: 'the TypeScript kernels run on one thread', fallback } }
  }
  const report: KernelSet['report'] = { set: kernels.name, requested: 'wasm' }
  if (!dataParallelOf(kernels)) report.singleThread = dataParallel ? 'no helper thread can be started here' : 'LAYERWISE_KERNEL_THREADS=1 keeps runs on one thread'
  return { kernels, report }
}

/** The kernel set of `loadKernelSet` without its report (CLI, models, estimator). */
export async function loadKernels(kind: 'wasm' | 'ts'): Promise<Kernels> {
  return (await loadKernelSet(kind)).kernels
}

/**
 * The full report of a run: whether its trainer splits batches over a second thread (`threads` 2),
 * and if not, why (the kernels cannot, or the batches are too small for it to pay).
 */
export function kernelReport(loaded: KernelSet['report'], threads: 1 | 2): KernelReport {
  if (threads === 2) {
    const { singleThread: _unused, ...rest } = loaded
    return { ...rest, dataParallel: true }
  }
  return { ...loaded, dataParallel: false, singleThread: loaded.singleThread ?? 'the batches are too small for a second thread to pay off' }
}
