// Stop and pause of a training run in the worker thread whose trainer splits batches over a second
// thread (MNIST 784-128-10, batch 128: large enough for data-parallel, see test/main/data-parallel.test.ts).
import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../src/main/training/engine-worker?nodeWorker'
import { JobManager } from '../../src/main/training/job-manager'
import { prepareTrainingData } from '../../src/main/services/datasets'
import { recorder } from './run-recorder'
import type { RunResult, StartTrainingRequest } from '../../src/shared/dto'


const mnist: StartTrainingRequest = {
  data: { kind: 'builtin', name: 'mnist' },
  network: { inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' },
  settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 128, epochs: 1000, seed: 1 },
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

describe('a data-parallel run in the training worker', () => {
  it('pauses, resumes and stops within a second', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20 })
    const runId = await manager.start(mnist)
    while (frames.length < 3) await sleep(10)
    manager.pause(runId)
    while (frames.at(-1)!.state !== 'paused') await sleep(10)
    const pausedAt = frames.at(-1)!
    await sleep(200)
    expect(frames.at(-1)).toBe(pausedAt)
    manager.resume(runId)
    while ((frames.at(-1)!.step ?? 0) <= (pausedAt.step ?? 0)) await sleep(10)
    const asked = performance.now()
    manager.stop(runId)
    const result = (await ended) as RunResult
    expect(performance.now() - asked).toBeLessThan(1000)
    expect(result.stop).toEqual({ kind: 'stopped' })
    expect(result.test?.accuracy).toBeGreaterThan(0.5)
  }, 60_000)
})
