/**
 * Data-parallel training on a second thread (issue 3, Deliver 4): each mini-batch is cut in two, the
 * training thread runs forward + backward on the first part with the network itself, and a helper
 * thread runs the second part with a *replica*: a network of the same spec whose weights and biases
 * are the very same blocks of the shared wasm memory and whose other buffers (activations, deltas,
 * ∂W, its input rows) are its own. The gradients are then added, so there is one hand-over per batch
 * (instead of one per large GEMM, which lost to the thread wake-up latency on a 2-vCPU VM).
 *
 * Layout. The training thread builds the replica once with an allocator that records every block it
 * hands out ([offset, bytes] in allocation order), swaps the weight and bias blocks for the network's
 * own, and sends that list with the spec to the helper. The helper (and a mirror on the training
 * thread) then build the replica again with an allocator that replays the list, so both see the same
 * buffers at the same offsets: `Network`'s constructor allocates in a fixed order.
 *
 * Hand-over, in a control block of `CONTROL_BYTES` in the shared memory (Int32 indices):
 * [GEN] job generation g (−1 = stop), [DONE] last generation finished, [ROWS] rows of the job,
 * [CLAIM] g while the job is unclaimed and −g once taken, [FAILED] 1 when the helper failed (its
 * message as char codes from [MESSAGE]), [READY] 1 once the helper has built its replica,
 * [HELPER_SLEEPS] / [CALLER_SLEEPS] 1 while that side sleeps in `Atomics.wait` (only then is a
 * notify sent: it is a system call, and a spinning side does not need one); Float64
 * [SCALE] the gradient scale and [LOSS] the part's mean loss. Whoever swaps CLAIM g → −g first runs
 * the part: when the helper is not awake yet by the time the training thread finished its own part
 * (a busy machine), the training thread runs it on the mirror and does not wait. Both threads run
 * the same code on the same buffers, so the numbers do not depend on who ran it. Each side may
 * spin (`spinMs`, default 0: see DEFAULT_SPIN_MS) before sleeping in `Atomics.wait`. On a busy
 * machine two threads can be slower than one; `HandOverPolicy` measures both modes as it goes and
 * keeps the halves on the training thread while that is faster (same numbers either way).
 *
 * Which batches are split: `dataParallelPays` (large enough layers × batch rows; MNIST 784-128-10 at
 * batch 128 is, a Playground net at batch 10 is not). The first ⌈rows/2⌉ rows stay on the training
 * thread, the other ⌊rows/2⌋ go to the replica; each part's loss gradient is scaled by its share of
 * the rows, so the summed gradients are the batch mean (for an even split the scale 1/2 is exact,
 * and the result differs from one thread only in the order of the float sums).
 *
 * Failures: a helper that fails after it was ready makes `finish` (hence `Trainer.step`) throw with
 * its message, and one that took a part and stopped answering does so after `timeoutMs`: the
 * training worker turns either into an error event. A helper that cannot be created, or dies while
 * starting, never gets a part: the run stays on the training thread.
 *
 * The engine creates no threads: `DataParallelSupport.start` (src/main/kernels/load-wasm-kernels.ts)
 * starts the helper, which calls `serveReplica`.
 */
import { countCorrect } from '../evaluate'
import { createWasmKernels, type WasmGemmExports, type WasmHeap, type WasmKernels } from '../kernels/wasm-kernels'
import { Network } from '../network'
import type { Kernels, NetworkSpec } from '../types'

/** What the helper thread needs besides the module and the memory. */
export interface ReplicaSetup {
  spec: NetworkSpec
  /** Rows the replica's batch buffers hold. */
  rows: number
  /** The replica's blocks in allocation order, as [byte offset, bytes] pairs. */
  blocks: number[]
  /** Byte offset of the control block. */
  control: number
  /** How long the helper busy-waits for the next batch before it sleeps, in ms. */
  spinMs: number
}

/** Starts a helper thread that calls `serveReplica` with `setup`; `stop` ends it. */
export type StartReplica = (setup: ReplicaSetup) => { stop(): void }

/** What a kernel set needs to train data-parallel: its module's exports and a way to start the helper. */
export interface DataParallelSupport {
  readonly exports: WasmGemmExports
  readonly start: StartReplica
}

const SUPPORT = Symbol('dataParallel')

