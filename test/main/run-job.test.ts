import { describe, expect, it } from 'vitest'
import { Network, tsKernels } from '../../src/engine'
import type { Dataset } from '../../src/engine/types'
import { runJob, thinEpochs, type JobControl } from '../../src/main/training/run-job'
import { boundaryGrid, decisionBoundary } from '../../src/main/training/boundary'
import { cellSamples } from '../../src/main/training/samples'
import type { ProgressFrame, RunResult } from '../../src/shared/dto'
import type { FromWorker, SplitPredictions, TrainingJob } from '../../src/shared/engine-protocol'

/** The four rows of XOR, labelled. */
function xorData(): Dataset {
  return {
    rows: 4, inputs: 2, outputs: 1,
    x: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    y: Float32Array.from([0, 1, 1, 0]),
    labels: Int32Array.from([0, 1, 1, 0]),
  }
}

function job(epochs: number, extra: Partial<TrainingJob> = {}): TrainingJob {
  const data = xorData()
  return {
    runId: 'run-1',
    network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' },
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs, seed: 1, shuffle: false },
    task: 'binary',
    train: data,
    validation: null,
    test: data,
    labels: ['0', '1'],
    kernels: 'ts',
    frameIntervalMs: 20,
    inputs: { offset: [0, 0], scale: [1, 1], names: ['x1', 'x2'] },
    ...extra,
  }
}

/** Runs a job directly (no thread) and records what it posts, with the time of each frame. */
async function run(j: TrainingJob, control: JobControl = { stopped: false, paused: false, wake: null }) {
  const frames: { frame: ProgressFrame; at: number }[] = []
  let done: Extract<FromWorker, { type: 'done' }> | null = null
  await runJob(j, tsKernels, control, (message) => {
    if (message.type === 'progress') frames.push({ frame: message.frame, at: performance.now() })
    if (message.type === 'done') done = message
  })
  return { frames, done: done as unknown as Extract<FromWorker, { type: 'done' }> }
}

