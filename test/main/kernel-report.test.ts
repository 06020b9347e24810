// Which kernels a run trains on: a wasm load failure must end on the TypeScript kernels, and the run
// must say so (with the load error) instead of falling back silently; the fallback is logged once.
import { afterEach, describe, expect, it, vi } from 'vitest'
import createEngineWorker from '../../src/main/training/engine-worker?nodeWorker'
import { JobManager } from '../../src/main/training/job-manager'
import { kernelReport, loadKernelSet } from '../../src/main/training/kernels'
import { WasmKernelsUnavailableError } from '../../src/main/kernels/load-wasm-kernels'
import { prepareTrainingData } from '../../src/main/services/datasets'
import { recorder } from './run-recorder'
import type { RunResult, StartTrainingRequest } from '../../src/shared/dto'

const xor: StartTrainingRequest = {
  data: { kind: 'builtin', name: 'xor' },
  network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' },
  settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 50, seed: 1, shuffle: false },
}

/** A training worker whose wasm module cannot be found: `LAYERWISE_WASM` names a file that does not exist. */
const brokenWasmWorker = () => createEngineWorker({ env: { ...process.env, LAYERWISE_WASM: '/nonexistent/gemm.wasm' } })

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

describe('loadKernelSet', () => {
  it('falls back to the TypeScript kernels when the wasm loader fails, and keeps the load error', async () => {
    const failing = () => Promise.reject(new WasmKernelsUnavailableError('WebAssembly SIMD kernels unavailable: no SIMD here'))
    const { kernels, report } = await loadKernelSet('wasm', failing)
    expect(kernels.name).toBe('ts')
    expect(report).toEqual({
      set: 'ts',
      requested: 'wasm',
      singleThread: 'the TypeScript kernels run on one thread',
      fallback: 'WebAssembly SIMD kernels unavailable: no SIMD here',
    })
  })

  it('reports the TypeScript kernels without a fallback when they were asked for', async () => {
    const { report } = await loadKernelSet('ts')
    expect(report.fallback).toBeUndefined()
    expect(report.requested).toBe('ts')
  })

  it('loads the relaxed-SIMD build with data-parallel support when the module is there', async () => {
    const { kernels, report } = await loadKernelSet('wasm')
    expect(report).toEqual({ set: 'wasm-relaxed-simd', requested: 'wasm' })
    expect(kernels.name).toBe('wasm-relaxed-simd')
  })
})

describe('kernelReport', () => {
  it('says data-parallel when the trainer splits batches over two threads', () => {
    expect(kernelReport({ set: 'wasm-simd', requested: 'wasm' }, 2)).toEqual({ set: 'wasm-simd', requested: 'wasm', dataParallel: true })
  })

  it('says why a wasm run with data-parallel support stays on one thread', () => {
    expect(kernelReport({ set: 'wasm-simd', requested: 'wasm' }, 1)).toEqual({
      set: 'wasm-simd',
      requested: 'wasm',
      dataParallel: false,
      singleThread: 'the batches are too small for a second thread to pay off',
    })
  })
})

describe('JobManager with a wasm module that fails to load', () => {
  it('trains on the TypeScript kernels and reports them with the load error in the result', async () => {
    const { ended, sink } = recorder()
    manager = new JobManager(sink, brokenWasmWorker, prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20, log: () => undefined })
    await manager.start(xor)
    const result = (await ended) as RunResult
    expect(result.stop).toEqual({ kind: 'epochs' })
    expect(result.kernels).toEqual({
      set: 'ts',
      requested: 'wasm',
      dataParallel: false,
      singleThread: 'the TypeScript kernels run on one thread',
      fallback: 'WebAssembly SIMD kernels unavailable: LAYERWISE_WASM=/nonexistent/gemm.wasm does not exist',
    })
  })

  it('sends the report with the first progress frame only', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, brokenWasmWorker, prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20, log: () => undefined })
    await manager.start(xor)
    await ended
    expect(frames[0]!.kernels?.set).toBe('ts')
    expect(frames.slice(1).every((f) => f.kernels === undefined)).toBe(true)
  })

  it('logs the fallback once with its reason, however many runs fall back', async () => {
    const log = vi.fn()
    let finished = 0
    manager = new JobManager({ emit: (...args: unknown[]) => void (args[0] === 'training:finished' && finished++) }, brokenWasmWorker, prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20, log })
    await manager.start(xor)
    await manager.start(xor)
    while (finished < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(log).toHaveBeenCalledTimes(1)
    expect(log.mock.calls[0]![0]).toContain('LAYERWISE_WASM=/nonexistent/gemm.wasm does not exist')
  })

  it('does not log when the TypeScript kernels were asked for', async () => {
    const log = vi.fn()
    const { ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20, log })
    await manager.start(xor)
    expect(((await ended) as RunResult).kernels?.fallback).toBeUndefined()
    expect(log).not.toHaveBeenCalled()
  })
})

describe('JobManager with the wasm kernels', () => {
  it('reports a small network on wasm as one thread, because its batches are too small to split', async () => {
    const { ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20 })
    await manager.start(xor)
    expect(((await ended) as RunResult).kernels).toEqual({
      set: 'wasm-relaxed-simd',
      requested: 'wasm',
      dataParallel: false,
      singleThread: 'the batches are too small for a second thread to pay off',
    })
  })

  it('reports MNIST 784-128-10 at batch 128 as data-parallel on two threads', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'wasm', frameIntervalMs: 20 })
    const mnist: StartTrainingRequest = {
      data: { kind: 'builtin', name: 'mnist' },
      network: { inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' },
      settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 128, epochs: 1000, seed: 1 },
    }
    const runId = await manager.start(mnist)
    while (frames.length < 1) await new Promise((resolve) => setTimeout(resolve, 10))
    manager.stop(runId)
    const result = (await ended) as RunResult
    expect(frames[0]!.kernels).toEqual({ set: 'wasm-relaxed-simd', requested: 'wasm', dataParallel: true })
    // the result says how many batch halves the second thread really ran (a busy machine keeps some on one thread)
    const second = result.kernels!.secondThread!
    expect(second.halves).toBeGreaterThan(0)
    expect(second.byHelper).toBeLessThanOrEqual(second.halves)
  }, 60_000)
})
