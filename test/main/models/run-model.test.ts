/** @vitest-environment node */
import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine'
import type { Preprocessing } from '../../../src/engine/types'
import { runJob } from '../../../src/main/training/run-job'
import { loadModelText } from '../../../src/main/models/model-file'
import { runMetrics } from '../../../src/main/models/run-model'
import type { FromWorker, TrainingJob } from '../../../src/shared/engine-protocol'

const preprocessing: Preprocessing = {
  features: [{ name: 'x1', kind: 'numeric' }, { name: 'x2', kind: 'numeric' }],
  scaling: 'none',
  offset: [0, 0],
  scale: [1, 1],
  target: { name: 'y', task: 'binary', labels: ['0', '1'] },
}

function job(extra: Partial<TrainingJob> = {}): TrainingJob {
  const data = { rows: 4, inputs: 2, outputs: 1, x: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), y: Float32Array.from([0, 1, 1, 0]), labels: Int32Array.from([0, 1, 1, 0]) }
  return {
    runId: 'run-1',
    network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' },
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 20, seed: 1, shuffle: false },
    task: 'binary',
    train: data,
    validation: null,
    test: data,
    labels: ['0', '1'],
    kernels: 'ts',
    frameIntervalMs: 20,
    ...extra,
  }
}

async function done(j: TrainingJob): Promise<Extract<FromWorker, { type: 'done' }>> {
  let last: Extract<FromWorker, { type: 'done' }> | null = null
  await runJob(j, tsKernels, { stopped: false, paused: false, wake: null }, (m) => {
    if (m.type === 'done') last = m
  })
  return last!
}

describe('the model a run ends with', () => {
  it('carries the preprocessing, the settings and the final metrics', async () => {
    const message = await done(job({ preprocessing }))
    const model = JSON.parse(message.modelJson!) as { preprocessing: Preprocessing; training: { epochs: number; task: string }; metrics: { test: { accuracy: number; rows: number } } }
    expect(model.preprocessing.target).toEqual({ name: 'y', task: 'binary', labels: ['0', '1'] })
    expect([model.training.epochs, model.training.task]).toEqual([20, 'binary'])
    expect(model.metrics.test.accuracy).toBe(message.result.test!.accuracy)
    expect(model.metrics.test.rows).toBe(4)
  })

  it('predicts what the run evaluated: its accuracy on the test rows', async () => {
    const message = await done(job({ preprocessing }))
    const model = loadModelText('run', message.modelJson!, tsKernels)
    if (model.kind !== 'mlp') throw new Error('expected an mlp')
    const y = model.net.predict(Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), 4)
    const correct = [0, 1, 1, 0].filter((t, r) => (y[r]! >= 0.5 ? 1 : 0) === t).length
    expect(correct / 4).toBe(message.result.test!.accuracy)
  })

  it('is saved without preprocessing when the job has none', async () => {
    const message = await done(job())
    expect(JSON.parse(message.modelJson!)).not.toHaveProperty('preprocessing')
  })
})

describe('runMetrics', () => {
  it('keeps finite loss, accuracy and rows and leaves out NaN', () => {
    const dto = (loss: number, accuracy: number | null) => ({ dto: { loss, accuracy, confusion: null, rows: 10 } })
    expect(runMetrics({ train: dto(0.25, 0.9), test: dto(Number.NaN, null) })).toEqual({ train: { loss: 0.25, accuracy: 0.9, rows: 10 }, test: { rows: 10 } })
  })
})
