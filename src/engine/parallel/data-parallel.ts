/**
 * The training thread's side of data-parallel training (design: ./replica.ts): it fills the replica's
 * rows, hands the part to the helper thread (or runs it on its mirror), waits, and adds the gradients.
 */
import { countCorrect } from '../evaluate'
import type { WasmKernels } from '../kernels/wasm-kernels'
import type { Network } from '../network'
import type { Kernels } from '../types'
import { CALLER_SLEEPS, CLAIM, clock, CONTROL_BYTES, DONE, FAILED, GEN, HELPER_SLEEPS, LOSS, READY, readMessage, ROWS, SCALE, spinWhile } from './control-block'
import { HandOverPolicy } from './hand-over-policy'
import { layout, Replica, replayHeap, type DataParallelSupport } from './replica'

/** Options of `DataParallel`. */
export interface DataParallelOptions {
  /** Busy-wait before sleeping, in ms, on both sides (default `DEFAULT_SPIN_MS`). */
  spinMs?: number
  /** A helper that took a part and has not finished it after this long is reported as dead (default 30 s). */
  timeoutMs?: number
  /** Chooses between two threads and one by measuring both now and then (`HandOverPolicy`; default true). */
  adaptive?: boolean
}

/**
 * Default busy-wait: none. Measured 2026-11-22 00:03 UTC (load 6–7, MNIST 784-128-10): with 0.5 ms the
 * process used 158–169 ms of CPU per epoch against 111–114 ms with none (one thread: 93–105), and its
 * epochs were not faster; on a shared machine the spinning only takes cores from the work. Benchmarks
 * on an idle machine can try `LAYERWISE_SPIN_MS` (bench/layerwise-run.ts).
 */
export const DEFAULT_SPIN_MS = 0

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
    spinWhile(() => Atomics.load(ctrl, DONE) !== g, this.spinMs)
    let done = Atomics.load(ctrl, DONE)
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
