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
 *
 * Threads, two ways of using a second core:
 * - `dataParallel: true` (the training default, see src/main/training/kernels.ts; in benchmarks
 *   `LAYERWISE_KERNEL_THREADS=2`): the kernel set can train data-parallel. A `Trainer` whose batches
 *   are large enough (`dataParallelPays`) starts one helper thread, src/main/training/replica-worker.ts,
 *   which runs half of every batch on a replica of the network in the same memory (protocol in
 *   src/engine/parallel/replica.ts): one hand-over per batch instead of one per large GEMM. Measured
 *   2026-11-22 00:06 UTC, MNIST 784-128-10 batch 128, load 6–7 (the machine had no quiet window),
 *   CPU time per epoch from /proc/self/task/N/schedstat: the training thread 62–83 ms with the helper
 *   against 88–132 ms alone (the critical path shrinks ~1.4×), all threads together ~103 ms; wall
 *   time could not show it, both cores being busy with other work. The trainer measures both modes
 *   as it goes and keeps the halves on its own thread when two threads lose (about 5 % slower
 *   than an unsplit batch, same numbers as with the helper).
 *   The worker is the electron-vite `?nodeWorker` chunk in built code; from the source tree (tsx,
 *   vitest) it is the TypeScript file run through tsx's loader registered inside the worker.
 * - `threads: 2` (`LAYERWISE_KERNEL_THREADS=2 LAYERWISE_PARALLEL=gemm`): a helper `worker_thread`
 *   instantiates the same module on the same memory and takes half of every large GEMM (protocol in
 *   src/engine/kernels/wasm-kernels.ts). Its code is the inline string below (`eval: true`), so no
 *   extra file has to be found at runtime. It is unref'd (never keeps the process alive) and stops on
 *   `kernels.dispose()` or when the kernel set is garbage-collected. It loses to one thread on a
 *   2-vCPU VM (one wake-up per GEMM) and is kept for the GEMM benchmark.
 * Default here: 1 thread; `loadKernels` (src/main/training/kernels.ts, the app and CLI) turns
 * `dataParallel` on. Helper threads are unref'd; when one cannot be created the run stays on one thread.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { HELPER_CONTROL_INTS, createWasmKernels, type StartHelper, type WasmGemmExports, type WasmKernels, type WasmMemoryLike } from '../../engine/kernels/wasm-kernels'
import { markHelperFailed } from '../../engine/parallel/control-block'
import { withDataParallel, type StartReplica } from '../../engine/parallel/replica'

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

/** Options of `loadWasmKernels`; the environment supplies the defaults. */
export interface LoadWasmOptions {
  /** Default `LAYERWISE_WASM_VARIANT` or `auto`. */
  variant?: WasmVariant
  /** 1 (default) or 2: a helper thread takes half of each large GEMM (env: `LAYERWISE_KERNEL_THREADS=2 LAYERWISE_PARALLEL=gemm`). */
  threads?: 1 | 2
  /** Trainers on these kernels may split batches over a second thread (env: `LAYERWISE_KERNEL_THREADS=2`). */
  dataParallel?: boolean
}

/** What the environment asks for: `LAYERWISE_KERNEL_THREADS=1|2`, `LAYERWISE_PARALLEL=data|gemm`; undefined when unset. */
export function threadsFromEnv(): { threads: 1 | 2; dataParallel: boolean } | undefined {
  const n = process.env.LAYERWISE_KERNEL_THREADS
  if (n !== '1' && n !== '2') return undefined
  const gemm = process.env.LAYERWISE_PARALLEL === 'gemm'
  return { threads: n === '2' && gemm ? 2 : 1, dataParallel: n === '2' && !gemm }
}

type WorkerFactory = (options: WorkerOptions) => Worker

let replicaFactory: Promise<WorkerFactory> | null = null

/** How to start src/main/training/replica-worker.ts here: the built chunk, or the TypeScript file through tsx. */
function replicaWorkerFactory(): Promise<WorkerFactory> {
  replicaFactory ??= (async () => {
    if (import.meta.url.endsWith('.ts')) {
      // Source tree (tsx, vitest): Node 20 workers do not inherit loader hooks, so the worker registers tsx itself.
      const entry = new URL('../training/replica-worker.ts', import.meta.url).href
      const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
      const tsx = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href // tsx's "tsx/esm/api" import target
      const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
      return (options: WorkerOptions) => new Worker(code, { ...options, eval: true })
    }
    return (await import('../training/replica-worker?nodeWorker')).default as WorkerFactory
  })()
  return replicaFactory
}

