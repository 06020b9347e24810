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
 * Files: ./control-block.ts (the block and its messages), ./hand-over-policy.ts (which batches split,
 * and the adaptive choice), ./data-parallel.ts (the training thread's side); this file holds the replica
 * and the helper's loop.
 *
 * The engine creates no threads: `DataParallelSupport.start` (src/main/kernels/load-wasm-kernels.ts)
 * starts the helper, which calls `serveReplica`.
 */
import { createWasmKernels, type WasmGemmExports, type WasmHeap, type WasmKernels } from '../kernels/wasm-kernels'
import { Network } from '../network'
import type { NetworkSpec } from '../types'
import { CALLER_SLEEPS, CLAIM, CONTROL_BYTES, DONE, FAILED, GEN, HELPER_SLEEPS, LOSS, READY, ROWS, SCALE, spinWhile, writeMessage } from './control-block'

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

/** A network sharing the parameters of another through the shared memory, with its own input rows. */
export class Replica {
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

export function replayHeap(blocks: number[]): WasmHeap {
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
export function layout(master: Network, kernels: WasmKernels, exports: WasmGemmExports, rows: number): number[] {
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
    spinWhile(() => Atomics.load(ctrl, GEN) === seen, setup.spinMs)
    const gen = Atomics.load(ctrl, GEN)
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
