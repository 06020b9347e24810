import { describe, expect, it } from 'vitest'
import { evaluate, float64Kernels, Network, Rng, Trainer, tsKernels, type Kernels, type NetworkSpec, type TrainSettings, type TrainerStep } from '../../src/engine'
import { blobs, line } from './trainer-helpers'

const CLASSIFIER: NetworkSpec = { inputs: 2, loss: 'cce', layers: [{ units: 6, activation: 'tanh' }, { units: 2, activation: 'softmax' }] }
const LINEAR: NetworkSpec = { inputs: 2, loss: 'mse', layers: [{ units: 1, activation: 'identity' }] }
const base: TrainSettings = { optimizer: 'sgd', learningRate: 0.1, batchSize: 8, epochs: 5, seed: 1 }

function runAll(t: Trainer): TrainerStep[] {
  const steps: TrainerStep[] = []
  while (!t.done) steps.push(t.step())
  return steps
}

describe('batching', () => {
  it('splits rows into batches, the last one partial; full batch; online', () => {
    const data = { train: blobs(10, 1) }
    const net = (): Network => Network.create(CLASSIFIER, new Rng(1))
    expect(new Trainer(net(), data, { ...base, batchSize: 3 }).batchesPerEpoch).toBe(4)
    expect(new Trainer(net(), data, { ...base, batchSize: 'full' }).batchesPerEpoch).toBe(1)
    expect(new Trainer(net(), data, { ...base, batchSize: 1 }).batchesPerEpoch).toBe(10)
    expect(new Trainer(net(), data, { ...base, batchSize: 50 }).batchSize).toBe(10)
    const t = new Trainer(net(), data, { ...base, batchSize: 3, epochs: 2 })
    expect([t.epoch, t.epochsDone]).toEqual([1, 0])
    t.step()
    expect([t.epoch, t.epochsDone]).toEqual([1, 0])
    for (let i = 0; i < 3; i++) t.step()
    expect([t.epoch, t.epochsDone]).toEqual([1, 1])
    t.step()
    expect([t.epoch, t.epochsDone]).toEqual([2, 1])
    const steps = runAll(t)
    expect(steps.map((s) => `${s.batch.epoch}.${s.batch.batch}`)).toEqual(['2.1', '2.2', '2.3'])
    expect(steps.map((s) => s.epochEnd?.epoch ?? null)).toEqual([null, null, 2])
    expect(steps[2].stop).toEqual({ kind: 'epochs' })
    const again = new Trainer(net(), data, { ...base, batchSize: 3, epochs: 2 })
    const all = runAll(again)
    expect(all.map((s) => `${s.batch.epoch}.${s.batch.batch}`)).toEqual(['1.0', '1.1', '1.2', '1.3', '2.0', '2.1', '2.2', '2.3'])
    expect(all.map((s) => s.epochEnd?.epoch ?? null)).toEqual([null, null, null, 1, null, null, null, 2])
    expect(t.epoch).toBe(2)
    expect(t.epochsDone).toBe(2)
    expect(t.totalEpochs).toBe(2)
  })

  it('mini-batch SGD on a linear model equals the update worked out by hand (no shuffle, float64)', () => {
    const data = line(7, 3)
    const net = Network.create(LINEAR, new Rng(2), float64Kernels)
    const w = Array.from(net.weights(0))
    let b = net.biases(0)![0]
    const t = new Trainer(net, { train: data }, { ...base, batchSize: 3, epochs: 2, shuffle: false, learningRate: 0.05 })
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < 7; start += 3) {
        const rows = Math.min(3, 7 - start)
        const g = [0, 0]
        let gb = 0
        let loss = 0
        for (let r = start; r < start + rows; r++) {
          const e = w[0] * data.x[r * 2] + w[1] * data.x[r * 2 + 1] + b - data.y[r]
          loss += (e * e) / rows
          // ∂/∂w of 1/N Σ e² = 2e·x/N
          g[0] += (2 * e * data.x[r * 2]) / rows
          g[1] += (2 * e * data.x[r * 2 + 1]) / rows
          gb += (2 * e) / rows
        }
        const step = t.step()
        expect(step.batch.loss).toBeCloseTo(loss, 12)
        w[0] -= 0.05 * g[0]
        w[1] -= 0.05 * g[1]
        b -= 0.05 * gb
        expect(net.weights(0)[0]).toBeCloseTo(w[0], 12)
        expect(net.weights(0)[1]).toBeCloseTo(w[1], 12)
        expect(net.biases(0)![0]).toBeCloseTo(b, 12)
      }
    }
    expect(t.done).toBe(true)
  })
})