/** Marks `kernels` as able to train data-parallel (done by the platform, which can start threads). */
export function withDataParallel<K extends WasmKernels>(kernels: K, support: DataParallelSupport): K {
  Object.defineProperty(kernels, SUPPORT, { value: support, enumerable: false, configurable: true })
  return kernels
}

/** The data-parallel support of a kernel set, or null. */
export function dataParallelOf(kernels: unknown): { kernels: WasmKernels; support: DataParallelSupport } | null {
  const support = (kernels as { [SUPPORT]?: DataParallelSupport } | null)?.[SUPPORT]
  return support ? { kernels: kernels as WasmKernels, support } : null
}

// Control block layout (Int32 indices; the Float64 ones are indices into a Float64Array at the same offset).
const GEN = 0
const DONE = 1
const ROWS = 2
const CLAIM = 3
const FAILED = 4
const READY = 5
const HELPER_SLEEPS = 6
const CALLER_SLEEPS = 7
const SCALE = 4 // Float64 index (bytes 32–39)
const LOSS = 5 // Float64 index (bytes 40–47)
const MESSAGE = 16
const MESSAGE_CHARS = 240
/** Bytes of the control block. */
export const CONTROL_BYTES = (MESSAGE + MESSAGE_CHARS) * 4

const clock = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now()

/** A network sharing the parameters of another through the shared memory, with its own input rows. */
class Replica {
  readonly net: Network
  /** Input rows `[rows×inputs]` and targets `[rows×outputs]` of the replica's part of a batch. */
  readonly x: Float32Array
  readonly t: Float32Array

  constructor(exports: WasmGemmExports, spec: NetworkSpec, rows: number, heap: WasmHeap) {
    const kernels = createWasmKernels(exports, { heap, name: 'wasm replica' })
    this.net = Network.structure(spec, kernels)
    this.net.reserve(rows)
    this.x = kernels.alloc(rows * this.net.inputs)
    this.t = kernels.alloc(rows * this.net.outputs)
  }

  /** Forward, loss and backward on the first `rows` rows; returns the part's mean loss. */
  run(rows: number, scale: number): number {
    this.net.forward(this.x, rows)
    const loss = this.net.lossValue(this.t, rows)
    this.net.backward(this.x, this.t, rows, false, scale)
    return loss
  }
}

function replayHeap(blocks: number[]): WasmHeap {
  let i = 0
  return {
    reserve(bytes) {
      if (i >= blocks.length || blocks[i + 1] !== bytes) {
        throw new Error(`data-parallel replica: block ${i / 2} has ${blocks[i + 1]} bytes, the replica asks for ${bytes}`)
      }
      i += 2
      return blocks[i - 2]
    },
    release: () => undefined, // blocks stay the replica's for its whole life
  }
}

/** Builds the replica once with recorded blocks and returns the list with the weight blocks swapped for `master`'s. */
function layout(master: Network, kernels: WasmKernels, exports: WasmGemmExports, rows: number): number[] {
  const blocks: number[] = []
  const views = new Map<number, Float32Array>()
  const heap: WasmHeap = {
    reserve(bytes) {
      const v = kernels.alloc(Math.ceil(bytes / 4))
      views.set(v.byteOffset, v)
      blocks.push(v.byteOffset, bytes)
      return v.byteOffset
    },
    release: () => undefined,
  }
  const draft = new Replica(exports, master.spec, rows, heap)
  const swap = (own: Float32Array | null, shared: Float32Array | null) => {
    if (!own || !shared) return
    const i = blocks.findIndex((v, j) => j % 2 === 0 && v === own.byteOffset)
    if (i < 0 || blocks[i + 1] !== shared.byteLength) throw new Error('data-parallel replica: parameter layout mismatch')
    blocks[i] = shared.byteOffset
    kernels.free(views.get(own.byteOffset)!)
  }
  draft.net.dense.forEach((d, l) => {
    swap(d.W, master.dense[l].W)
    swap(d.b, master.dense[l].b)
  })
  return blocks
}

function writeMessage(ctrl: Int32Array, message: string): void {
  const n = Math.min(message.length, MESSAGE_CHARS - 1)
  for (let i = 0; i < n; i++) ctrl[MESSAGE + i] = message.charCodeAt(i)
  ctrl[MESSAGE + n] = 0
}

function readMessage(ctrl: Int32Array): string {
  let s = ''
  for (let i = MESSAGE; i < MESSAGE + MESSAGE_CHARS && ctrl[i] !== 0; i++) s += String.fromCharCode(ctrl[i])
  return s
}

