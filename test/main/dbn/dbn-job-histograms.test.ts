import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../../src/main/training/engine-worker?nodeWorker'
import { JobManager } from '../../../src/main/training/job-manager'
import { prepareTrainingData } from '../../../src/main/services/datasets'
import type { EventSink } from '../../../src/main/services/event-sink'
import type { DbnProgressFrame } from '../../../src/shared/dbn'
import type { Table } from '../../../src/main/data'

/** 200 rows of 4 binary inputs (a pattern and its complement). */
function table(): Table {
  const columns = Array.from({ length: 4 }, (_, i) => ({ name: `x${i}`, type: 'numeric' as const, values: Float32Array.from({ length: 200 }, (_, r) => ((r + i) % 2 === 0 ? 1 : 0)) }))
  return { name: 't', rows: 200, columns }
}

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

describe('DBN progress histograms (issue 10)', () => {
  it('carries the weights of the layer in training and its hidden activations in [0, 1]', async () => {
    const frames: DbnProgressFrame[] = []
    let done: () => void = () => undefined
    const ended = new Promise<void>((resolve) => (done = resolve))
    const sink: EventSink = {
      emit(channel, ...args) {
        if (channel === 'dbn:progress') frames.push(args[0] as DbnProgressFrame)
        if (channel === 'dbn:finished' || channel === 'training:error') done()
      },
    }
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(
      {
        data: { kind: 'imported', id: 't', name: 't.csv' },
        settings: { layers: [3], visible: 'bernoulli', rbmEpochs: 2, cdK: 1, persistent: false, learningRate: 0.1, batchSize: 20, fineTune: 'none', fineTuneEpochs: 0, seed: 1, momentum: 0.8, weightDecay: 0 },
      },
      { tables: () => ({ table: table() }) },
    )
    await ended
    const h = frames.find((f) => f.histograms)?.histograms
    expect(h?.layer).toBe(1)
    // 4 visible × 3 hidden weights
    expect(h!.weights.counts.reduce((a, b) => a + b, 0)).toBe(12)
    expect([h!.hidden.min, h!.hidden.max]).toEqual([0, 1])
  })

  it('applies the panel momentum to the RBM epochs after the warm-up', async () => {
    const frames: DbnProgressFrame[] = []
    let done: () => void = () => undefined
    const ended = new Promise<void>((resolve) => (done = resolve))
    const sink: EventSink = {
      emit(channel, ...args) {
        if (channel === 'dbn:progress') frames.push(args[0] as DbnProgressFrame)
        if (channel === 'dbn:finished' || channel === 'training:error') done()
      },
    }
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(
      {
        data: { kind: 'imported', id: 't', name: 't.csv' },
        settings: { layers: [3], visible: 'bernoulli', rbmEpochs: 2, cdK: 1, persistent: false, learningRate: 0.1, batchSize: 20, fineTune: 'none', fineTuneEpochs: 0, seed: 1, momentum: 0.8, momentumWarmupEpochs: 1 },
      },
      { tables: () => ({ table: table() }) },
    )
    await ended
    const epochs = frames.flatMap((f) => f.pretrainEpochs)
    expect(epochs.map((e) => e.momentum)).toEqual([0.5, 0.8])
  })
})