describe('determinism', () => {
  const train = (seed: number): { losses: number[]; weights: number[] } => {
    const net = Network.create(CLASSIFIER, new Rng(seed))
    const t = new Trainer(net, { train: blobs(50, 2), val: blobs(20, 3) }, { ...base, optimizer: 'adam', learningRate: 0.01, seed })
    const steps = runAll(t)
    return { losses: steps.map((s) => s.batch.loss), weights: Array.from(net.weights(0)) }
  }

  it('the same seed, data and settings give bit-identical numbers', () => {
    expect(train(4)).toEqual(train(4))
  })

  it('a host can replay a given batch order (benchmarks against other engines)', () => {
    const data = line(6, 1)
    const seen: number[][] = []
    const net = Network.create(LINEAR, new Rng(1), float64Kernels)
    const host = {
      now: () => 0,
      batchOrder: (epoch: number, order: Int32Array) => {
        order.set(epoch === 1 ? [5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5])
        seen.push([epoch])
      },
    }
    const t = new Trainer(net, { train: data }, { ...base, batchSize: 6, epochs: 2 }, host)
    const first = t.step()
    expect(seen).toEqual([[1]])
    const reference = Network.create(LINEAR, new Rng(1), float64Kernels)
    const r = new Trainer(reference, { train: data }, { ...base, batchSize: 6, epochs: 1, shuffle: false })
    expect(first.batch.loss).toBeCloseTo(r.step().batch.loss, 12)
    t.step()
    expect(seen).toEqual([[1], [2]])
  })

  it('another seed gives other numbers', () => {
    expect(train(5).losses).not.toEqual(train(4).losses)
  })
})

describe('zero allocation per batch', () => {
  it('allocates every buffer in the constructor, none in step()', () => {
    let allocs = 0
    const counting: Kernels = { name: 'counting', alloc: (n) => (allocs++, tsKernels.alloc(n)), gemm: tsKernels.gemm }
    const net = Network.create(CLASSIFIER, new Rng(1), counting)
    const t = new Trainer(net, { train: blobs(30, 1), val: blobs(11, 2) }, { ...base, optimizer: 'adam', batchSize: 7, l2: 0.01, stopping: { patience: 3 } })
    const before = allocs
    expect(before).toBeGreaterThan(0)
    runAll(t)
    expect(allocs).toBe(before)
  })

  it('evaluate and predict reuse the network’s buffers after their first call', () => {
    let allocs = 0
    const counting: Kernels = { name: 'counting', alloc: (n) => (allocs++, tsKernels.alloc(n)), gemm: tsKernels.gemm }
    const net = Network.create(CLASSIFIER, new Rng(1), counting)
    const data = blobs(300, 1)
    evaluate(net, data, 'cce', 'multiclass')
    net.predict(data.x, 300)
    const before = allocs
    for (let i = 0; i < 3; i++) {
      evaluate(net, data, 'cce', 'multiclass')
      net.predict(data.x, 300)
    }
    expect(allocs).toBe(before)
  })
})

describe('optional kernel fast paths', () => {
  it('biasAdd, columnSum and sgdUpdate are used when offered, with the same numbers', () => {
    const calls = { biasAdd: 0, columnSum: 0, sgdUpdate: 0 }
    const hooked: Kernels = {
      ...tsKernels,
      name: 'hooked',
      biasAdd: (z, b, rows, cols) => {
        calls.biasAdd++
        for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) z[r * cols + j] += b[j]
      },
      columnSum: (x, out, rows, cols, accumulate) => {
        calls.columnSum++
        if (!accumulate) out.fill(0)
        for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += x[r * cols + j]
      },
      sgdUpdate: (w, g, lr) => {
        calls.sgdUpdate++
        for (let i = 0; i < w.length; i++) w[i] -= lr * g[i]
      },
    }
    const run = (kernels: Kernels): number[] => {
      const net = Network.create(CLASSIFIER, new Rng(1), kernels)
      runAll(new Trainer(net, { train: blobs(20, 1) }, { ...base, epochs: 2 }))
      return Array.from(net.weights(0)).concat(Array.from(net.biases(1)!))
    }
    expect(run(hooked)).toEqual(run(tsKernels))
    expect(calls.biasAdd).toBeGreaterThan(0)
    expect(calls.columnSum).toBeGreaterThan(0)
    expect(calls.sgdUpdate).toBe(2 * 3 * 4)
  })
})

