/** @vitest-environment node */
import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../../src/main/training/engine-worker?nodeWorker'
import { Network, Rng, tsKernels } from '../../../src/engine'
import type { EpochStats } from '../../../src/engine/types'
import { JobManager } from '../../../src/main/training/job-manager'
import { prepareTrainingData } from '../../../src/main/services/datasets'
import { ModelService } from '../../../src/main/models/model-service'
import { RunModelKeeper } from '../../../src/main/models/run-model'
import type { EventSink } from '../../../src/main/services/event-sink'
import type { RunResult, StartTrainingRequest } from '../../../src/shared/dto'
import type { TrainingJob } from '../../../src/shared/engine-protocol'

const spec = { inputs: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], loss: 'mse' as const }
const stats = (epoch: number, valLoss: number): EpochStats => ({ epoch, trainLoss: 1, trainAccuracy: null, valLoss, valAccuracy: null, seconds: 0, samplesPerSecond: 0, gradMeanAbs: [], learningRate: 0.1 })

function keeper(patience?: number) {
  const network = Network.create(spec, new Rng(1), tsKernels)
  const data = { rows: 1, inputs: 2, outputs: 1, x: new Float32Array(2), y: new Float32Array(1) }
  const job: TrainingJob = {
    runId: 'run-1',
    network: spec,
    settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 'full', epochs: 10, seed: 1, ...(patience ? { stopping: { patience } } : {}) },
    task: 'binary',
    train: data,
    validation: null,
    test: null,
    labels: null,
    kernels: 'ts',
    frameIntervalMs: 50,
  }
  return { network, keeper: new RunModelKeeper(network, job) }
}

describe('the model of a running run', () => {
  it('is the best epoch so far when early stopping tracks it', () => {
    const { network, keeper: k } = keeper(3)
    k.observe(stats(1, 0.5))
    const bestFirstWeight = network.toJSON().layers[0]!.weights.data[0]
    k.observe(stats(2, 0.3))
    const best = network.toJSON().layers[0]!.weights.data[0]
    // the weights move on, but epoch 3's loss is worse than epoch 2's
    network.dense[0]!.W[0] = 42
    k.observe(stats(3, 0.4))
    const snap = k.snapshot(3)
    expect([snap.best, snap.epoch]).toEqual([true, 2])
    const model = JSON.parse(snap.modelJson!) as { network: { layers: { weights: { data: number[] } }[] }; metrics: { bestEpoch: number } }
    expect(model.network.layers[0]!.weights.data[0]).toBe(best)
    expect(model.metrics.bestEpoch).toBe(2)
    expect(bestFirstWeight).toBe(best)
  })

  it('is the current weights without early stopping', () => {
    const { network, keeper: k } = keeper()
    k.observe(stats(1, 0.5))
    network.dense[0]!.W[0] = 0.25
    const snap = k.snapshot(1)
    expect(snap.best).toBe(false)
    expect((JSON.parse(snap.modelJson!) as { network: { layers: { weights: { data: number[] } }[] } }).network.layers[0]!.weights.data[0]).toBe(0.25)
  })
})

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

describe('model:snapshot through a real worker thread', () => {
  it('keeps the running model under the run id; the final model replaces it', async () => {
    let finished: (r: RunResult) => void = () => undefined
    const ended = new Promise<RunResult>((resolve) => (finished = resolve))
    let frames = 0
    const sink: EventSink = {
      emit(channel, ...args) {
        if (channel === 'training:progress') frames++
        if (channel === 'training:finished') finished(args[0] as RunResult)
      },
    }
    let models: ModelService | null = null
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20, onModel: (m) => void models!.addRun(m) })
    const jobs = manager
    models = new ModelService({ host: 'web', kernels: async () => tsKernels, table: () => Promise.reject(new Error('none')), snapshot: (id) => jobs.snapshot(id) })
    const request: StartTrainingRequest = { data: { kind: 'builtin', name: 'xor' }, network: spec, settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1_000_000, seed: 1 } }
    const runId = await manager.start(request)
    while (frames < 2) await new Promise((r) => setTimeout(r, 20))
    const during = await models.addSnapshot(runId)
    expect(during.id).toBe(runId)
    expect(during.name).toMatch(/^run at epoch \d+$/)
    manager.stop(runId)
    await ended
    const [final] = await models.list()
    expect(final!.id).toBe(runId)
    expect(final!.name).not.toMatch(/^run at epoch/)
  })
})
