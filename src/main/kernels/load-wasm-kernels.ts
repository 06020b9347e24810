/**
 * Loads the AssemblyScript SIMD kernels (`assembly/gemm.ts`, compiled by `npm run asbuild` to the
 * git-ignored `src/main/wasm/gemm.wasm` and `gemm-relaxed.wasm`) under Node and wraps them as engine
 * `Kernels`.
 *
 * Variant: the relaxed-SIMD build (f32x4.relaxed_madd → FMA, ~1.5× the GEMM rate on x64) when the
 * runtime accepts it, else the plain SIMD build. Electron 45 and Node ≥ 22 accept it by default;
 * Node 20 (CLI, web host, vitest on this project's machines) only behind V8's
 * `--experimental-wasm-relaxed-simd`, which is switched on here through `v8.setFlagsFromString`
 * before compiling (process-wide; relaxed SIMD is a finished WebAssembly standard, V8 just had
 * not shipped it yet in Node 20's version). `LAYERWISE_WASM_VARIANT=simd|relaxed` forces one.
 *
 * Where the .wasm is found, first hit wins:
 * 1. `LAYERWISE_WASM=/path/x.wasm` in the environment (tests of a broken or missing file, tools).
 * 2. Built output (Electron main, training worker chunk, CLI under `out/main/`): the dynamic
 *    `import('../wasm/gemm.wasm?asset')` below (and its relaxed twin) is turned by electron-vite into
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
import { setFlagsFromString } from 'node:v8'
import { createWasmKernels, type WasmGemmExports, type WasmKernels, type WasmMemoryLike } from '../../engine/kernels/wasm-kernels'

/** Initial and maximum memory in 64 KiB pages; the maximum matches `--maximumMemory` in scripts/asbuild.mjs. */
const INITIAL_PAGES = 16
const MAX_PAGES = 32768

/** The few `WebAssembly` members used here (the node tsconfig has no DOM lib, which declares them). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  compile(bytes: Uint8Array): Promise<object>
  instantiate(module: object, imports: object): Promise<{ exports: unknown }>
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemoryLike
}

/** Which build of the kernels to load: `auto` prefers relaxed SIMD (FMA) where the runtime has it. */
export type WasmVariant = 'auto' | 'simd' | 'relaxed'

/** The wasm kernels cannot be used here; the message says why and where the file was looked for. */
export class WasmKernelsUnavailableError extends Error {
  override name = 'WasmKernelsUnavailableError'
}

const compiled = new Map<string, Promise<object>>()

/** Existing candidate files of one build, best first (see the header comment). */
async function candidates(relaxed: boolean): Promise<string[]> {
  const file = relaxed ? 'gemm-relaxed.wasm' : 'gemm.wasm'
  const paths: string[] = []
  try {
    const asset = relaxed ? (await import('../wasm/gemm-relaxed.wasm?asset')).default : (await import('../wasm/gemm.wasm?asset')).default
    if (typeof asset === 'string' && isAbsolute(asset)) paths.push(asset)
  } catch {
    // not built by electron-vite (vitest, tsx): use the source-tree path below
  }
  paths.push(join(dirname(fileURLToPath(import.meta.url)), '..', 'wasm', file))
  return paths
}

/** Whether relaxed SIMD validates, switching on V8's flag on Node 20 where it is not yet shipped. */
function relaxedSupported(wasm: WasmApi, bytes: Uint8Array): boolean {
  if (wasm.validate(bytes)) return true
  if (Number(process.versions.node.split('.')[0]) >= 22) return false
  setFlagsFromString('--experimental-wasm-relaxed-simd')
  return wasm.validate(bytes)
}

async function pickFile(wasm: WasmApi, variant: WasmVariant): Promise<{ path: string; bytes: Uint8Array; relaxed: boolean }> {
  const override = process.env.LAYERWISE_WASM
  if (override) {
    if (!existsSync(override)) throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: LAYERWISE_WASM=${override} does not exist`)
    const bytes = new Uint8Array(await readFile(override))
    const relaxed = override.includes('relaxed')
    if (relaxed) relaxedSupported(wasm, bytes)
    return { path: override, bytes, relaxed }
  }
  const tried: string[] = []
  for (const relaxed of variant === 'simd' ? [false] : variant === 'relaxed' ? [true] : [true, false]) {
    const paths = await candidates(relaxed)
    tried.push(...paths)
    const path = paths.find((p) => existsSync(p))
    if (!path) continue
    const bytes = new Uint8Array(await readFile(path))
    if (relaxed && !relaxedSupported(wasm, bytes)) {
      tried.push(`${path} (relaxed SIMD not supported here)`)
      continue
    }
    return { path, bytes, relaxed }
  }
  throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: no usable .wasm (tried ${tried.join(', ')}); run "npm run asbuild"`)
}

/**
 * Finds, compiles (once per file and process) and instantiates the wasm kernels on a fresh shared
 * memory. Rejects with `WasmKernelsUnavailableError` when they cannot run here.
 */
export async function loadWasmKernels(variant: WasmVariant = (process.env.LAYERWISE_WASM_VARIANT as WasmVariant | undefined) ?? 'auto'): Promise<WasmKernels> {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!wasm) throw new WasmKernelsUnavailableError('WebAssembly SIMD kernels unavailable: this runtime has no WebAssembly')
  const { path, bytes, relaxed } = await pickFile(wasm, variant)
  try {
    let module = compiled.get(path)
    if (!module) compiled.set(path, (module = wasm.compile(bytes)))
    const memory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
    const instance = await wasm.instantiate(await module, {
      env: {
        memory,
        abort: () => {
          throw new Error('wasm kernels aborted')
        },
      },
    })
    return createWasmKernels(instance.exports as WasmGemmExports, relaxed ? 'wasm-relaxed-simd' : 'wasm-simd')
  } catch (cause) {
    compiled.delete(path)
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: ${path} failed to load (${reason})`, { cause })
  }
}
