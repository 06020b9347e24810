/**
 * Loads the AssemblyScript SIMD kernels (`assembly/gemm.ts`, compiled by `npm run asbuild` to the
 * git-ignored `src/main/wasm/gemm.wasm`) under Node and wraps them as engine `Kernels`.
 *
 * Where the .wasm is found, first hit wins:
 * 1. `LAYERWISE_WASM=/path/gemm.wasm` in the environment (tests of a broken or missing file, tools).
 * 2. Built output (Electron main, training worker chunk, CLI under `out/main/`): the dynamic
 *    `import('../wasm/gemm.wasm?asset')` below is turned by electron-vite into
 *    `join(import.meta.dirname, "chunks/gemm-HASH.wasm")` and the file is emitted next to the chunk
 *    that uses it, so it ships inside `out/` (and app.asar, whose reads Electron's fs patches).
 * 3. Source tree (vitest, `tsx`): only electron-vite's build knows `?asset`; under vitest the
 *    dynamic import rejects ("Failed to parse source for import analysis … .wasm?asset") and tsx
 *    cannot import a .wasm at all. The rejection is caught (a static import would fail the whole
 *    module) and the file is taken relative to this module: `../wasm/gemm.wasm`, i.e.
 *    `src/main/wasm/gemm.wasm`. The asset path is also only trusted if it is absolute and exists.
 * No vitest plugin or config is needed. If no candidate exists, or the bytes fail to compile or
 * instantiate (no SIMD, no shared memory), `loadWasmKernels` rejects with a `WasmKernelsUnavailableError`
 * whose message says what was tried; callers fall back to the TypeScript kernels.
 *
 * Each call instantiates the (cached) module on a fresh shared memory, so every training job
 * owns its kernel set and its memory is released with it.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWasmKernels, type WasmGemmExports, type WasmKernels, type WasmMemoryLike } from '../../engine/kernels/wasm-kernels'

/** Initial and maximum memory in 64 KiB pages; the maximum matches `--maximumMemory` in scripts/asbuild.mjs. */
const INITIAL_PAGES = 16
const MAX_PAGES = 32768

/** The few `WebAssembly` members used here (the node tsconfig has no DOM lib, which declares them). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>
  instantiate(module: object, imports: object): Promise<{ exports: unknown }>
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemoryLike
}

/** The wasm kernels cannot be used here; the message says why and where the file was looked for. */
export class WasmKernelsUnavailableError extends Error {
  override name = 'WasmKernelsUnavailableError'
}

let compiled: { path: string; module: Promise<object> } | undefined

async function candidatePaths(): Promise<string[]> {
  const paths: string[] = []
  const override = process.env.LAYERWISE_WASM
  if (override) return [override]
  try {
    const asset = (await import('../wasm/gemm.wasm?asset')).default
    if (typeof asset === 'string' && isAbsolute(asset)) paths.push(asset)
  } catch {
    // not built by electron-vite (vitest, tsx): use the source-tree path below
  }
  paths.push(join(dirname(fileURLToPath(import.meta.url)), '..', 'wasm', 'gemm.wasm'))
  return paths
}

/** Finds, compiles (once per process) and instantiates the wasm kernels on a fresh shared memory. */
export async function loadWasmKernels(): Promise<WasmKernels> {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!wasm) throw new WasmKernelsUnavailableError('WebAssembly SIMD kernels unavailable: this runtime has no WebAssembly')
  const tried = await candidatePaths()
  const path = tried.find((p) => existsSync(p))
  if (!path) {
    throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: gemm.wasm not found (looked in ${tried.join(', ')}); run "npm run asbuild"`)
  }
  try {
    if (compiled?.path !== path) compiled = { path, module: readFile(path).then((bytes) => wasm.compile(bytes)) }
    const module = await compiled.module
    const memory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
    const instance = await wasm.instantiate(module, {
      env: {
        memory,
        abort: () => {
          throw new Error('wasm kernels aborted')
        },
      },
    })
    return createWasmKernels(instance.exports as WasmGemmExports)
  } catch (cause) {
    compiled = undefined
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: ${path} failed to load (${reason})`, { cause })
  }
}
