/**
 * Stopping criteria of SPEC §3.4, checked once per epoch: target accuracy, change of the mean
 * training loss, early stopping with patience (and restore-best), and the epoch limit.
 */
import type { Param } from './layers/dense'
import type { EpochStats, FloatArray, KernelsOf, StopReason, StoppingSettings } from './types'

/** Keeps the state the criteria need between epochs, including a copy of the best weights. */
export class Stopping<A extends FloatArray> {
  private previousLoss: number | null = null
  private bestLoss = Infinity
  private bestEpoch = 0
  private readonly best: A[] | null

  constructor(
    private readonly settings: StoppingSettings,
    private readonly params: Param<A>[],
    kernels: KernelsOf<A>,
  ) {
    const keep = settings.patience !== undefined && settings.restoreBest !== false
    this.best = keep ? params.map((p) => kernels.alloc(p.value.length)) : null
  }

  /**
   * The reason to stop after this epoch, or null to go on. Accuracy and early stopping watch the
   * validation set when there is one, else the training set.
   */
  check(stats: EpochStats, lastEpoch: boolean): StopReason | null {
    const { lossDelta, patience, targetAccuracy } = this.settings
    const accuracy = stats.valAccuracy ?? stats.trainAccuracy
    if (targetAccuracy !== undefined && accuracy !== null && accuracy >= targetAccuracy) {
      return { kind: 'targetAccuracy', accuracy }
    }
    const previous = this.previousLoss
    this.previousLoss = stats.trainLoss
    if (lossDelta !== undefined && previous !== null && Math.abs(stats.trainLoss - previous) < lossDelta) {
      return { kind: 'lossDelta', delta: Math.abs(stats.trainLoss - previous) }
    }
    if (patience !== undefined) {
      const watched = stats.valLoss ?? stats.trainLoss
      if (watched < this.bestLoss) {
        this.bestLoss = watched
        this.bestEpoch = stats.epoch
        this.best?.forEach((b, i) => b.set(this.params[i].value))
      } else if (stats.epoch - this.bestEpoch >= patience) {
        this.best?.forEach((b, i) => this.params[i].value.set(b))
        return { kind: 'earlyStopping', bestEpoch: this.bestEpoch }
      }
    }
    return lastEpoch ? { kind: 'epochs' } : null
  }
}