/** Marks the helper of the control block at `control` as failed (the platform's handler of a thread that died). */
export function markHelperFailed(buffer: ArrayBufferLike, control: number, message: string): void {
  const ctrl = new Int32Array(buffer, control, CONTROL_BYTES / 4)
  writeMessage(ctrl, message)
  Atomics.store(ctrl, FAILED, 1)
}

/**
 * The helper thread's loop: builds the replica from `setup`, then runs every job it claims until
 * told to stop. Blocks its thread (`Atomics.wait`); returns when stopped or when setting up failed.
 */
export function serveReplica(exports: WasmGemmExports, setup: ReplicaSetup): void {
  const buffer = exports.memory.buffer
  const ctrl = new Int32Array(buffer, setup.control, CONTROL_BYTES / 4)
  const f64 = new Float64Array(buffer, setup.control, 8)
  const fail = (error: unknown) => {
    writeMessage(ctrl, error instanceof Error ? error.message : String(error))
    Atomics.store(ctrl, FAILED, 1)
  }
  let replica: Replica
  try {
    replica = new Replica(exports, setup.spec, setup.rows, replayHeap(setup.blocks))
  } catch (error) {
    fail(error)
    return
  }
  Atomics.store(ctrl, READY, 1)
  let seen = 0
  for (;;) {
    let gen = Atomics.load(ctrl, GEN)
    if (gen === seen && setup.spinMs > 0) {
      const until = clock() + setup.spinMs
      for (let i = 1; gen === seen; i++) {
        gen = Atomics.load(ctrl, GEN)
        if ((i & 255) === 0 && clock() > until) break
      }
    }
    if (gen === seen) {
      // Dekker-style with the training thread's store GEN / load HELPER_SLEEPS: either wait sees the new GEN, or the notify comes
      Atomics.store(ctrl, HELPER_SLEEPS, 1)
      Atomics.wait(ctrl, GEN, seen)
      Atomics.store(ctrl, HELPER_SLEEPS, 0)
      continue
    }
    if (gen < 0) return
    seen = gen
    if (Atomics.compareExchange(ctrl, CLAIM, gen, -gen) !== gen) continue // the training thread ran it
    try {
      f64[LOSS] = replica.run(ctrl[ROWS], f64[SCALE])
    } catch (error) {
      fail(error)
    }
    Atomics.store(ctrl, DONE, gen)
    if (Atomics.load(ctrl, CALLER_SLEEPS) === 1) Atomics.notify(ctrl, DONE)
  }
}

/** Options of `DataParallel`. */
export interface DataParallelOptions {
  /** Busy-wait before sleeping, in ms, on both sides (default `DEFAULT_SPIN_MS`). */
  spinMs?: number
  /** A helper that took a part and has not finished it after this long is reported as dead (default 30 s). */
  timeoutMs?: number
  /** Chooses between two threads and one by measuring both now and then (`HandOverPolicy`; default true). */
  adaptive?: boolean
}

/** Batches of the first window, of each probe, and of the longest window (`HandOverPolicy`). */
const WINDOW = 16
const PROBE = 8
const MAX_WINDOW = 512

/**
 * Default busy-wait: none. Measured 2026-11-22 00:03 UTC (load 6–7, MNIST 784-128-10): with 0.5 ms the
 * process used 158–169 ms of CPU per epoch against 111–114 ms with none (one thread: 93–105), and its
 * epochs were not faster; on a shared machine the spinning only takes cores from the work. Benchmarks
 * on an idle machine can try `LAYERWISE_SPIN_MS` (bench/layerwise-run.ts).
 */
export const DEFAULT_SPIN_MS = 0

/**
 * Below this many multiply-adds per batch (forward pass: rows × Σ fanIn·units), a batch is not
 * split: the hand-over (~10–100 µs) would cost more than the half it saves.
 */
export const DATA_PARALLEL_MIN_MACS = 1 << 21

/** Whether splitting batches of `rows` rows of `net` over two threads pays (see `DATA_PARALLEL_MIN_MACS`). */
export function dataParallelPays(net: Network, rows: number): boolean {
  const macs = net.dense.reduce((s, d) => s + d.fanIn * d.units, 0) * rows
  return rows >= 8 && macs >= DATA_PARALLEL_MIN_MACS
}