/** Starts data-parallel helper threads on `memory` (src/engine/parallel/replica.ts). */
function replicaStarter(module: object, memory: WasmMemoryLike, factory: WorkerFactory): StartReplica {
  return (setup) => {
    const worker = factory({ workerData: { module, memory, setup } })
    worker.unref()
    // serveReplica reports its own failures; this catches the thread dying outside it (e.g. instantiation)
    worker.on('error', (error) => markHelperFailed(memory.buffer, setup.control, `it died (${error instanceof Error ? error.message : String(error)})`))
    return { stop: () => void worker.terminate() }
  }
}

/** The helper thread: waits for a job generation in the control block, claims and runs its rows, reports back. */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control, ints } = workerData
const { exports } = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernels aborted') } } })
const ctrl = new Int32Array(memory.buffer, control, ints)
let seen = 0
for (;;) {
  Atomics.wait(ctrl, 0, seen)
  const gen = Atomics.load(ctrl, 0)
  if (gen < 0) break
  if (gen === seen) continue
  seen = gen
  if (Atomics.compareExchange(ctrl, 15, gen, -gen) !== gen) continue // the caller took this half
  try {
    exports.gemmRows(ctrl[2], ctrl[3], ctrl[4], ctrl[5], ctrl[6], ctrl[7], ctrl[8], ctrl[9], ctrl[10], ctrl[11], ctrl[12], ctrl[13])
  } catch {
    Atomics.store(ctrl, 14, 1)
  }
  Atomics.store(ctrl, 1, gen)
  Atomics.notify(ctrl, 1)
}
`

/** Stops helper threads whose kernel set was garbage-collected without `dispose()`. */
const helpers = new FinalizationRegistry<{ stop(): void }>((thread) => thread.stop())

function helperStarter(module: object, memory: WasmMemoryLike): StartHelper {
  return (control) => {
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, control, ints: HELPER_CONTROL_INTS } })
    worker.unref()
    worker.on('error', () => undefined) // a failed helper shows up as a GEMM error on the caller's side
    const ctrl = new Int32Array(memory.buffer, control, HELPER_CONTROL_INTS)
    return {
      stop: () => {
        Atomics.store(ctrl, 0, -1)
        Atomics.notify(ctrl, 0)
      },
    }
  }
}

/** The wasm kernels cannot be used here; the message says why and where the file was looked for. */
export class WasmKernelsUnavailableError extends Error {
  override name = 'WasmKernelsUnavailableError'
}

const compiled = new Map<string, Promise<object>>()

/** Candidate paths of one build, best first (see the header comment); the caller picks the first that exists. */
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
export async function loadWasmKernels(options: LoadWasmOptions = {}): Promise<WasmKernels> {
  const variant = options.variant ?? (process.env.LAYERWISE_WASM_VARIANT as WasmVariant | undefined) ?? 'auto'
  const env = threadsFromEnv()
  const threads = options.threads ?? env?.threads ?? 1
  const dataParallel = options.dataParallel ?? env?.dataParallel ?? false
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!wasm) throw new WasmKernelsUnavailableError('WebAssembly SIMD kernels unavailable: this runtime has no WebAssembly')
  const { path, bytes, relaxed } = await pickFile(wasm, variant)
  try {
    let pending = compiled.get(path)
    if (!pending) compiled.set(path, (pending = wasm.compile(bytes)))
    const module = await pending
    const memory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
    const instance = await wasm.instantiate(module, {
      env: {
        memory,
        abort: () => {
          throw new Error('wasm kernels aborted')
        },
      },
    })
    const startHelper = threads === 2 ? helperStarter(module, memory) : undefined
    let thread: { stop(): void } | undefined
    const kernels = createWasmKernels(instance.exports as WasmGemmExports, {
      name: relaxed ? 'wasm-relaxed-simd' : 'wasm-simd',
      startHelper: startHelper && ((control) => (thread = startHelper(control))),
    })
    if (thread) helpers.register(kernels, thread)
    if (!dataParallel) return kernels
    let factory: WorkerFactory
    try {
      factory = await replicaWorkerFactory()
    } catch {
      return kernels // no helper thread can be started here: one thread
    }
    return withDataParallel(kernels, { exports: instance.exports as WasmGemmExports, start: replicaStarter(module, memory, factory) })
  } catch (cause) {
    compiled.delete(path)
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new WasmKernelsUnavailableError(`WebAssembly SIMD kernels unavailable: ${path} failed to load (${reason})`, { cause })
  }
}
