import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../src/main/training/engine-worker?nodeWorker'
import { JobManager } from '../../src/main/training/job-manager'
import { prepareTrainingData } from '../../src/main/services/datasets'
import { dispatch, type Handlers } from '../../src/main/api/dispatch'
import type { EventSink } from '../../src/main/services/event-sink'
import type { RunError } from '../../src/shared/dto'
import type { DbnProgressFrame, DbnRunResult, DbnTrainSettings, StartDbnRequest } from '../../src/shared/dbn'
import type { Table } from '../../src/main/data'
import { loadDbnModel } from '../../src/engine/rbm'
import { naiveKernels } from '../../src/engine/kernels/naive'

/** 240 images of 4×4 pixels: a horizontal or a vertical bar (labels "h"/"v"), 16 pixel columns in [0, 1]. */
function bars(): Table {
  const rows = 240
  const pixels = Array.from({ length: 16 }, () => new Float32Array(rows))
  const labels: string[] = []
  for (let r = 0; r < rows; r++) {
    const line = r % 4
    const vertical = Math.floor(r / 4) % 2 === 1
    for (let i = 0; i < 4; i++) pixels[vertical ? i * 4 + line : line * 4 + i]![r] = 1
    labels.push(vertical ? 'v' : 'h')
  }
  return {
    name: 'bars',
    rows,
    columns: [...pixels.map((values, p) => ({ name: `p${p}`, type: 'numeric' as const, values })), { name: 'label', type: 'categorical' as const, values: labels }],
    image: { width: 4, height: 4, channels: 1 },
  }
}

const store = { tables: () => ({ table: bars() }) }

const settings = (over: Partial<DbnTrainSettings> = {}): DbnTrainSettings => ({
  layers: [8, 4],
  visible: 'bernoulli',
  rbmEpochs: 5,
  cdK: 1,
  persistent: false,
  learningRate: 0.1,
  batchSize: 16,
  fineTune: 'autoencoder',
  fineTuneEpochs: 3,
  seed: 1,
  ...over,
})

const request = (over: Partial<DbnTrainSettings> = {}, target?: string): StartDbnRequest => ({
  data: { kind: 'imported', id: 'bars', name: 'bars.csv' },
  settings: settings(over),
  ...(target ? { target } : {}),
})

/** Collects DBN events and lets a test wait for the end of a run. */
function recorder() {
  const frames: DbnProgressFrame[] = []
  let settle: (value: DbnRunResult | RunError) => void = () => undefined
  const ended = new Promise<DbnRunResult | RunError>((resolve) => (settle = resolve))
  const sink: EventSink = {
    emit(channel, ...args) {
      if (channel === 'dbn:progress') frames.push(args[0] as DbnProgressFrame)
      if (channel === 'dbn:finished' || channel === 'training:error') settle(args[0] as DbnRunResult | RunError)
    },
  }
  return { frames, ended, sink }
}