/**
 * The adaptive choice between two threads and one, by measuring both (A/B). The measure is the wall
 * time of a whole batch cycle (from one hand-over to the next), the only one that sees every way two
 * threads can lose on a busy machine: waiting for a helper that has no core, or both threads sharing
 * one core. The policy runs a window of batches in its current mode, then a probe of `PROBE` batches
 * in the other; the mode with the smaller median cycle wins. A probe that loses doubles the next
 * window (from `WINDOW` up to `MAX_WINDOW` batches, so that on a steady machine probing costs ~1 %); a
 * probe that wins switches modes and the window starts small again. The numbers do not depend on the
 * mode: the replica's half runs the same code on the same buffers on either thread.
 */
export class HandOverPolicy {
  private parallel = true
  private window = WINDOW
  /** Batches left in the current window, then in the probe (when `probing`). */
  private left = WINDOW
  private probing = false
  private readonly main: number[] = []
  private readonly probe: number[] = []

  /** Whether the next batch offers its half to the helper. */
  offer(): boolean {
    return this.probing ? !this.parallel : this.parallel
  }

  /** Records the wall time of a batch cycle run as `offer()` said. */
  record(ms: number): void {
    const list = this.probing ? this.probe : this.main
    list.push(ms)
    if (--this.left > 0) return
    if (!this.probing) {
      this.probing = true
      this.left = PROBE
      return
    }
    const other = median(this.probe)
    const mine = median(this.main.slice(-PROBE * 2))
    if (other < mine) {
      this.parallel = !this.parallel
      this.window = WINDOW
    } else {
      this.window = Math.min(this.window * 2, MAX_WINDOW)
    }
    this.probing = false
    this.left = this.window
    this.main.length = 0
    this.probe.length = 0
  }

  /** Whether the policy currently prefers two threads (outside probes). */
  get prefersParallel(): boolean {
    return this.parallel
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  return s.length === 0 ? Infinity : s.length % 2 === 1 ? s[s.length >> 1] : (s[(s.length >> 1) - 1] + s[s.length >> 1]) / 2
}

/** The training thread's side: the mirror of the replica, the control block and the helper thread. */
export class DataParallel {
  private readonly ctrl: Int32Array
  private readonly f64: Float64Array
  private readonly mirror: Replica
  private readonly grads: [Float32Array, Float32Array][]
  private readonly spinMs: number
  private readonly timeoutMs: number
  private generation = 0
  private thread: { stop(): void } | null
  private pending: { rows: number; scale: number; posted: boolean } | null = null
  /** Start of the last batch cycle (`start` to `start`), −1 when there is none to measure. */
  private cycleStart = -1
  /** When to offer a part to the helper (adaptive fallback of a busy machine). */
  private readonly policy: HandOverPolicy | null

  /** Rows of a batch part the replica can take. */
  readonly capacity: number
  /** Parts so far, how many were offered to the helper (the others ran here by the adaptive fallback), and how many it ran. */
  parts = 0
  posted = 0
  byHelper = 0

  constructor(
    private readonly master: Network,
    private readonly kernels: WasmKernels,
    support: DataParallelSupport,
    capacity: number,
    options: DataParallelOptions = {},
  ) {
    this.capacity = capacity
    this.spinMs = options.spinMs ?? DEFAULT_SPIN_MS
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.policy = options.adaptive === false ? null : new HandOverPolicy()
    const blocks = layout(master, kernels, support.exports, capacity)
    this.mirror = new Replica(support.exports, master.spec, capacity, replayHeap(blocks))
    const control = kernels.alloc(CONTROL_BYTES / 4)
    this.ctrl = new Int32Array(control.buffer, control.byteOffset, CONTROL_BYTES / 4)
    this.f64 = new Float64Array(control.buffer, control.byteOffset, 8)
    const own = master.params()
    const theirs = this.mirror.net.params()
    this.grads = own.map((p, i) => [p.grad as Float32Array, theirs[i].grad as Float32Array])
    try {
      this.thread = support.start({ spec: master.spec, rows: capacity, blocks, control: control.byteOffset, spinMs: this.spinMs })
    } catch {
      this.thread = null // no thread could be created here: `started` is false and the trainer stays on one thread
    }
  }

  /** Whether the helper thread could be created (it may still be starting: see `helperReady`). */
  get started(): boolean {
    return this.thread !== null
  }

  /** Input rows and targets of the replica's part: fill the first rows before `start`. */
  get x(): Float32Array {
    return this.mirror.x
  }

  get t(): Float32Array {
    return this.mirror.t
  }

