import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../src/main/training/engine-worker?nodeWorker'
import { JobManager } from '../../src/main/training/job-manager'
import { prepareTrainingData } from '../../src/main/services/datasets'
import { recorder } from './run-recorder'
import type { RunError, RunResult, StartTrainingRequest } from '../../src/shared/dto'


const xor = (epochs: number): StartTrainingRequest => ({
  data: { kind: 'builtin', name: 'xor' },
  network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' },
  settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs, seed: 1, shuffle: false },
})

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

describe('JobManager with a real worker thread', () => {
  it('trains XOR in a worker, streams every epoch in throttled frames, and reports the result', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const runId = await manager.start(xor(2000))
    const result = (await ended) as RunResult
    expect(result.runId).toBe(runId)
    expect(result.stop).toEqual({ kind: 'epochs' })
    expect(result.test?.accuracy).toBe(1)
    const epochs = frames.flatMap((f) => f.epochs.map((e) => e.epoch))
    expect(epochs).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1))
    // Throttled: far fewer frames than epochs.
    expect(frames.length).toBeLessThan(200)
    const losses = frames.flatMap((f) => f.epochs.map((e) => e.trainLoss))
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10)
  })

  it('stops a long run when asked', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const runId = await manager.start(xor(10_000_000))
    while (frames.length < 3) await new Promise((resolve) => setTimeout(resolve, 10))
    const asked = performance.now()
    manager.stop(runId)
    const result = (await ended) as RunResult
    expect(performance.now() - asked).toBeLessThan(1000)
    expect(result.stop).toEqual({ kind: 'stopped' })
    expect(result.epochs).toBeLessThan(10_000_000)
  })

  it('pauses and resumes a run', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const runId = await manager.start(xor(10_000_000))
    while (frames.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    manager.pause(runId)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const pausedAt = frames.at(-1)!
    expect(pausedAt.state).toBe('paused')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(frames.at(-1)).toBe(pausedAt)
    manager.resume(runId)
    while (frames.at(-1)!.epoch <= pausedAt.epoch) await new Promise((resolve) => setTimeout(resolve, 10))
    manager.stop(runId)
    expect(((await ended) as RunResult).stop.kind).toBe('stopped')
  })

  it('refuses a network the engine cannot build before starting a worker', async () => {
    let workers = 0
    manager = new JobManager(recorder().sink, () => (workers++, createEngineWorker({})), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const bad = xor(10)
    bad.network.layers[0]!.activation = 'softmax'
    await expect(manager.start(bad)).rejects.toThrow('softmax is only valid on the output layer')
    expect(workers).toBe(0)
  })

  it('reports a job that fails inside the worker as an error event with its message, never silently', async () => {
    const { ended, sink } = recorder()
    // The worker gets data whose width disagrees with the network: the engine refuses it in the thread.
    const mismatched = async (request: StartTrainingRequest) => {
      const data = await prepareTrainingData(request)
      return { ...data, train: { ...data.train, inputs: 3 } }
    }
    manager = new JobManager(sink, () => createEngineWorker({}), mismatched, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.start(xor(10))
    const error = (await ended) as RunError
    expect(error.message.length).toBeGreaterThan(10)
    expect(error.message).toMatch(/input/i)
  })

  it('reports a worker that dies as an error event', async () => {
    const { ended, sink } = recorder()
    const { Worker } = await import('node:worker_threads')
    manager = new JobManager(sink, () => new Worker('process.exit(3)', { eval: true }), prepareTrainingData)
    await manager.start(xor(10))
    expect(((await ended) as RunError).message).toBe('The training worker stopped unexpectedly (exit code 3).')
  })

  it('refuses to control a run that does not exist', () => {
    manager = new JobManager(recorder().sink, () => createEngineWorker({}), prepareTrainingData)
    expect(() => manager!.stop('missing')).toThrow('No running training run with id missing.')
  })
})
