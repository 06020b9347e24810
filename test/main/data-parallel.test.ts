// Data-parallel training (src/engine/parallel/replica.ts): a helper thread runs half of every batch on a
// replica of the network in the same shared wasm memory. Same numbers as one thread up to the order
// of float sums, the same numbers whoever ran the half, and a failing helper is an error, never a hang.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Network, Rng, Trainer } from '../../src/engine'
import type { WasmKernels } from '../../src/engine/kernels/wasm-kernels'
import { markHelperFailed } from '../../src/engine/parallel/control-block'
import { HandOverPolicy, probeBatches } from '../../src/engine/parallel/hand-over-policy'
import { dataParallelOf, withDataParallel, type StartReplica } from '../../src/engine/parallel/replica'
import type { Dataset, NetworkSpec, TrainSettings } from '../../src/engine/types'
import { loadWasmKernels } from '../../src/main/kernels/load-wasm-kernels'

const spec: NetworkSpec = { inputs: 20, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'cce' }
const settings: TrainSettings = { optimizer: 'sgd', learningRate: 0.1, batchSize: 32, epochs: 3, seed: 7 }
const longRun: TrainSettings = { ...settings, epochs: 1000 }

/** 100 rows of 20 inputs, class = argmax of the first three inputs (batches 32, 32, 32, 4). */
function data(): Dataset {
  const rng = new Rng(3)
  const rows = 100
  const x = Float32Array.from({ length: rows * 20 }, () => rng.next())
  const y = new Float32Array(rows * 3)
  for (let r = 0; r < rows; r++) {
    const o = r * 20
    const c = x[o] >= x[o + 1] && x[o] >= x[o + 2] ? 0 : x[o + 1] >= x[o + 2] ? 1 : 2
    y[r * 3 + c] = 1
  }
  return { rows, inputs: 20, outputs: 3, x, y }
}

/** Trains `spec` on `kernels` and returns the weights of every layer and the per-epoch losses. */
async function train(kernels: WasmKernels, threads: 1 | 2, extra: Partial<TrainSettings> = {}, waitForHelper = false) {
  const net = Network.create(spec, new Rng(1), kernels)
  // not adaptive: on a net this small the fallback would soon run every half here, and these tests are about the helper
  const trainer = new Trainer(net, { train: data() }, { ...settings, ...extra }, { now: () => performance.now(), threads, parallel: { adaptive: false } })
  const used = trainer.threads
  while (waitForHelper && !trainer.helperReady) await new Promise((resolve) => setTimeout(resolve, 10))
  const losses: number[] = []
  while (!trainer.done) {
    const step = trainer.step()
    if (step.epochEnd) losses.push(step.epochEnd.trainLoss)
  }
  return { weights: net.dense.flatMap((d) => [Array.from(d.W), Array.from(d.b ?? [])]), losses, threads: used, parts: trainer.parallelParts, stop: trainer.stopReason }
}

/** The largest |a − b| over matching arrays. */
function maxDiff(a: number[][], b: number[][]): number {
  let m = 0
  a.forEach((v, i) => v.forEach((x, j) => (m = Math.max(m, Math.abs(x - b[i][j])))))
  return m
}

/** Kernels whose "helper thread" is `start` (no real thread unless `start` makes one). */
async function kernelsWith(start: StartReplica): Promise<WasmKernels> {
  const kernels = await loadWasmKernels({ dataParallel: true })
  return withDataParallel(kernels, { exports: dataParallelOf(kernels)!.support.exports, start })
}