  /** The replica's output rows after `finish`. */
  get output(): Float32Array {
    return this.mirror.net.activations[this.mirror.net.layerCount - 1].a
  }

  /** True once the helper thread has built its replica and while it has not failed (else the training thread runs both parts). */
  get helperReady(): boolean {
    return Atomics.load(this.ctrl, READY) === 1 && Atomics.load(this.ctrl, FAILED) === 0
  }

  /**
   * Hands the replica's part (`rows` rows in `x`, `t`; loss gradient × `scale`) to the helper, or
   * keeps it for `finish` to run here while the helper is starting or has recently been too slow to pay.
   */
  start(rows: number, scale: number): void {
    if (rows < 1 || rows > this.capacity) throw new RangeError(`DataParallel: a part of ${rows} rows (capacity ${this.capacity})`)
    // until the helper has built its replica (thread start-up), the parts simply run here
    const ready = this.helperReady
    const t = clock()
    if (ready && this.policy && this.cycleStart >= 0) this.policy.record(t - this.cycleStart)
    this.cycleStart = ready ? t : -1
    const posted = ready && (this.policy?.offer() ?? true)
    this.pending = { rows, scale, posted }
    if (!posted) return
    const g = ++this.generation
    const { ctrl } = this
    ctrl[ROWS] = rows
    this.f64[SCALE] = scale
    Atomics.store(ctrl, CLAIM, g)
    Atomics.store(ctrl, GEN, g)
    // A spinning helper sees the new generation by itself; only a sleeping one needs the notify (a
    // system call that costs as much as a tenth of a batch on a VM).
    if (Atomics.load(ctrl, HELPER_SLEEPS) === 1) Atomics.notify(ctrl, GEN)
  }

  /** Waits for the replica's part, or runs it here if the helper has not taken it; returns its mean loss. */
  finish(): number {
    const job = this.pending
    if (!job) throw new Error('DataParallel: finish() without start()')
    this.pending = null
    const { ctrl } = this
    const g = this.generation
    this.checkFailed()
    this.parts++
    if (!job.posted) return this.mirror.run(job.rows, job.scale)
    this.posted++
    if (Atomics.compareExchange(ctrl, CLAIM, g, -g) === g) return this.mirror.run(job.rows, job.scale)
    this.byHelper++
    let done = Atomics.load(ctrl, DONE)
    if (done !== g && this.spinMs > 0) {
      const until = clock() + this.spinMs
      for (let i = 1; done !== g; i++) {
        done = Atomics.load(ctrl, DONE)
        if ((i & 255) === 0 && clock() > until) break
      }
    }
    const deadline = clock() + this.timeoutMs
    while (done !== g) {
      if (clock() > deadline) throw new Error(`the training helper thread stopped answering (no result after ${Math.round(this.timeoutMs / 1000)} s)`)
      Atomics.store(ctrl, CALLER_SLEEPS, 1)
      Atomics.wait(ctrl, DONE, done, 100)
      Atomics.store(ctrl, CALLER_SLEEPS, 0)
      done = Atomics.load(ctrl, DONE)
    }
    this.checkFailed()
    return this.f64[LOSS]
  }

  /** Correct predictions of the replica's part (classification). */
  correct(rows: number): number {
    return countCorrect(this.output, this.t, rows, this.master.outputs)
  }

  /** Adds the replica's gradients to the network's (exact single rounding: g₁ − (−1)·g₂). */
  addGradients(): void {
    const k = this.kernels as Kernels
    for (const [mine, theirs] of this.grads) {
      if (k.sgdUpdate) k.sgdUpdate(mine, theirs, -1)
      else for (let i = 0; i < mine.length; i++) mine[i] += theirs[i]
    }
  }

  /** Ends the helper thread; the object must not be used afterwards. */
  stop(): void {
    if (!this.thread) return
    Atomics.store(this.ctrl, GEN, -1)
    Atomics.notify(this.ctrl, GEN)
    this.thread.stop()
    this.thread = null
  }

  /**
   * A helper that failed after it was ready (it may have taken parts) ends the run with its message;
   * one that failed while starting never got a part, and the run simply stays on this thread.
   */
  private checkFailed(): void {
    if (Atomics.load(this.ctrl, FAILED) !== 0 && Atomics.load(this.ctrl, READY) === 1) throw new Error(`the training helper thread failed: ${readMessage(this.ctrl)}`)
  }
}
