/**
 * Mini-batch training (SPEC §3.4–3.5): one `step()` = one batch, so the caller (worker, CLI, test)
 * decides how often to report and can pause or stop between batches. Every buffer is allocated in
 * the constructor; a step only reads and writes them.
 */
import { classOf, countCorrect, taskFor } from './evaluate'
import type { Param } from './layers/dense'
import type { Network } from './network'
import { createOptimizer, Momentum, Nesterov, type Optimizer } from './optimizers'
import { DataParallel, type DataParallelOptions } from './parallel/data-parallel'
import { dataParallelPays } from './parallel/hand-over-policy'
import { dataParallelOf } from './parallel/replica'
import { Rng } from './random'
import { Stopping } from './stopping'
import type { BatchStats, Dataset, EpochStats, FloatArray, KernelsOf, StopReason, Task, TrainSettings } from './types'

/** Counts of the data-parallel halves of a run (`Trainer.parallelParts`). */
export interface ParallelParts {
  parts: number
  posted: number
  byHelper: number
}

/** What one `Trainer.step()` did. */
export interface TrainerStep {
  batch: BatchStats
  /** Set on the last batch of an epoch, with the validation loss/accuracy of that epoch. */
  epochEnd: EpochStats | null
  /** Set once the run is over; the trainer is then `done`. */
  stop: StopReason | null
}

/** The data of a run: training rows and optional validation rows. */
export interface TrainData {
  train: Dataset
  val?: Dataset | null
}

/** Host services (netron-style host object). */
export interface TrainerHost {
  /** A clock in milliseconds, for timing epochs. */
  now(): number
  /**
   * Optional: writes the row order of `epoch` (from 1) into `order` (a permutation of the training
   * rows), replacing the seeded shuffle; benchmarks use it to replay another engine's batch order.
   */
  batchOrder?(epoch: number, order: Int32Array): void
  /**
   * Optional: two threads or one. By default a network on kernels with data-parallel support
   * (src/main/kernels/load-wasm-kernels.ts) splits every batch over two threads when that pays
   * (`dataParallelPays`: large enough layers × batch); `threads: 1` keeps it on one, `threads: 2`
   * splits whenever the kernels support it (tests).
   */
  threads?: 1 | 2
  /** Optional tuning of the data-parallel hand-over (tests, benchmarks). */
  parallel?: DataParallelOptions
}

const defaultHost: TrainerHost = {
  now: () => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now(),
}

function checkData(net: Network<FloatArray>, d: Dataset, name: string): void {
  if (d.inputs !== net.inputs || d.outputs !== net.outputs) {
    throw new Error(`Trainer: the ${name} data has ${d.inputs} inputs and ${d.outputs} outputs, the network ${net.inputs} and ${net.outputs}`)
  }
  if (d.x.length < d.rows * d.inputs || d.y.length < d.rows * d.outputs) throw new Error(`Trainer: the ${name} data is shorter than its rows`)
}

/** Trains a network on a data set with the given settings, one batch per `step()`. */
export class Trainer<A extends FloatArray = Float32Array> {
  /** Rows per batch (`full` resolved to the number of training rows). */
  readonly batchSize: number
  readonly batchesPerEpoch: number
  readonly totalEpochs: number
  readonly task: Task
  private readonly train: Dataset
  private readonly val: Dataset | null
  private readonly rng: Rng
  private readonly order: Int32Array
  private readonly params: Param<A>[]
  /** The optimizer of this run (its `getConfig()` names the hyper-parameters in force). */
  readonly optimizer: Optimizer
  private readonly stopping: Stopping<A>
  private readonly xb: A
  private readonly tb: A
  /** Weights at the start of the last batch whose loss was finite: what divergence restores. */
  private lastGood: A[]
  /** Data-parallel only: the next `lastGood`, filled while the helper finishes its half (swapped in when the loss is finite). */
  private nextGood: A[] = []
  private readonly gradSum: Float64Array
  private epochIndex = 0
  private batchIndex = 0
  private lossSum = 0
  private correct = 0
  private seen = 0
  private epochStart = 0
  private reason: StopReason | null = null
  /** The second thread's share of each batch, when training data-parallel. */
  private parallel: DataParallel | null = null
  private partsDone: ParallelParts | null = null