describe('divergence (SPEC §3.4)', () => {
  it('stops with a message naming the learning rate and keeps the weights of the last good batch', () => {
    const net = Network.create(LINEAR, new Rng(1))
    const t = new Trainer(net, { train: line(40, 1, 100) }, { ...base, learningRate: 5, batchSize: 4, epochs: 50 })
    const snapshots: Float32Array[] = []
    let last: TrainerStep | null = null
    while (!t.done) {
      snapshots.push(net.weights(0).slice())
      last = t.step()
    }
    expect(last?.stop?.kind).toBe('diverged')
    const message = last?.stop?.kind === 'diverged' ? last.stop.message : ''
    expect(message).toMatch(/^Loss became (NaN|Infinity) at epoch \d+ batch \d+: the learning rate 5 is probably too high; the weights of the last good batch were kept\.$/)
    // the failing batch ran on snapshots[n−1]; the last batch with a finite loss ran on snapshots[n−2]
    expect(Array.from(net.weights(0))).toEqual(Array.from(snapshots[snapshots.length - 2]))
    expect(net.weights(0).every(Number.isFinite)).toBe(true)
    expect(() => t.step()).toThrow(/the run is over \(diverged\)/)
  })

  it('blames the data when the very first batch is not finite', () => {
    const data = line(8, 1)
    data.x[3] = NaN
    const t = new Trainer(Network.create(LINEAR, new Rng(1)), { train: data }, { ...base, batchSize: 'full', shuffle: false })
    const s = t.step()
    expect(s.stop?.kind === 'diverged' && s.stop.message).toMatch(/epoch 1 batch 1: before any update: check the data/)
  })
})

describe('stopping criteria', () => {
  it('early stopping on validation loss restores the best epoch', () => {
    const net = Network.create(CLASSIFIER, new Rng(3))
    // validation labels are flipped: the better the fit, the worse the validation loss
    const data = { train: blobs(40, 1), val: blobs(40, 1, 2, true) }
    const t = new Trainer(net, data, { ...base, learningRate: 0.3, epochs: 100, stopping: { patience: 3 } })
    const byEpoch = new Map<number, Float32Array>()
    let last: TrainerStep | null = null
    while (!t.done) {
      last = t.step()
      if (last.epochEnd) byEpoch.set(last.epochEnd.epoch, net.weights(0).slice())
    }
    expect(last?.stop?.kind).toBe('earlyStopping')
    const best = last?.stop?.kind === 'earlyStopping' ? last.stop.bestEpoch : -1
    expect(best).toBe(1)
    expect(last?.epochEnd?.epoch).toBe(best + 3)
    expect(Array.from(net.weights(0))).toEqual(Array.from(byEpoch.get(best)!))
  })

  it('without restoreBest keeps the last weights', () => {
    const net = Network.create(CLASSIFIER, new Rng(3))
    const t = new Trainer(net, { train: blobs(40, 1), val: blobs(40, 1, 2, true) }, { ...base, learningRate: 0.3, epochs: 100, stopping: { patience: 3, restoreBest: false } })
    let weights = new Float32Array(0)
    while (!t.done) if (t.step().epochEnd) weights = net.weights(0).slice()
    expect(Array.from(net.weights(0))).toEqual(Array.from(weights))
  })

  it('stops when the change of mean training loss falls below lossDelta', () => {
    const t = new Trainer(Network.create(CLASSIFIER, new Rng(1)), { train: blobs(40, 1) }, { ...base, epochs: 100, stopping: { lossDelta: 1e9 } })
    const steps = runAll(t)
    expect(steps.at(-1)?.stop?.kind).toBe('lossDelta')
    expect(t.epoch).toBe(2)
  })

  it('stops at the target accuracy (validation when present)', () => {
    const t = new Trainer(Network.create(CLASSIFIER, new Rng(1)), { train: blobs(60, 1), val: blobs(30, 9) }, { ...base, epochs: 200, stopping: { targetAccuracy: 0.9 } })
    const last = runAll(t).at(-1)!
    expect(last.stop?.kind).toBe('targetAccuracy')
    expect(last.epochEnd!.valAccuracy).toBeGreaterThanOrEqual(0.9)
  })

  it('stop() ends the run as stopped', () => {
    const t = new Trainer(Network.create(CLASSIFIER, new Rng(1)), { train: blobs(20, 1) }, base)
    t.step()
    t.stop()
    expect(t.done).toBe(true)
    expect(t.stopReason).toEqual({ kind: 'stopped' })
  })
})

