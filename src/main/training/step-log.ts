/**
 * What the training loop (run-job.ts) keeps of every step between two progress frames: the latest
 * batch, its loss and accuracy for the per-batch curves, the epochs that ended, the rows seen.
 *
 * The calibration's anchor (src/main/estimator/calibration-anchor.ts) records its steps in one too,
 * so that its seconds per batch include this bookkeeping as the training's do: for a network of a
 * few µs per batch (2-8-8-1 at batch 1) it is ≈ 4 % of a step (CPU profile of the loop, 2026-11-22).
 */
import type { BatchStats, EpochStats, StopReason } from '../../engine/types'
import type { TrainerStep } from '../../engine/trainer'

export class StepLog {
  latestBatch: BatchStats | null = null
  batchLosses: number[] = []
  batchAccuracies: number[] = []
  pendingEpochs: EpochStats[] = []
  /** Steps since the run began. */
  steps = 0
  /** Training rows since the last frame. */
  samplesSinceFrame = 0

  /** `batchRows(b)`: the rows in batch b of an epoch. */
  constructor(private readonly batchRows: (batch: number) => number) {}

  /** Keeps `step`; its stop reason, if the run ended with it. */
  record(step: TrainerStep): StopReason | null {
    this.latestBatch = step.batch
    this.batchLosses.push(step.batch.loss)
    this.batchAccuracies.push(step.batch.accuracy ?? 0)
    this.steps++
    this.samplesSinceFrame += this.batchRows(step.batch.batch)
    if (step.epochEnd) this.pendingEpochs.push(step.epochEnd)
    return step.stop
  }

  /** After a frame went out: what the next frame will carry starts empty. */
  clear(): void {
    this.pendingEpochs = []
    this.batchLosses = []
    this.batchAccuracies = []
    this.samplesSinceFrame = 0
  }
}