describe('runJob: progress frames', () => {
  it('reports every epoch exactly once, in far fewer frames than epochs', async () => {
    const { frames } = await run(job(3000))
    const epochs = frames.flatMap((f) => f.frame.epochs.map((e) => e.epoch))
    expect(epochs).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1))
    expect(frames.length).toBeLessThan(300)
  })

  it('sends at most maxEpochsPerFrame epochs per frame, ending on the last epoch', async () => {
    const { frames } = await run(job(6000, { frameIntervalMs: 60_000, maxEpochsPerFrame: 100 }))
    expect(Math.max(...frames.map((f) => f.frame.epochs.length))).toBeLessThanOrEqual(100)
    expect(frames.flatMap((f) => f.frame.epochs).at(-1)!.epoch).toBe(6000)
  })

  it('thins a list evenly: 10 items to 5 keeps every second one and the last', () => {
    expect(thinEpochs([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([2, 4, 6, 8, 10])
  })

  it('counts batches: the last frame\'s step is epochs × batches per epoch', async () => {
    const { frames } = await run(job(500))
    expect(frames.at(-1)!.frame.step).toBe(500)
  })

  it('sends per-batch accuracies alongside the per-batch losses', async () => {
    const { frames } = await run(job(200))
    for (const { frame } of frames) expect(frame.batchAccuracies?.length).toBe(frame.batchLosses.length)
  })
})

describe('runJob: gradient flow per layer', () => {
  it('shows a 6-layer sigmoid network starving its first layer: mean |∂C/∂W| far below the last layer\'s', async () => {
    const sigmoid = { units: 8, activation: 'sigmoid' as const, init: 'glorotUniform' as const }
    const network = { inputs: 2, layers: [sigmoid, sigmoid, sigmoid, sigmoid, sigmoid, { units: 1, activation: 'sigmoid' as const }], loss: 'mse' as const }
    const { frames } = await run(job(5, { network }))
    const grads = frames.flatMap((f) => f.frame.epochs)[0]!.gradMeanAbs
    expect(grads).toHaveLength(6)
    expect(grads[0]! * 10).toBeLessThan(grads[5]!)
  })

  it('keeps the first layer of the same network with ReLU units within 10× of the last', async () => {
    const relu = { units: 8, activation: 'relu' as const, init: 'heUniform' as const }
    const network = { inputs: 2, layers: [relu, relu, relu, relu, relu, { units: 1, activation: 'sigmoid' as const }], loss: 'mse' as const }
    const { frames } = await run(job(5, { network }))
    const grads = frames.flatMap((f) => f.frame.epochs)[0]!.gradMeanAbs
    expect(grads[0]! * 10).toBeGreaterThan(grads[5]!)
  })
})

describe('runJob: decision boundary', () => {
  it('sends a 64×64 grid of classes with confidences in [0, 1]', async () => {
    const { frames } = await run(job(300))
    const boundary = frames.at(-1)!.frame.boundary!
    expect(boundary.size).toBe(64)
    expect(boundary.predicted).toHaveLength(64 * 64)
    expect(boundary.confidence.every((c) => c >= 0.5 && c <= 1)).toBe(true)
  })

  it('sends the data points once, with the first boundary', async () => {
    const { frames } = await run(job(3000))
    const withPoints = frames.filter((f) => f.frame.points)
    expect(withPoints).toHaveLength(1)
    expect(withPoints[0]!.frame.boundary).toBeDefined()
    expect(withPoints[0]!.frame.points!.train).toEqual([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])
  })

  it('sends boundaries at most every 200 ms, apart from the final one', async () => {
    const { frames } = await run(job(20_000))
    const times = frames.filter((f) => f.frame.boundary).map((f) => f.at)
    expect(times.length).toBeGreaterThan(1)
    for (let i = 1; i < times.length - 1; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(195)
  })

  it('sends no boundary for a network with more than 2 inputs', async () => {
    const wide: Dataset = { rows: 2, inputs: 3, outputs: 1, x: new Float32Array(6), y: Float32Array.from([0, 1]), labels: Int32Array.from([0, 1]) }
    const network = { inputs: 3, layers: [{ units: 1, activation: 'sigmoid' as const }], loss: 'mse' as const }
    const { frames } = await run(job(50, { network, train: wide, test: wide }))
    expect(frames.some((f) => f.frame.boundary)).toBe(false)
  })
})

describe('decisionBoundary on a known network', () => {
  // y = σ(4·x1 − 0·x2): class 1 exactly where x1 > 0.
  const network = Network.fromJSON({
    inputs: 2,
    loss: 'mse',
    layers: [{ type: 'dense', units: 1, activation: 'sigmoid', bias: true, weights: { shape: [1, 2], data: [4, 0] }, biases: { shape: [1], data: [0] } }],
  })
  const data: Dataset = { rows: 2, inputs: 2, outputs: 1, x: Float32Array.from([-1, -1, 1, 1]), y: Float32Array.from([0, 1]) }
  const grid = boundaryGrid([data], 4)

  it('spans the data range widened by 10 % on each side', () => {
    expect(grid.range[0][0]).toBeCloseTo(-1.2, 6)
    expect(grid.range[0][1]).toBeCloseTo(1.2, 6)
  })

  it('predicts class 1 in the right half and class 0 in the left half of every grid row', () => {
    const boundary = decisionBoundary(network, grid, { offset: [0, 0], scale: [1, 1], names: ['a', 'b'] }, 3)
    // Row-major from the lowest y: each row reads 0 0 1 1.
    expect(boundary.predicted).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1])
  })

  it('gives the confidence σ(4·|x1|) of the predicted class', () => {
    const boundary = decisionBoundary(network, grid, { offset: [0, 0], scale: [1, 1], names: ['a', 'b'] }, 3)
    // Cell centres at x1 = −0.9, −0.3, 0.3, 0.9.
    expect(boundary.confidence[0]).toBeCloseTo(1 / (1 + Math.exp(-3.6)), 3)
    expect(boundary.confidence[1]).toBeCloseTo(1 / (1 + Math.exp(-1.2)), 3)
  })

  it('reports the axes in data units: raw = encoded·scale + offset', () => {
    const boundary = decisionBoundary(network, grid, { offset: [10, 0], scale: [2, 1], names: ['a', 'b'] }, 3)
    expect(boundary.x[0]).toBeCloseTo(7.6, 5)
    expect(boundary.x[1]).toBeCloseTo(12.4, 5)
    expect(boundary.names).toEqual(['a', 'b'])
  })
})