describe('data-parallel training on two threads', () => {
  it('splits the batches of MNIST 784-128-10 (13 M multiply-adds per batch of 128) but not of a 2-8-8-1 net (880)', async () => {
    const kernels = await loadWasmKernels({ dataParallel: true })
    const mnist = Network.create({ inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' }, new Rng(1), kernels)
    const big = new Trainer(mnist, { train: { rows: 256, inputs: 784, outputs: 10, x: new Float32Array(256 * 784), y: new Float32Array(2560) } }, { ...settings, batchSize: 128 })
    const tiny = Network.create({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'tanh' }], loss: 'mse' }, new Rng(1), kernels)
    const small = new Trainer(tiny, { train: { rows: 20, inputs: 2, outputs: 1, x: new Float32Array(40), y: new Float32Array(20) } }, { ...settings, batchSize: 10 })
    expect([big.threads, small.threads]).toEqual([2, 1])
    big.dispose()
    expect(big.threads).toBe(1)
  })

  it('trains to the weights and losses of one thread within float rounding', async () => {
    const kernels = await loadWasmKernels({ dataParallel: true })
    const one = await train(kernels, 1)
    const two = await train(kernels, 2)
    expect([one.threads, two.threads]).toEqual([1, 2])
    expect(maxDiff(one.weights, two.weights)).toBeLessThan(1e-5)
    two.losses.forEach((l, i) => expect(Math.abs(l - one.losses[i]) / one.losses[i]).toBeLessThan(1e-5))
    // the run really moved the weights (a test of a no-op would pass the comparison above)
    expect(one.losses[2]).toBeLessThan(one.losses[0])
  })

  it('gives bit-identical numbers whether the helper thread or the training thread ran the halves', async () => {
    const withHelper = await train(await loadWasmKernels({ dataParallel: true }), 2, { epochs: 40 }, true)
    const noHelper = await train(await kernelsWith(() => ({ stop: () => undefined })), 2, { epochs: 40 })
    expect(withHelper.parts!.byHelper).toBeGreaterThan(0)
    expect(noHelper.parts).toEqual({ parts: 160, posted: 0, byHelper: 0 })
    expect(withHelper.weights).toEqual(noHelper.weights)
    expect(withHelper.losses).toEqual(noHelper.losses)
  }, 30_000)

  it('is deterministic: two 2-thread runs give the same weights', async () => {
    const a = await train(await loadWasmKernels({ dataParallel: true }), 2, {}, true)
    const b = await train(await loadWasmKernels({ dataParallel: true }), 2, {}, true)
    expect(a.weights).toEqual(b.weights)
  }, 30_000)

  it('stops a diverging run like one thread does: same stop, same restored weights, all finite', async () => {
    const kernels = await loadWasmKernels({ dataParallel: true })
    const one = await train(kernels, 1, { learningRate: 1e30, epochs: 50 })
    const two = await train(kernels, 2, { learningRate: 1e30, epochs: 50 })
    expect(two.stop?.kind).toBe('diverged')
    expect(two.stop).toEqual(one.stop)
    expect(two.weights.flat().every(Number.isFinite)).toBe(true)
    expect(maxDiff(one.weights, two.weights)).toBeLessThan(1e-3 * Math.max(...one.weights.flat().map(Math.abs)))
  })

  it('stays on one thread when no helper thread can be created', async () => {
    const kernels = await kernelsWith(() => {
      throw new Error('no threads here')
    })
    const trainer = new Trainer(Network.create(spec, new Rng(1), kernels), { train: data() }, settings, { now: () => 0, threads: 2 })
    expect(trainer.threads).toBe(1)
    while (!trainer.done) trainer.step()
    expect(trainer.stopReason).toEqual({ kind: 'epochs' })
  })

  it('turns a helper that failed after it was ready into an error of step(), with its message', async () => {
    const kernels = await kernelsWith((setup) => {
      new Int32Array(buffer(kernels), setup.control, 8)[5] = 1 // READY
      markHelperFailed(buffer(kernels), setup.control, 'replica out of memory')
      return { stop: () => undefined }
    })
    const trainer = new Trainer(Network.create(spec, new Rng(1), kernels), { train: data() }, settings, { now: () => 0, threads: 2 })
    expect(() => trainer.step()).toThrow('the training helper thread failed: replica out of memory')
  })

  it('finishes the run on the training thread when the helper dies while starting', async () => {
    const kernels = await kernelsWith((setup) => {
      markHelperFailed(buffer(kernels), setup.control, 'it died (Cannot find module)')
      return { stop: () => undefined }
    })
    const trainer = new Trainer(Network.create(spec, new Rng(1), kernels), { train: data() }, settings, { now: () => 0, threads: 2 })
    while (!trainer.done) trainer.step()
    expect(trainer.stopReason).toEqual({ kind: 'epochs' })
    expect(trainer.parallelParts).toEqual({ parts: 12, posted: 0, byHelper: 0 })
  })

  it('turns a helper that took a half and never finished into an error after the timeout, not a hang', async () => {
    let worker: Worker | null = null
    const kernels = await kernelsWith((setup) => {
      // says it is ready, claims every job it sees (CLAIM g → −g) and never reports one done, like a thread that died mid-batch
      worker = new Worker(
        `const { workerData: { buffer, control } } = require('node:worker_threads')
         const c = new Int32Array(buffer, control, 8)
         Atomics.store(c, 5, 1)
         for (let g = 0; g >= 0; g = Atomics.load(c, 0)) if (g > 0) Atomics.compareExchange(c, 3, g, -g)`,
        { eval: true, workerData: { buffer: buffer(kernels), control: setup.control } },
      )
      return { stop: () => void worker?.terminate() }
    })
    const trainer = new Trainer(Network.create(spec, new Rng(1), kernels), { train: data() }, longRun, { now: () => 0, threads: 2, parallel: { timeoutMs: 300, spinMs: 0, adaptive: false } })
    await new Promise((resolve) => setTimeout(resolve, 300)) // let the stand-in thread start
    const t0 = performance.now()
    // the training thread may still take the first halves itself; the first half the stand-in takes ends the run
    expect(() => {
      for (let i = 0; i < 10_000 && !trainer.done; i++) trainer.step()
    }).toThrow(/helper thread stopped answering \(no result after 0 s\)/)
    expect(performance.now() - t0).toBeLessThan(5000)
    await (worker as Worker | null)?.terminate()
  })
})