let manager: JobManager | null = null
afterEach(async () => {
  await manager?.dispose()
  manager = null
})

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('DBN runs in a real worker thread', () => {
  it('streams every RBM epoch of every layer, then every fine-tuning epoch, in throttled frames', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(request({ rbmEpochs: 40, fineTuneEpochs: 20 }), store)
    const result = (await ended) as DbnRunResult
    expect(result.stop).toEqual({ kind: 'epochs' })
    const pretrain = frames.flatMap((f) => f.pretrainEpochs.map((e) => `${e.layer}.${e.epoch}`))
    expect(pretrain).toEqual([1, 2].flatMap((l) => Array.from({ length: 40 }, (_, e) => `${l}.${e + 1}`)))
    expect(frames.flatMap((f) => f.fineTuneEpochs.map((e) => e.epoch))).toEqual(Array.from({ length: 20 }, (_, e) => e + 1))
    // 80 RBM epochs + 20 fine-tuning epochs of 12 batches each: far fewer frames than epochs.
    expect(frames.length).toBeLessThan(60)
    expect(result.pretrainEpochs).toHaveLength(80)
  })

  it('carries the monitors of SPEC §4 per epoch: reconstruction error falls, pseudo-likelihood and free energy of both splits are there', async () => {
    const { ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(request({ rbmEpochs: 30, fineTune: 'none', fineTuneEpochs: 0 }), store)
    const layer1 = ((await ended) as DbnRunResult).pretrainEpochs.filter((e) => e.layer === 1)
    expect(layer1.at(-1)!.reconstructionError).toBeLessThan(layer1[0]!.reconstructionError * 0.8)
    for (const e of layer1) {
      expect(Number.isFinite(e.pseudoLogLikelihood)).toBe(true)
      expect(e.pseudoLogLikelihood!).toBeLessThan(0)
      expect(Number.isFinite(e.freeEnergyTrain)).toBe(true)
      expect(Number.isFinite(e.freeEnergyVal)).toBe(true)
    }
  })

  it('sends the filters of the layer being pretrained as 4×4 images in [0, 1], at most twice a second', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(request({ rbmEpochs: 300, fineTune: 'none', fineTuneEpochs: 0 }), store)
    await ended
    const withFilters = frames.filter((f) => f.filters)
    const first = withFilters[0]!.filters!
    expect(first.layer).toBe(1)
    expect([first.width, first.height, first.units, first.filters.length]).toEqual([4, 4, 8, 8])
    expect(first.filters.every((f) => f.length === 16 && f.every((v) => v >= 0 && v <= 1))).toBe(true)
    // Some arrive while layer 1 is still training (not only at its end).
    expect(withFilters.some((f) => f.phase === 'pretrain' && f.layer === 1 && f.epoch < 300)).toBe(true)
    // Both layers' filters arrive (layer 2's projected to pixels); in between, one per 500 ms or a layer's end.
    expect(withFilters.some((f) => f.filters!.layer === 2 && f.filters!.units === 4)).toBe(true)
    const seconds = frames.at(-1)!.elapsedSeconds
    expect(withFilters.length).toBeLessThanOrEqual(Math.floor(seconds * 2) + 3)
  })

  it('ends with the model summary, its metrics per split, and hands the model file to the model store', async () => {
    const { ended, sink } = recorder()
    const models: string[] = []
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20, onModel: (m) => models.push(m.text) })
    await manager.startDbn(request({ rbmEpochs: 20, fineTuneEpochs: 20 }), store)
    const result = (await ended) as DbnRunResult
    expect(result.model.kind).toBe('autoencoder')
    expect(result.model.sizes).toEqual([16, 8, 4])
    // Encoder 16→8→4 and decoder 4→8→16: weights plus biases.
    expect(result.model.parameters).toBe(16 * 8 + 8 + 8 * 4 + 4 + 4 * 8 + 8 + 8 * 16 + 16)
    expect(result.model.metrics.map((m) => [m.split, m.rows])).toEqual([['train', 192], ['validation', 24], ['test', 24]])
    const test = result.model.metrics[2]!
    expect(test.psnr).toBeCloseTo(10 * Math.log10(1 / test.reconstructionMse!), 10)
    const model = loadDbnModel(models[0]!, naiveKernels)
    expect(model.kind).toBe('autoencoder')
    expect(model.metrics).toEqual({ train: expect.any(Object), validation: expect.any(Object), test: { rows: 24, reconstructionMse: test.reconstructionMse, psnr: test.psnr } })
  })

  it('fine-tunes a classifier on the label column and reports its accuracy per split', async () => {
    const { ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(request({ layers: [8], fineTune: 'classifier', fineTuneEpochs: 60, fineTuneLearningRate: 0.01 }, 'label'), store)
    const result = (await ended) as DbnRunResult
    expect(result.labels).toEqual(['h', 'v'])
    expect(result.model.kind).toBe('dbn-classifier')
    expect(result.model.classes).toBe(2)
    expect(result.model.metrics.find((m) => m.split === 'test')!.accuracy).toBe(1)
    expect(result.fineTuneEpochs.at(-1)!.valAccuracy).toBe(1)
  })

  it('stops a long run when asked and still ends with the partly trained model', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const runId = await manager.startDbn(request({ rbmEpochs: 100_000 }), store)
    while (frames.length < 3) await wait(10)
    const asked = performance.now()
    manager.stop(runId)
    const result = (await ended) as DbnRunResult
    expect(performance.now() - asked).toBeLessThan(1000)
    expect(result.stop).toEqual({ kind: 'stopped' })
    expect(result.model.kind).toBe('rbm')
    expect(result.pretrainEpochs.length).toBeLessThan(100_000)
  })

  it('pauses and resumes a run', async () => {
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    const runId = await manager.startDbn(request({ rbmEpochs: 100_000 }), store)
    while (frames.length < 2) await wait(10)
    manager.pause(runId)
    await wait(100)
    const pausedAt = frames.at(-1)!
    expect(pausedAt.state).toBe('paused')
    await wait(150)
    expect(frames.at(-1)).toBe(pausedAt)
    manager.resume(runId)
    while (frames.at(-1)!.epoch <= pausedAt.epoch) await wait(10)
    expect(frames.at(-1)!.state).toBe('running')
    manager.stop(runId)
    expect(((await ended) as DbnRunResult).stop.kind).toBe('stopped')
  })

  it('reports a job that fails inside the worker as an error event with its message', async () => {
    const { ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await manager.startDbn(request({ noise: 'blur:0.2' }), store)
    expect(((await ended) as RunError).message).toBe('Noise "blur:0.2": unknown kind "blur". Use saltpepper:RATE, gaussian:SIGMA[:noclip] or mask:RATE')
  })

  it('refuses a classifier without a label column before starting a worker', async () => {
    let workers = 0
    manager = new JobManager(recorder().sink, () => (workers++, createEngineWorker({})), prepareTrainingData, { kernels: 'ts', frameIntervalMs: 20 })
    await expect(manager.startDbn(request({ fineTune: 'classifier' }), store)).rejects.toThrow('the DBN classifier needs a label column (--target COL).')
    expect(workers).toBe(0)
  })
})

describe('dbn:start validation', () => {
  const handlers = { 'dbn:start': () => 'run-dbn' } as unknown as Handlers
  const valid: StartDbnRequest = { data: { kind: 'builtin', name: 'mnist' }, settings: settings({ noise: 'saltpepper:0.2' }) }

  it('accepts a complete request', async () => {
    expect(await dispatch(handlers, 'dbn:start', [valid])).toEqual({ ok: true, value: 'run-dbn' })
  })

  it('refuses a noise outside the CLI forms and names the field', async () => {
    const reply = await dispatch(handlers, 'dbn:start', [{ ...valid, settings: { ...valid.settings, noise: 'saltpepper:2' } }])
    expect(!reply.ok && reply.error).toMatch(/dbn:start.*noise/s)
  })

  it('refuses an unknown field and a CD-k of 0', async () => {
    expect((await dispatch(handlers, 'dbn:start', [{ ...valid, settings: { ...valid.settings, dropout: 0.5 } }])).ok).toBe(false)
    expect((await dispatch(handlers, 'dbn:start', [{ ...valid, settings: { ...valid.settings, cdK: 0 } }])).ok).toBe(false)
  })
})
