/**
 * The anchor of the calibration (src/main/estimator/calibrate.ts): the user's own network at the user's
 * batch, as the app trains it (threads, input density, N rows), timed in short windows spread over the
 * whole benchmark. κ = its mean seconds per batch over the fitted model's is the correction
 * `flopModelTime` applies to estimates of exactly that configuration.
 *
 * Why spread and why the mean: this machine's speed can change by 1.5–1.9× for seconds at a time
 * (another tenant on the same physical core; it does not show as steal time). One continuous run at
 * the end of the benchmark caught a single such phase and κ swung with it; windows spread over the
 * whole benchmark sample the same mix of phases as the rounds do, and the mean of a window set
 * (Σ seconds / Σ batches, what a training run's epoch time adds up) moves smoothly with the share of
 * slow phases instead of jumping between two speeds as a median does.
 *
 * Where the engine splits the user's batches over two threads, the anchor times both ways, each
 * always that way: the trainer that always splits, and its one-thread twin. A training run's
 * `HandOverPolicy` (src/engine/parallel/hand-over-policy.ts) measures both as it goes and settles on
 * the faster, so the anchor's seconds are the faster mode's. (The app's adaptive trainer itself would
 * spend a third of its first batches probing the slower mode, which a training run of hundreds of
 * batches amortises and a calibration of a few dozen does not: seen 2026-11-22 01:50 UTC, κ = 1.7 for
 * 784-256-128-10 at batch 32 and 256, the training then 35 % faster than predicted.)
 */
import { flopModelTime, networkCost, type FlopModelFit } from '../../engine/cost'
import type { Trainer } from '../../engine/trainer'
import type { NetworkSpec, OptimizerName } from '../../engine/types'
import { StepLog } from '../training/step-log'
import { timeSteps } from './timed-rounds'

/** The user's own network at the user's batch, timed in windows spread over the benchmark: κ. */
export interface CalibrationAnchor {
  batchSize: number
  samples: number
  /** ρ of the synthetic data it ran on. */
  inputDensity: number
  /** Threads its batches ran on (2: split over the helper thread). */
  threads: 1 | 2
  /** Timed batches, over all windows. */
  steps: number
  /** Timed windows. */
  windows: number
  /** Measured seconds per batch: Σ window seconds / Σ batches. */
  seconds: number
  /** The fitted model's seconds for that batch. */
  modelSeconds: number
  /** κ = seconds / modelSeconds, kept within [1/2, 2] (`MAX_CORRECTION`) */
  correction: number
  /**
   * Cores the faster way kept busy: this process's CPU time over the wall time of its windows (≈ 1 on
   * one thread, up to 2 when batches are split): the utilisation of the power estimate without RAPL.
   */
  cpuShare: number
}

/**
 * κ is kept within [1/MAX_CORRECTION, MAX_CORRECTION]: the fit explains the measured shapes within
 * 5–25 % rms, so an anchor that disagrees by more than 2× was disturbed (seen 2026-11-22 00:48 UTC: the
 * split batches of 784-256-128-10 at batch 32 ran 3.3× the model during the anchor, the training later at 0.8×).
 */
export const MAX_CORRECTION = 2

/** κ = measured / modelled seconds, kept within [1/MAX_CORRECTION, MAX_CORRECTION]; 1 when either is not positive. */
export function correctionOf(seconds: number, modelSeconds: number): number {
  return seconds > 0 && modelSeconds > 0 ? Math.min(MAX_CORRECTION, Math.max(1 / MAX_CORRECTION, seconds / modelSeconds)) : 1
}

/** Clocks in ms: wall, and this process's CPU time. */
export interface AnchorClocks {
  now: () => number
  cpuNow: () => number
}

/** One way of training the user's configuration, timed over the windows. */
interface Mode {
  trainer: Trainer
  /** Its steps are recorded as the training loop records them (src/main/training/step-log.ts). */
  log: StepLog
  seconds: number
  steps: number
  /** Wall and process CPU seconds of its windows. */
  wall: number
  cpu: number
}

/** Recorded steps kept before the log is cleared, as a progress frame would (≈ 50 ms of the fastest networks). */
const LOG_STEPS = 10_000

/** Times the user's configuration in windows (on each of its ways: `trainers`), and turns the sums into κ. */
export class AnchorTimer {
  private readonly modes: Mode[]
  private windows = 0

  /** `trainers`: the user's configuration as the app trains it, and for split batches its one-thread twin. */
  constructor(
    trainers: readonly Trainer[],
    private readonly spec: NetworkSpec,
    private readonly rows: number,
    private readonly density: number,
    private readonly clocks: AnchorClocks,
  ) {
    this.modes = trainers.map((trainer) => ({ trainer, log: new StepLog(() => rows), seconds: 0, steps: 0, wall: 0, cpu: 0 }))
  }

  /**
   * One window of about `ms`, shared by the ways; each runs whole batches (at least one). A
   * one-thread way counts the smaller of wall and process CPU time (another process holding the core
   * is not the engine's cost), a split one its wall time (two threads). No untimed batch first: the
   * cache refill after another shape ran is spread over the window's batches. Each step is recorded
   * as the training loop records it, so the window pays the loop's bookkeeping too.
   */
  window(ms: number): void {
    const { clocks } = this
    for (const mode of this.modes) {
      const { trainer, log } = mode
      if (trainer.done) continue
      if (log.batchLosses.length > LOG_STEPS) log.clear()
      const t = timeSteps(() => log.record(trainer.step()), ms / this.modes.length, clocks.now, clocks.cpuNow, () => trainer.done)
      mode.seconds += (trainer.threads === 2 ? t.wallMs : Math.min(t.wallMs, t.cpuMs)) / 1000
      mode.steps += t.steps
      mode.wall += t.wallMs / 1000
      mode.cpu += t.cpuMs / 1000
    }
    this.windows++
  }

  /** κ from the windows so far against `fit`: the faster way's Σ seconds / Σ batches; null when no window ran. */
  result(fit: FlopModelFit, optimizer: OptimizerName): CalibrationAnchor | null {
    const timed = this.modes.filter((m) => m.steps > 0)
    if (timed.length === 0) return null
    const best = timed.reduce((a, b) => (b.seconds / b.steps < a.seconds / a.steps ? b : a))
    const seconds = best.seconds / best.steps
    const shape = { samples: this.rows, batchSize: this.rows, epochs: 1, optimizer, inputDensity: this.density }
    const modelSeconds = flopModelTime(networkCost(this.spec), shape, fit).seconds
    const correction = correctionOf(seconds, modelSeconds)
    return {
      batchSize: this.rows,
      samples: best.trainer.batchesPerEpoch * this.rows,
      inputDensity: this.density,
      threads: best.trainer.threads === 2 ? 2 : 1,
      steps: best.steps,
      windows: this.windows,
      seconds,
      modelSeconds,
      correction,
      cpuShare: best.wall > 0 ? best.cpu / best.wall : 1,
    }
  }
}
