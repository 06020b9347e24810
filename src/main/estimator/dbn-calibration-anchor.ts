/**
 * The anchor of the DBN calibration (src/main/estimator/calibrate-rbm.ts): the CD-k batch of the user's
 * m rows of every RBM of the user's stack, timed in short windows spread over the whole benchmark, as
 * the network calibration's anchor does (src/main/estimator/calibration-anchor.ts, whose reasons hold
 * here too: this machine's speed changes by 1.5–1.9× for seconds at a time, so windows spread over the
 * benchmark sample the same mix of phases as the rounds do, and the mean of a window set, Σ seconds /
 * Σ batches, moves smoothly with the share of slow phases where a median of rounds jumps between two
 * speeds). κ of an RBM = its mean seconds per batch over the fitted model's, within
 * [1/MAX_CORRECTION, MAX_CORRECTION]; `dbnFlopModelTime` applies it to that RBM's CD epochs.
 */
import { correctionOf, type AnchorClocks } from './calibration-anchor'
import { timeSteps } from './timed-rounds'

export { MAX_CORRECTION } from './calibration-anchor'

/** κ per RBM of the user's stack at the user's batch m, from its windows. */
export interface DbnCalibrationAnchor {
  batchSize: number
  /** κ per RBM: seconds / modelSeconds, within [1/MAX_CORRECTION, MAX_CORRECTION]; 1 where nothing was timed. */
  corrections: number[]
  /** Timed windows (each runs every RBM's batches). */
  windows?: number
  /** Per RBM: timed batches over all windows. */
  steps?: number[]
  /** Per RBM: measured seconds per batch, Σ window seconds / Σ batches. */
  seconds?: number[]
  /** Per RBM: the fitted model's seconds for that batch. */
  modelSeconds?: number[]
}

/** Times one CD-k step of each RBM at the user's batch in windows, and turns the sums into κ per RBM. */
export class DbnAnchorTimer {
  private readonly seconds: number[]
  private readonly steps: number[]
  private windows = 0

  /** `steps[i]`: one CD-k update of RBM i on a batch of `batchSize` rows (the app's `RbmTrainer.step`). */
  constructor(
    private readonly stepFns: readonly (() => void)[],
    private readonly batchSize: number,
    private readonly clocks: AnchorClocks,
  ) {
    this.seconds = stepFns.map(() => 0)
    this.steps = stepFns.map(() => 0)
  }

  /**
   * One window of about `ms`, shared equally by the RBMs; each runs whole batches (at least one) and
   * counts the smaller of wall and process CPU time (another process holding the core is not the
   * engine's cost). No untimed batch first: the cache refill after another shape ran is spread over the
   * window's batches, as an epoch's first batches pay it after the monitors.
   */
  window(ms: number): void {
    const { clocks } = this
    const share = ms / Math.max(1, this.stepFns.length)
    this.stepFns.forEach((step, i) => {
      const t = timeSteps(step, share, clocks.now, clocks.cpuNow)
      this.seconds[i] += Math.min(t.wallMs, t.cpuMs) / 1000
      this.steps[i] += t.steps
    })
    this.windows++
  }

  /** κ per RBM against the model's seconds of its batch (`modelSeconds[i]`); all 1 before any window. */
  result(modelSeconds: readonly number[]): DbnCalibrationAnchor {
    const seconds = this.seconds.map((s, i) => (this.steps[i] > 0 ? s / this.steps[i] : 0))
    const corrections = seconds.map((s, i) => correctionOf(s, modelSeconds[i] ?? 0))
    return { batchSize: this.batchSize, corrections, windows: this.windows, steps: [...this.steps], seconds, modelSeconds: [...modelSeconds] }
  }
}