/** The shared memory of a kernel set. */
function buffer(kernels: WasmKernels): ArrayBufferLike {
  return kernels.alloc(1).buffer
}

describe('the hand-over policy (two threads or one, measured as it goes)', () => {
  /** Runs n batches whose cycle takes `parallel` ms on two threads and `solo` ms on one; returns what was offered. */
  function drive(p: HandOverPolicy, n: number, parallel: number, solo: number): boolean[] {
    return Array.from({ length: n }, () => {
      const offered = p.offer()
      p.record(offered ? parallel : solo)
      return offered
    })
  }
  const runs = (offers: boolean[]) => {
    const out: string[] = []
    for (const o of offers) {
      const key = o ? 'two' : 'one'
      if (out.length > 0 && out[out.length - 1].startsWith(key + ' ')) out[out.length - 1] = `${key} ${Number(out[out.length - 1].split(' ')[1]) + 1}`
      else out.push(`${key} 1`)
    }
    return out
  }

  it('keeps two threads while they are faster, probing one thread for 8 batches after windows of 16, 32, 64', () => {
    const p = new HandOverPolicy()
    expect(runs(drive(p, 16 + 8 + 32 + 8 + 64 + 8 + 1, 1, 2))).toEqual(['two 16', 'one 8', 'two 32', 'one 8', 'two 64', 'one 8', 'two 1'])
    expect(p.prefersParallel).toBe(true)
  })

  it('switches to one thread when the probe is faster, and back when two threads win again', () => {
    const p = new HandOverPolicy()
    // a busy machine: two threads take 3 ms a batch, one thread 2 ms
    // (runs of the same mode merge: the 8-batch probe of one thread wins and its 16-batch window follows)
    expect(runs(drive(p, 16 + 8 + 16 + 8, 3, 2))).toEqual(['two 16', 'one 24', 'two 8'])
    expect(p.prefersParallel).toBe(false)
    // the machine is quiet again: two threads 1 ms; the probe after the next window switches back
    expect(runs(drive(p, 32 + 8 + 1, 1, 2))).toEqual(['one 32', 'two 9'])
    expect(p.prefersParallel).toBe(true)
  })

  it('probes as many batches as probeBatches() counts, on a steady machine: 8 of 24, 40 of 536, 48 of 1,056', () => {
    expect([probeBatches(16), probeBatches(24), probeBatches(536), probeBatches(1_056)]).toEqual([0, 8, 40, 48])
    for (const n of [1, 17, 25, 100, 537, 1_000, 3_333]) {
      const probes = drive(new HandOverPolicy(), n, 1, 2).filter((offered) => !offered).length
      expect([n, probeBatches(n)]).toEqual([n, probes])
    }
  })

  it('ignores a few slow batches (an epoch end, a pause): medians, not means', () => {
    const p = new HandOverPolicy()
    const offers = Array.from({ length: 24 }, (_, i) => {
      const offered = p.offer()
      p.record(offered ? (i % 8 === 0 ? 500 : 1) : 2)
      return offered
    })
    expect(runs(offers)).toEqual(['two 16', 'one 8'])
    expect(p.prefersParallel).toBe(true)
  })
})
