import { describe, expect, it } from 'vitest'
import type { TrainerStep } from '../../../src/engine/trainer'
import type { EpochStats } from '../../../src/engine/types'
import { StepLog } from '../../../src/main/training/step-log'

const epochEnd = { epoch: 1, trainLoss: 0.3 } as EpochStats
const step = (batch: number, loss: number, accuracy: number | null, end = false): TrainerStep => ({
  batch: { epoch: 1, batch, batchesPerEpoch: 3, loss, accuracy },
  epochEnd: end ? epochEnd : null,
  stop: end ? { kind: 'epochs' } : null,
})

describe('StepLog', () => {
  it('keeps each batch’s loss and accuracy (0 when there is none), the latest batch, the ended epochs and the rows: 10 + 10 + 5 of 25', () => {
    // 25 rows at batch 10: batches of 10, 10 and 5
    const log = new StepLog((b) => (b < 2 ? 10 : 5))
    expect(log.record(step(0, 0.9, 0.5))).toBeNull()
    expect(log.record(step(1, 0.7, null))).toBeNull()
    expect(log.record(step(2, 0.4, 1, true))).toEqual({ kind: 'epochs' })
    expect([log.batchLosses, log.batchAccuracies, log.steps, log.samplesSinceFrame]).toEqual([[0.9, 0.7, 0.4], [0.5, 0, 1], 3, 25])
    expect(log.latestBatch?.batch).toBe(2)
    expect(log.pendingEpochs).toEqual([epochEnd])
  })

  it('starts the next frame empty after clear(), and keeps counting steps', () => {
    const log = new StepLog(() => 4)
    log.record(step(0, 0.9, 0.5, true))
    log.clear()
    log.record(step(1, 0.8, 0.75))
    expect([log.batchLosses, log.batchAccuracies, log.pendingEpochs, log.samplesSinceFrame, log.steps]).toEqual([[0.8], [0.75], [], 4, 2])
  })
})