describe('runJob: result', () => {
  it('evaluates train and test with the engine metrics and per-row predictions', async () => {
    const { done } = await run(job(2000))
    const result: RunResult = done.result
    expect(result.test!.confusion).toEqual([[2, 0], [0, 2]])
    expect(result.test!.metrics!.overallAccuracy).toBe(1)
    expect(result.test!.metrics!.kappa).toBe(1)
    expect(Array.from(done.predictions!.test!.predicted)).toEqual([0, 1, 1, 0])
    expect(result.task).toBe('binary')
  })

  it('stops at once when the control says so', async () => {
    const control: JobControl = { stopped: true, paused: false, wake: null }
    const { done } = await run(job(1_000_000), control)
    expect(done.result.stop).toEqual({ kind: 'stopped' })
  })

  it('reports MSE, MAE, R² and a scatter for regression', async () => {
    const line: Dataset = { rows: 4, inputs: 1, outputs: 1, x: Float32Array.from([0, 1, 2, 3]), y: Float32Array.from([0, 1, 2, 3]) }
    const network = { inputs: 1, layers: [{ units: 1, activation: 'identity' as const }], loss: 'mse' as const }
    const settings = { optimizer: 'sgd' as const, learningRate: 0.05, batchSize: 'full' as const, epochs: 2000, seed: 1 }
    const { done } = await run(job(0, { network, settings, task: 'regression', train: line, test: line, labels: null, inputs: undefined }))
    expect(done.result.test!.regression!.r2).toBeGreaterThan(0.99)
    expect(done.result.test!.scatter!.actual).toEqual([0, 1, 2, 3])
    expect(done.predictions).toEqual({})
  })
})

describe('cellSamples', () => {
  const table = {
    name: 't', rows: 5,
    columns: [
      { name: 'x', type: 'numeric' as const, values: Float64Array.from([10, 11, 12, 13, 14]) },
      { name: 'label', type: 'categorical' as const, values: ['a', 'b', 'a', 'b', 'a'] },
    ],
  }
  // Split rows 0..3 come from table rows 4, 3, 2, 1.
  const predictions: SplitPredictions = { actual: Int32Array.from([0, 1, 0, 1]), predicted: Int32Array.from([1, 1, 1, 0]) }
  const details = { table, sources: { test: Int32Array.from([4, 3, 2, 1]) }, predictions: { test: predictions } }

  it('lists the table rows of an off-diagonal cell with their values', () => {
    const cell = cellSamples(details, { runId: 'r', split: 'test', actual: 0, predicted: 1 })!
    expect(cell.total).toBe(2)
    expect(cell.samples.map((s) => s.row)).toEqual([4, 2])
    expect(cell.samples[0]!.values).toEqual(['14', 'a'])
  })

  it('caps the list at the limit but still counts every sample', () => {
    const cell = cellSamples(details, { runId: 'r', split: 'test', actual: 0, predicted: 1, limit: 1 })!
    expect(cell.total).toBe(2)
    expect(cell.samples).toHaveLength(1)
  })

  it('answers null for a split the run did not keep', () => {
    expect(cellSamples(details, { runId: 'r', split: 'validation', actual: 0, predicted: 1 })).toBeNull()
  })
})
