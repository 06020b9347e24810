/**
 * The WebAssembly SIMD kernel set (SPEC §3.7): `Kernels` on top of the AssemblyScript module
 * `assembly/gemm.ts`. Pure engine code: it receives the instantiated exports through
 * `WasmGemmExports` (the engine's lib has no `WebAssembly` types); instantiation lives in
 * `src/main/kernels/load-wasm-kernels.ts`.
 *
 * Memory. `alloc` hands out `Float32Array` views *into* the module's linear memory, so `gemm` on
 * them runs without copying; arrays from elsewhere are staged through scratch buffers (copy in,
 * copy out). The memory is a **shared** `WebAssembly.Memory`: growing it never detaches the
 * views handed out before (a non-shared memory's `grow` would detach every one of them), and a
 * second worker could instantiate the same module on the same memory later. Consequences for
 * callers: views are backed by a `SharedArrayBuffer`, so `postMessage(view)` shares rather than
 * copies and `view.buffer` cannot be transferred — send snapshots as `view.slice()` (a plain copy).
 * Blocks are never moved; `free` returns one for reuse, and dropping the whole kernel set (one per
 * training job) releases the memory.
 *
 * Second core (optional). With a helper thread that runs the same module on the same memory, a
 * large `gemm` is split by rows of C: the helper takes the lower half, the caller the upper half,
 * and the caller blocks (`Atomics.wait`) until the helper is done, so `gemm` stays synchronous.
 * They meet in a small control block in the shared memory (`HELPER_CONTROL_INTS` Int32 values):
 * [0] job generation g (−1 = stop), [1] generation done, [2..13] the `gemmRows` arguments,
 * [14] set when the helper failed, [15] the claim: g while the helper's half is unclaimed, −g once
 * taken. Whoever swaps g → −g first runs that half: if the helper has not woken up by the time the
 * caller finished its own half (a busy machine), the caller runs both and never waits. The helper thread itself is started by the platform side
 * (src/main/kernels/load-wasm-kernels.ts), because the engine cannot create threads.
 */
import type { Kernels } from '../types'
import { checkGemm } from './naive'
import { trainingFastPaths } from './wasm-fast-paths'
import { sigmoidRows32, velocity32 } from '../rbm/rbm-kernels'

/** The part of a `WebAssembly.Memory` the kernels use. */
export interface WasmMemoryLike {
  readonly buffer: ArrayBufferLike
  grow(deltaPages: number): number
}

/** Exports of the compiled `assembly/gemm.ts` (pointers are byte offsets into `memory`). */
export interface WasmGemmExports {
  readonly memory: WasmMemoryLike
  /** A `WebAssembly.Global` holding the scratch size `gemm` needs, in bytes. */
  readonly GEMM_SCRATCH_BYTES: { readonly value: number }
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, scratch: number): void
  biasAdd(z: number, bias: number, rows: number, cols: number): void
  columnSum(x: number, out: number, rows: number, cols: number, accumulate: number): void
  reluForward(z: number, a: number, length: number): void
  reluBackward(z: number, dy: number, dz: number, length: number): void
  sgdUpdate(w: number, g: number, learningRate: number, length: number): void
  /** Training-step helpers of assembly/elementwise.ts (optional: absent from older builds). */
  softmaxRows?(z: number, a: number, rows: number, cols: number): void
  softmaxCrossEntropy?(z: number, t: number, rows: number, cols: number): number
  scaledDifference?(y: number, t: number, d: number, length: number, scale: number): void
  sumAbs?(x: number, length: number): number
  transpose?(src: number, rows: number, cols: number, dst: number): void
  /** Rows [i0, i1) of `gemm`'s product (the unit of work the helper thread gets). */
  gemmRows(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, scratch: number, i0: number, i1: number): void
  /** RBM kernels of assembly/rbm.ts (optional: absent from older builds). Returns the new stream state (as i32). */
  rbmSigmoid?(z: number, bias: number, rows: number, cols: number, scale: number, out: number, state: number): number
  rbmVelocity?(vel: number, w: number, mu: number, decay: number, length: number): void
  sparseGemm?(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, accumulate: number, maxNonzero: number, scratch: number): number
}

/** Int32 values of the helper's control block (layout in the header comment). */
export const HELPER_CONTROL_INTS = 16