  constructor(
    readonly net: Network<A>,
    data: TrainData,
    readonly settings: TrainSettings,
    private readonly host: TrainerHost = defaultHost,
  ) {
    checkData(net as Network<FloatArray>, data.train, 'training')
    if (data.val) checkData(net as Network<FloatArray>, data.val, 'validation')
    if (data.train.rows < 1) throw new Error('Trainer: the training data has no rows')
    if (!Number.isInteger(settings.epochs) || settings.epochs < 1) throw new Error(`Trainer: epochs must be a positive integer, got ${settings.epochs}`)
    if (!(settings.learningRate >= 0) || !Number.isFinite(settings.learningRate)) {
      throw new Error(`Trainer: the learning rate must be a finite number ≥ 0, got ${settings.learningRate}`)
    }
    const bs = settings.batchSize === 'full' ? data.train.rows : settings.batchSize
    if (!Number.isInteger(bs) || bs < 1) throw new Error(`Trainer: batchSize must be a positive integer or 'full', got ${String(bs)}`)
    this.train = data.train
    this.val = data.val ?? null
    this.batchSize = Math.min(bs, data.train.rows)
    this.batchesPerEpoch = Math.ceil(data.train.rows / this.batchSize)
    this.totalEpochs = settings.epochs
    this.task = settings.task ?? taskFor(net.spec.loss)
    this.rng = new Rng(settings.seed)
    this.order = Int32Array.from({ length: data.train.rows }, (_, i) => i)
    net.reserve(this.batchSize)
    const k = net.kernels
    this.xb = k.alloc(this.batchSize * net.inputs)
    this.tb = k.alloc(this.batchSize * net.outputs)
    this.params = net.params(settings.perLayerLrScaling === true)
    this.optimizer = createOptimizer(this.params, (n) => k.alloc(n), settings, k as KernelsOf<FloatArray>)
    this.lastGood = this.params.map((p) => k.alloc(p.value.length))
    this.lastGood.forEach((b, i) => b.set(this.params[i].value))
    this.gradSum = new Float64Array(net.layerCount)
    this.stopping = new Stopping(settings.stopping ?? {}, this.params, k)
    const dp = host.threads === 1 ? null : dataParallelOf(k)
    if (dp && this.batchSize >= 2 && (host.threads === 2 || dataParallelPays(net as unknown as Network, this.batchSize))) {
      const parallel = new DataParallel(net as unknown as Network, dp.kernels, dp.support, this.batchSize >> 1, host.parallel)
      if (parallel.started) {
        this.parallel = parallel
        this.nextGood = this.params.map((p) => k.alloc(p.value.length))
      }
    }
  }

  /** Threads a batch runs on: 2 when batches are split data-parallel, else 1. */
  get threads(): 1 | 2 {
    return this.parallel ? 2 : 1
  }

  /** True once the data-parallel helper thread is up (before that, this thread runs both halves); false on one thread. */
  get helperReady(): boolean {
    return this.parallel?.helperReady ?? false
  }

  /**
   * Batch halves run on the replica: all, those offered to the helper thread (the others ran here
   * by the adaptive fallback of a busy machine), and those the helper ran itself; null on one thread.
   */
  get parallelParts(): ParallelParts | null {
    const p = this.parallel
    return p ? { parts: p.parts, posted: p.posted, byHelper: p.byHelper } : this.partsDone
  }

  /** Ends the helper thread, if any (also done when the run ends); the trainer then runs on one thread. */
  dispose(): void {
    if (!this.parallel) return
    this.partsDone = this.parallelParts
    this.parallel.stop()
    this.parallel = null
  }

  /** True once the run is over (any stop reason, including `stop()`). */
  get done(): boolean {
    return this.reason !== null
  }

  /** Why the run ended, or null while it runs. */
  get stopReason(): StopReason | null {
    return this.reason
  }

  /**
   * The epoch (from 1) of the latest batch: the epoch in progress, or the one that just ended.
   * 1 before the first step; after the run, the last epoch trained.
   */
  get epoch(): number {
    return this.batchIndex === 0 && this.epochIndex > 0 ? this.epochIndex : this.epochIndex + 1
  }

  /** Epochs completed so far (0 until the first epoch ends). */
  get epochsDone(): number {
    return this.epochIndex
  }

  /** Ends the run before its next batch: `done` becomes true with `{ kind: 'stopped' }`. */
  stop(): void {
    if (!this.reason) this.reason = { kind: 'stopped' }
    this.dispose()
  }

  /**
   * Trains one mini-batch; on the last batch of an epoch also evaluates and applies the stopping
   * criteria. Throws if the helper thread of a data-parallel run failed (the run cannot go on).
   */
  step(): TrainerStep {
    try {
      const result = this.trainBatch()
      if (result.stop) this.dispose()
      return result
    } catch (error) {
      this.dispose()
      throw error
    }
  }

