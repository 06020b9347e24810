/**
 * When a batch is worth splitting over two threads, and the adaptive choice between two threads and
 * one while a run goes on (src/engine/parallel/replica.ts).
 */
import type { Network } from '../network'
import { median } from '../stats'

/** Batches of the first window, of each probe, and of the longest window (`HandOverPolicy`). */
const WINDOW = 16
const PROBE = 8
const MAX_WINDOW = 512

/**
 * Below this many multiply-adds per batch (forward pass: rows × Σ fanIn·units), a batch is not
 * split: the hand-over (~10–100 µs) would cost more than the half it saves.
 */
export const DATA_PARALLEL_MIN_MACS = 1 << 21

/**
 * The rule: a batch of `rows` rows of a network of `macsPerRow` multiply-adds per row (Σ fanIn·units)
 * is split when it has at least 8 rows and `DATA_PARALLEL_MIN_MACS` multiply-adds. The time model
 * (src/engine/cost/time-model.ts `splitsBatches`) applies the same function.
 */
export function splitPays(macsPerRow: number, rows: number): boolean {
  return rows >= 8 && macsPerRow * rows >= DATA_PARALLEL_MIN_MACS
}

/** Whether splitting batches of `rows` rows of `net` over two threads pays (`splitPays`). */
export function dataParallelPays(net: Network, rows: number): boolean {
  return splitPays(net.dense.reduce((s, d) => s + d.fanIn * d.units, 0), rows)
}

/**
 * Batches of a run of `total` split-able batches that `HandOverPolicy` spends probing the other mode,
 * on a steady machine (every probe loses): windows of 16, 32, … 512 batches, each followed by a probe
 * of 8, so 8 of the first 24 batches, 40 of the first 536, then 8 of every 520. The time model adds
 * these batches' extra cost (src/engine/cost/time-model.ts).
 */
export function probeBatches(total: number): number {
  let done = 0
  let probes = 0
  for (let window = WINDOW; done < total; window = Math.min(window * 2, MAX_WINDOW)) {
    done += window
    if (done >= total) break
    const probe = Math.min(PROBE, total - done)
    probes += probe
    done += probe
    if (window === MAX_WINDOW) {
      // the rest is a steady cycle of 512 + 8
      const cycles = Math.floor((total - done) / (MAX_WINDOW + PROBE))
      done += cycles * (MAX_WINDOW + PROBE)
      probes += cycles * PROBE
    }
  }
  return probes
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