/** Starts a helper thread on the control block at byte offset `control`; returns how to stop it. */
export type StartHelper = (control: number) => { stop(): void }

/** Options of `createWasmKernels`. */
export interface WasmKernelsOptions {
  /** `Kernels.name` (default `wasm-simd`). */
  name?: string
  /** Starts a second thread that takes half of every large GEMM (none by default). */
  startHelper?: StartHelper
  /**
   * Blocks come from this allocator instead of the kernel set's own heap, and `alloc` does not clear
   * them (data-parallel training: a replica network on a second thread re-creates, block by block,
   * the buffers the training thread laid out for it; src/engine/parallel/replica.ts).
   */
  heap?: WasmHeap
}

/** An allocator of byte ranges in the shared memory (offsets 64-byte aligned). */
export interface WasmHeap {
  reserve(bytes: number): number
  release(offset: number): void
}

/**
 * `Kernels` plus SIMD elementwise helpers for the training loop. Each helper accepts any
 * Float32Array; buffers from `alloc` take the SIMD path, others a plain loop with the same result.
 */
export interface WasmKernels extends Kernels {
  /**
   * Returns a block from `alloc` for reuse; the view must not be used afterwards. Arrays that do
   * not live in wasm memory are ignored; a second free of a block (or of a subarray) throws.
   */
  free(buffer: Float32Array): void
  /** Bytes of linear memory currently reserved by live blocks, scratch and staging. */
  bytesInUse(): number
  /** Z += b per row: z `[rows×cols]`, bias `[cols]`. */
  biasAdd(z: Float32Array, bias: Float32Array, rows: number, cols: number): void
  /** db = Σ_rows dZ: x `[rows×cols]` → out `[cols]` (+= out when `accumulate`). */
  columnSum(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate: boolean): void
  /** a = max(z, 0) over the common length (a may be z). */
  reluForward(z: Float32Array, a: Float32Array, length?: number): void
  /** dz = dy·[z > 0] (ReLU′(0) = 0; dz may be dy). */
  reluBackward(z: Float32Array, dy: Float32Array, dz: Float32Array, length?: number): void
  /** Plain SGD: w -= η·g. */
  sgdUpdate(w: Float32Array, g: Float32Array, learningRate: number): void
  /** Threads a large GEMM runs on (1, or 2 with a helper). */
  readonly threads: number
  /** Stops the helper thread, if any; GEMMs then run on the calling thread only. */
  dispose(): void
}

const PAGE = 65536
const ALIGN = 64
/** Page 0 is left to the module's own static data (it has none today); the heap starts after it. */
const HEAP_BASE = PAGE

/** Below this many multiply-adds a GEMM stays on one thread: waking the helper costs ~10–50 µs. */
const PARALLEL_MIN_MACS = 1 << 20

const roundUp = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN

/** Wraps instantiated kernel exports as a `Kernels` set with its own allocator. */
export function createWasmKernels(exports: WasmGemmExports, options: WasmKernelsOptions = {}): WasmKernels {
  const memory = exports.memory
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) {
    throw new Error('wasm kernels need a shared WebAssembly.Memory (views must survive memory growth)')
  }
  const ownBuffers = new Set<ArrayBufferLike>([memory.buffer])
  const freeBlocks = new Map<number, number[]>() // size in bytes → offsets
  const live = new Map<number, number>() // offset → size in bytes
  let top = HEAP_BASE
  let reserved = 0

  function ensureCapacity(end: number): void {
    const have = memory.buffer.byteLength
    if (end <= have) return
    try {
      memory.grow(Math.ceil((end - have) / PAGE))
    } catch (cause) {
      throw new RangeError(`wasm kernels: out of memory growing to ${end} bytes`, { cause })
    }
    ownBuffers.add(memory.buffer)
  }

  function reserve(bytes: number): number {
    if (options.heap) return options.heap.reserve(bytes)
    const size = roundUp(Math.max(bytes, 4))
    const reused = freeBlocks.get(size)?.pop()
    const offset = reused ?? top
    if (reused === undefined) {
      ensureCapacity(offset + size)
      top += size
    }
    live.set(offset, size)
    reserved += size
    return offset
  }

  function view(offset: number, length: number): Float32Array {
    const buffer = memory.buffer
    ownBuffers.add(buffer)
    return new Float32Array(buffer, offset, length)
  }

  const isOwn = (x: Float32Array): boolean => ownBuffers.has(x.buffer)

  const scratch = reserve(exports.GEMM_SCRATCH_BYTES.value)
  // Staging for arrays that do not live in wasm memory: one growable block per operand.
  const staging = [
    { offset: 0, bytes: 0 },
    { offset: 0, bytes: 0 },
    { offset: 0, bytes: 0 },
  ]
  function stage(slot: number, x: Float32Array, length: number, copyIn: boolean): number {
    if (isOwn(x)) return x.byteOffset
    const s = staging[slot]
    const bytes = length * 4
    if (s.bytes < bytes) {
      if (s.bytes > 0) release(s.offset)
      s.offset = reserve(bytes)
      s.bytes = roundUp(bytes)
    }
    if (copyIn) view(s.offset, length).set(x.length === length ? x : x.subarray(0, length))
    return s.offset
  }

  function release(offset: number): void {
    if (options.heap) return options.heap.release(offset)
    const size = live.get(offset)
    if (size === undefined) throw new Error('wasm kernels: free of a buffer that is not a live block (double free, or a subarray)')
    live.delete(offset)
    reserved -= size
    const list = freeBlocks.get(size)
    if (list) list.push(offset)
    else freeBlocks.set(size, [offset])
  }

  function gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): void {
    checkGemm(a, b, c, m, n, k)
    const pa = stage(0, a, m * k, true)
    const pb = stage(1, b, k * n, true)
    const pc = stage(2, c, m * n, accumulate)
    const tA = transA ? 1 : 0
    const tB = transB ? 1 : 0
    const acc = accumulate ? 1 : 0
    if (helper && m >= 4 && m * n * k >= PARALLEL_MIN_MACS) {
      const split = ((m >> 1) + 1) & ~1 // caller: rows [0, split), helper: [split, m)
      helper.start([pa, pb, pc, m, n, k, tA, tB, acc, helper.scratch, split, m])
      exports.gemmRows(pa, pb, pc, m, n, k, tA, tB, acc, scratch, 0, split)
      if (helper.claim()) exports.gemmRows(pa, pb, pc, m, n, k, tA, tB, acc, scratch, split, m)
      else helper.finish()
    } else {
      exports.gemm(pa, pb, pc, m, n, k, tA, tB, acc, scratch)
    }
    if (!isOwn(c)) c.set(view(pc, m * n))
  }

  let helper: Helper | null = null
  if (options.startHelper) {
    const control = reserve(HELPER_CONTROL_INTS * 4)
    helper = new Helper(new Int32Array(memory.buffer, control, HELPER_CONTROL_INTS), reserve(exports.GEMM_SCRATCH_BYTES.value), options.startHelper(control))
  }

  return {
    name: options.name ?? 'wasm-simd',
    get threads() {
      return helper ? 2 : 1
    },
    dispose() {
      helper?.stop()
      helper = null
    },
    alloc(length: number): Float32Array {
      const offset = reserve(length * 4)
      const v = view(offset, length)
      if (!options.heap) v.fill(0)
      return v
    },
    free(buffer: Float32Array): void {
      if (isOwn(buffer)) release(buffer.byteOffset)
    },
    bytesInUse: () => reserved,
    gemm,
    biasAdd(z, bias, rows, cols) {
      if (isOwn(z) && isOwn(bias)) return exports.biasAdd(z.byteOffset, bias.byteOffset, rows, cols)
      for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) z[r * cols + j] += bias[j]
    },
    columnSum(x, out, rows, cols, accumulate) {
      if (isOwn(x) && isOwn(out)) return exports.columnSum(x.byteOffset, out.byteOffset, rows, cols, accumulate ? 1 : 0)
      if (!accumulate) out.fill(0, 0, cols)
      for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += x[r * cols + j]
    },
    reluForward(z, a, n) {
      const length = Math.min(z.length, a.length, n ?? Infinity)
      if (isOwn(z) && isOwn(a)) return exports.reluForward(z.byteOffset, a.byteOffset, length)
      for (let i = 0; i < length; i++) a[i] = z[i] > 0 ? z[i] : 0
    },
    reluBackward(z, dy, dz, n) {
      const length = Math.min(z.length, dy.length, dz.length, n ?? Infinity)
      if (isOwn(z) && isOwn(dy) && isOwn(dz)) return exports.reluBackward(z.byteOffset, dy.byteOffset, dz.byteOffset, length)
      for (let i = 0; i < length; i++) dz[i] = z[i] > 0 ? dy[i] : 0
    },
    ...rbmFastPaths(exports, isOwn),
    ...trainingFastPaths(exports, isOwn),
    sgdUpdate(w, g, learningRate) {
      const length = Math.min(w.length, g.length)
      if (isOwn(w) && isOwn(g)) return exports.sgdUpdate(w.byteOffset, g.byteOffset, learningRate, length)
      const lr = Math.fround(learningRate)
      for (let i = 0; i < length; i++) w[i] = Math.fround(w[i] - Math.fround(lr * g[i]))
    },
  }
}