  private trainBatch(): TrainerStep {
    if (this.reason) throw new Error(`Trainer: the run is over (${this.reason.kind}); create a new Trainer to train again`)
    const { net, xb, tb } = this
    if (this.batchIndex === 0) this.beginEpoch()
    const start = this.batchIndex * this.batchSize
    const rows = Math.min(this.batchSize, this.train.rows - start)
    let loss: number
    let correct: number
    const part = this.parallel && rows >= 2 ? rows >> 1 : 0
    if (part > 0 && this.parallel) {
      // rows [0, own) here, rows [own, rows) on the helper's replica; gradients scaled to the batch mean.
      // The helper's rows go first so that it starts while this thread gathers its own.
      const own = rows - part
      const dp = this.parallel
      this.gather(start + own, part, dp.x, dp.t)
      dp.start(part, part / rows)
      this.gather(start, own, xb, tb)
      const y = net.forward(xb, own)
      const ownLoss = net.lossValue(tb, own)
      net.backward(xb, tb, own, false, own / rows)
      // while the helper may still run: the weights of this batch's start, kept if its loss is finite
      for (let i = 0; i < this.params.length; i++) this.nextGood[i].set(this.params[i].value)
      const partLoss = dp.finish()
      loss = (ownLoss * own + partLoss * part) / rows
      if (!Number.isFinite(loss)) return this.diverge(`Loss became ${loss} at epoch ${this.epochIndex + 1} batch ${this.batchIndex + 1}`, rows, loss)
      const good = this.nextGood
      this.nextGood = this.lastGood
      this.lastGood = good
      correct = this.task === 'regression' ? 0 : countCorrect(y, tb, own, net.outputs) + dp.correct(part)
      dp.addGradients()
    } else {
      this.gather(start, rows, xb, tb)
      const y = net.forward(xb, rows)
      loss = net.lossValue(tb, rows)
      if (!Number.isFinite(loss)) return this.diverge(`Loss became ${loss} at epoch ${this.epochIndex + 1} batch ${this.batchIndex + 1}`, rows, loss)
      correct = this.task === 'regression' ? 0 : countCorrect(y, tb, rows, net.outputs)
      net.backward(xb, tb, rows)
      for (let i = 0; i < this.params.length; i++) this.lastGood[i].set(this.params[i].value)
    }
    const k = net.kernels
    for (let l = 0; l < net.layerCount; l++) {
      const dW = net.dense[l].dW
      // the kernels' Σ|x| (SIMD, float32 sum) where they have it: ~10× the JS loop on 100k weights
      this.gradSum[l] += k.sumAbs ? (dW.length > 0 ? k.sumAbs(dW, dW.length) / dW.length : 0) : meanAbs(dW)
    }
    this.addPenalties()
    this.optimizer.step(this.settings.learningRate)
    this.lossSum += loss * rows
    this.correct += correct
    this.seen += rows
    const batch = this.batchStats(rows, loss, correct)
    this.batchIndex++
    if (this.batchIndex < this.batchesPerEpoch) return { batch, epochEnd: null, stop: null }
    return this.endEpoch(batch)
  }

  private beginEpoch(): void {
    if (this.host.batchOrder) this.host.batchOrder(this.epochIndex + 1, this.order)
    else if (this.settings.shuffle !== false) this.rng.shuffle(this.order)
    if (this.settings.momentumSchedule && (this.optimizer instanceof Momentum || this.optimizer instanceof Nesterov)) {
      const warmup = this.settings.momentumWarmupEpochs ?? 5
      this.optimizer.momentum = this.epochIndex < warmup ? 0.5 : (this.settings.momentum ?? 0.9)
    }
    this.lossSum = 0
    this.correct = 0
    this.seen = 0
    this.gradSum.fill(0)
    this.epochStart = this.host.now()
  }

  /** Copies rows order[start … start+rows) of the training set into xb, tb (the batch buffers or the replica's). */
  private gather(start: number, rows: number, xb: FloatArray, tb: FloatArray): void {
    const { inputs, outputs, x, y } = this.train
    const { order } = this
    // Whole-row copies (memcpy) rather than element loops: the batch buffers may live in shared wasm memory.
    for (let r = 0; r < rows; r++) {
      const src = order[start + r]
      xb.set(x.subarray(src * inputs, (src + 1) * inputs), r * inputs)
      tb.set(y.subarray(src * outputs, (src + 1) * outputs), r * outputs)
    }
  }