describe('training settings', () => {
  /** One full-batch SGD step from the same start; returns the change of every parameter per layer. */
  function delta(settings: Partial<TrainSettings>): { dW: number[][]; db: number[][]; w0: number[][] } {
    const net = Network.create(CLASSIFIER, new Rng(7), float64Kernels)
    const w0 = net.dense.map((d) => Array.from(d.W))
    const b0 = net.dense.map((d) => Array.from(d.b!))
    new Trainer(net, { train: blobs(16, 1) }, { ...base, batchSize: 'full', ...settings }).step()
    return { dW: net.dense.map((d, l) => Array.from(d.W, (v, i) => v - w0[l][i])), db: net.dense.map((d, l) => Array.from(d.b!, (v, i) => v - b0[l][i])), w0 }
  }

  it('L2 adds −η·l2·w to each weight step, not to biases', () => {
    const plain = delta({})
    const l2 = delta({ l2: 0.5 })
    l2.dW.forEach((layer, l) => layer.forEach((d, i) => expect(d - plain.dW[l][i]).toBeCloseTo(-0.1 * 0.5 * plain.w0[l][i], 12)))
    expect(l2.db).toEqual(plain.db)
  })

  it('L1 adds −η·l1·sign(w) to each weight step', () => {
    const plain = delta({})
    const l1 = delta({ l1: 0.2 })
    l1.dW.forEach((layer, l) => layer.forEach((d, i) => expect(d - plain.dW[l][i]).toBeCloseTo(-0.1 * 0.2 * Math.sign(plain.w0[l][i]), 12)))
  })

  it('per-layer scaling divides each layer’s step by √fan_in', () => {
    const plain = delta({})
    const scaled = delta({ perLayerLrScaling: true })
    const fanIn = [2, 6]
    scaled.dW.forEach((layer, l) => layer.forEach((d, i) => expect(d).toBeCloseTo(plain.dW[l][i] / Math.sqrt(fanIn[l]), 12)))
  })

  it('a layer’s lrScale multiplies its step', () => {
    const plain = delta({})
    const net = Network.create({ ...CLASSIFIER, layers: [{ ...CLASSIFIER.layers[0], lrScale: 0.25 }, CLASSIFIER.layers[1]] }, new Rng(7), float64Kernels)
    const w0 = Array.from(net.weights(0))
    const w1 = Array.from(net.weights(1))
    new Trainer(net, { train: blobs(16, 1) }, { ...base, batchSize: 'full' }).step()
    Array.from(net.weights(0)).forEach((v, i) => expect(v - w0[i]).toBeCloseTo(0.25 * plain.dW[0][i], 12))
    Array.from(net.weights(1)).forEach((v, i) => expect(v - w1[i]).toBeCloseTo(plain.dW[1][i], 12))
  })

  it('momentum schedule: γ = 0.5 during the warm-up epochs, then the set momentum', () => {
    const t = new Trainer(Network.create(CLASSIFIER, new Rng(1)), { train: blobs(16, 1) }, { ...base, optimizer: 'momentum', momentum: 0.95, momentumSchedule: true, momentumWarmupEpochs: 2, batchSize: 'full' })
    const gammas: unknown[] = []
    while (!t.done) {
      t.step()
      gammas.push(t.optimizer.getConfig().momentum)
    }
    expect(gammas).toEqual([0.5, 0.5, 0.95, 0.95, 0.95])
  })

  it('reports per-epoch statistics: mean |∂C/∂W| per layer, throughput, validation', () => {
    const net = Network.create(CLASSIFIER, new Rng(2), float64Kernels)
    const data = blobs(16, 1)
    const probe = Network.fromJSON(net.toJSON(), float64Kernels)
    probe.reserve(16)
    const x = Float64Array.from(data.x)
    probe.forward(x, 16)
    probe.backward(x, Float64Array.from(data.y), 16)
    const expected = probe.dense.map((d) => d.dW.reduce((s, v) => s + Math.abs(v), 0) / d.dW.length)
    const t = new Trainer(net, { train: data, val: blobs(8, 2) }, { ...base, batchSize: 'full', shuffle: false, epochs: 1 })
    const e = t.step().epochEnd!
    e.gradMeanAbs.forEach((g, l) => expect(g).toBeCloseTo(expected[l], 12))
    expect(e.samplesPerSecond).toBeGreaterThan(0)
    expect(e.learningRate).toBe(0.1)
    expect(e.valLoss).toBeCloseTo(evaluate(net, blobs(8, 2), 'cce', 'multiclass').loss, 10)
    expect(e.valAccuracy).not.toBeNull()
  })

  it('regression reports no accuracy', () => {
    const t = new Trainer(Network.create(LINEAR, new Rng(1)), { train: line(10, 1) }, { ...base, batchSize: 'full', epochs: 1 })
    const s = t.step()
    expect(s.batch.accuracy).toBeNull()
    expect(s.epochEnd?.trainAccuracy).toBeNull()
    expect(s.epochEnd?.valLoss).toBeNull()
  })

  it('refuses data that does not fit the network, and bad settings', () => {
    const net = Network.create(CLASSIFIER, new Rng(1))
    expect(() => new Trainer(net, { train: line(10, 1) }, base)).toThrow(/training data has 2 inputs and 1 outputs, the network 2 and 2/)
    expect(() => new Trainer(net, { train: blobs(10, 1) }, { ...base, epochs: 0 })).toThrow(/epochs must be a positive integer/)
    expect(() => new Trainer(net, { train: blobs(10, 1) }, { ...base, batchSize: 0 })).toThrow(/batchSize/)
    expect(() => new Trainer(net, { train: blobs(10, 1) }, { ...base, learningRate: NaN })).toThrow(/learning rate/)
  })
})