/** The caller's side of the control-block protocol (header comment). */
class Helper {
  private generation = 0

  constructor(
    private readonly ctrl: Int32Array,
    readonly scratch: number,
    private readonly thread: { stop(): void },
  ) {}

  start(args: number[]): void {
    this.ctrl.set(args, 2)
    this.generation++
    Atomics.store(this.ctrl, 15, this.generation)
    Atomics.store(this.ctrl, 0, this.generation)
    Atomics.notify(this.ctrl, 0)
  }

  /** True when the caller took the helper's half itself (the helper had not started it). */
  claim(): boolean {
    return Atomics.compareExchange(this.ctrl, 15, this.generation, -this.generation) === this.generation
  }

  finish(): void {
    let done: number
    let waited = 0
    while ((done = Atomics.load(this.ctrl, 1)) !== this.generation) {
      if (Atomics.wait(this.ctrl, 1, done, 1000) === 'timed-out' && ++waited >= 10) {
        throw new Error('wasm kernels: the GEMM helper thread stopped answering')
      }
    }
    if (Atomics.load(this.ctrl, 14) !== 0) throw new Error('wasm kernels: the GEMM helper thread failed')
  }

  stop(): void {
    Atomics.store(this.ctrl, 0, -1)
    Atomics.notify(this.ctrl, 0)
    this.thread.stop()
  }
}

/**
 * The RBM fast paths of `Kernels` on the exports of assembly/rbm.ts, when the module has them. Buffers
 * outside wasm memory take the TypeScript twins (src/engine/rbm/rbm-kernels.ts: the same numbers), or,
 * for the sparse product, −1 (the caller then runs `gemm`).
 */
function rbmFastPaths(exports: WasmGemmExports, isOwn: (x: Float32Array) => boolean): Pick<Kernels, 'rbmSigmoid' | 'rbmVelocity' | 'sparseGemm'> {
  const { rbmSigmoid, rbmVelocity, sparseGemm } = exports
  if (!rbmSigmoid || !rbmVelocity || !sparseGemm) return {}
  return {
    rbmSigmoid(z, bias, rows, cols, scale, out, state) {
      if (rows * cols > Math.min(z.length, out ? out.length : Infinity) || cols > bias.length) throw new RangeError('rbmSigmoid: buffers shorter than rows×cols')
      if (!isOwn(z) || !isOwn(bias) || (out && !isOwn(out))) return sigmoidRows32(z, bias, rows, cols, scale, out, state)
      return rbmSigmoid(z.byteOffset, bias.byteOffset, rows, cols, scale, out ? out.byteOffset : 0, state) >>> 0
    },
    rbmVelocity(vel, w, momentum, decay) {
      if (!isOwn(vel) || !isOwn(w)) return velocity32(vel, w, momentum, decay)
      rbmVelocity(vel.byteOffset, w.byteOffset, momentum, decay, Math.min(vel.length, w.length))
    },
    sparseGemm(a, b, c, m, n, k, transA, accumulate, maxNonzero, scratch) {
      checkGemm(a, b, c, m, n, k)
      if (scratch.length < 2 * k) throw new RangeError(`sparseGemm: scratch of ${scratch.length} floats, needs ${2 * k}`)
      if (!isOwn(a) || !isOwn(b) || !isOwn(c) || !isOwn(scratch)) return -1
      return sparseGemm(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, transA ? 1 : 0, accumulate ? 1 : 0, maxNonzero, scratch.byteOffset)
    },
  }
}