  // L1/L2 on weights: ∂/∂w [l1·|w| + l2/2·w²] = l1·sign(w) + l2·w
  private addPenalties(): void {
    const l1 = this.settings.l1 ?? 0
    const l2 = this.settings.l2 ?? 0
    if (l1 === 0 && l2 === 0) return
    for (const p of this.params) {
      if (!p.penalize) continue
      const { value: w, grad: g } = p
      for (let i = 0; i < w.length; i++) g[i] += l1 * Math.sign(w[i]) + l2 * w[i]
    }
  }

  private batchStats(rows: number, loss: number, correct: number): BatchStats {
    return {
      epoch: this.epochIndex + 1,
      batch: this.batchIndex,
      batchesPerEpoch: this.batchesPerEpoch,
      loss,
      accuracy: this.task === 'regression' ? null : correct / rows,
    }
  }

  private endEpoch(batch: BatchStats): TrainerStep {
    const seconds = (this.host.now() - this.epochStart) / 1000
    this.batchIndex = 0
    this.epochIndex++
    const trainLoss = this.lossSum / this.seen
    const classify = this.task !== 'regression'
    const val = this.val ? this.validate(this.val) : null
    const stats: EpochStats = {
      epoch: this.epochIndex,
      trainLoss,
      trainAccuracy: classify ? this.correct / this.seen : null,
      valLoss: val ? val.loss : null,
      valAccuracy: val && classify ? val.accuracy : null,
      seconds,
      samplesPerSecond: this.seen / Math.max(seconds, 1e-9),
      gradMeanAbs: Array.from(this.gradSum, (s) => s / this.batchesPerEpoch),
      learningRate: this.settings.learningRate,
    }
    if (!this.params.every((p) => allFinite(p.value)) || (val && !Number.isFinite(val.loss))) {
      return this.diverge(`The weights became non-finite in epoch ${this.epochIndex}`, 0, NaN, batch, stats)
    }
    this.reason = this.stopping.check(stats, this.epochIndex >= this.totalEpochs)
    return { batch, epochEnd: stats, stop: this.reason }
  }

  /** Mean loss and accuracy on a data set, through the batch buffers (no allocation). */
  private validate(d: Dataset): { loss: number; accuracy: number } {
    const { net, xb, tb, batchSize } = this
    const { inputs, outputs } = d
    let lossSum = 0
    let correct = 0
    for (let r0 = 0; r0 < d.rows; r0 += batchSize) {
      const n = Math.min(batchSize, d.rows - r0)
      for (let i = 0; i < n * inputs; i++) xb[i] = d.x[r0 * inputs + i]
      for (let i = 0; i < n * outputs; i++) tb[i] = d.y[r0 * outputs + i]
      const y = net.forward(xb, n)
      lossSum += net.lossValue(tb, n) * n
      for (let r = 0; r < n; r++) {
        const actual = d.labels ? d.labels[r0 + r] : classOf(tb, r * outputs, outputs)
        if (classOf(y, r * outputs, outputs) === actual) correct++
      }
    }
    return { loss: lossSum / d.rows, accuracy: correct / d.rows }
  }

  /** Stops the run as diverged and puts back the weights of the last batch with a finite loss. */
  private diverge(what: string, rows: number, loss: number, batch?: BatchStats, epochEnd: EpochStats | null = null): TrainerStep {
    for (let i = 0; i < this.params.length; i++) this.params[i].value.set(this.lastGood[i])
    const first = this.epochIndex === 0 && this.batchIndex === 0
    const cause = first
      ? 'before any update: check the data for non-finite values and the initial weights'
      : `the learning rate ${this.settings.learningRate} is probably too high; the weights of the last good batch were kept`
    this.reason = { kind: 'diverged', message: `${what}: ${cause}.` }
    return { batch: batch ?? this.batchStats(Math.max(rows, 1), loss, 0), epochEnd, stop: this.reason }
  }
}

/** mean |v_i|, with four partial sums (a single running sum is bound by the latency of its additions; ~3× faster) */
function meanAbs(v: FloatArray): number {
  const n = v.length
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let i = 0
  for (; i + 3 < n; i += 4) {
    s0 += Math.abs(v[i])
    s1 += Math.abs(v[i + 1])
    s2 += Math.abs(v[i + 2])
    s3 += Math.abs(v[i + 3])
  }
  for (; i < n; i++) s0 += Math.abs(v[i])
  return n > 0 ? (s0 + s1 + (s2 + s3)) / n : 0
}

function allFinite(v: FloatArray): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false
  return true
}
