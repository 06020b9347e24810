/**
 * Step-wise fine-tuning of an unrolled stack by backpropagation (SPEC §4): the autoencoder on
 * reconstruction error (optionally denoising: corrupt the inputs, reconstruct the clean rows,
 * Vincent et al. 2008, doi:10.1145/1390156.1390294) and the DBN classifier on labels. One `step()`
 * is one mini-batch, like the dense and RBM trainers; nothing is allocated per batch.
 */
import type { Kernels } from '../types'
import type { FineTuneNet } from './fine-tune-net'
import { applyNoise, type NoiseSpec } from './noise'
import { defaultClock, gatherRows, shuffleInPlace, type RandomSource } from './rbm-math'
import type { Matrix, RbmStopReason } from './rbm-trainer'

export interface FineTuneSettings {
  epochs: number
  batchSize: number
  /** Adam η [0.001], β₁ [0.9], β₂ [0.999], ε [1e-8]. */
  learningRate?: number
  beta1?: number
  beta2?: number
  epsilon?: number
  /** L2 penalty on weights [0]. */
  l2?: number
  /** Reshuffle every epoch [true]. */
  shuffle?: boolean
  /** Denoising: corrupt each batch's inputs with fresh noise; the targets stay clean [none]. */
  noise?: NoiseSpec | null
}

/** Inputs and targets of the same rows. */
export interface Supervised {
  inputs: Matrix
  targets: Matrix
}

export interface FineTuneEpochStats {
  epoch: number
  /** Mean training loss over the epoch's batches (per row; BCE/MSE summed over units, or CCE). */
  trainLoss: number
  valLoss: number | null
  /** Fraction of arg-max hits, for the classifier (cce) only. */
  trainAccuracy: number | null
  valAccuracy: number | null
  seconds: number
  samplesPerSecond: number
}

export interface FineTuneStepResult {
  epoch: number
  batch: number
  batchesPerEpoch: number
  loss: number
  epochEnd: FineTuneEpochStats | null
  done: boolean
  stopReason: RbmStopReason | null
}

export class FineTuneTrainer {
  readonly batchesPerEpoch: number
  private readonly s: Required<Omit<FineTuneSettings, 'noise'>> & { noise: NoiseSpec | null }
  private readonly xb: Float32Array
  private readonly tb: Float32Array
  private readonly order: Int32Array
  private readonly bs: number
  private epoch = 0
  private batchIndex = 0
  private lossSum = 0
  private hits = 0
  private seconds = 0
  private stopReason: RbmStopReason | null = null

  constructor(
    readonly kernels: Kernels,
    readonly net: FineTuneNet,
    readonly train: Supervised,
    settings: FineTuneSettings,
    private readonly rng: RandomSource,
    readonly validation: Supervised | null = null,
    private readonly now: () => number = defaultClock,
  ) {
    this.s = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0, shuffle: true, ...settings, noise: settings.noise ?? null }
    const { inputs, targets } = train
    if (inputs.rows < 1 || inputs.rows !== targets.rows) throw new Error(`fine-tuning: ${inputs.rows} input rows, ${targets.rows} target rows`)
    if (inputs.cols !== net.inputs || targets.cols !== net.outputs) {
      throw new Error(`fine-tuning: the network maps ${net.inputs}→${net.outputs}, the data ${inputs.cols}→${targets.cols}`)
    }
    if (!(Number.isInteger(settings.batchSize) && settings.batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${settings.batchSize}`)
    this.bs = Math.min(settings.batchSize, inputs.rows)
    this.batchesPerEpoch = Math.ceil(inputs.rows / this.bs)
    this.xb = kernels.alloc(this.bs * inputs.cols)
    this.tb = kernels.alloc(this.bs * targets.cols)
    this.order = new Int32Array(inputs.rows)
    for (let i = 0; i < inputs.rows; i++) this.order[i] = i
    net.reserve(this.bs)
  }

  get done(): boolean {
    return this.stopReason !== null || this.epoch >= this.s.epochs
  }

  stop(): void {
    if (!this.stopReason) this.stopReason = { kind: 'stopped' }
  }

  /** One mini-batch: (corrupt,) forward, backward, Adam. */
  step(): FineTuneStepResult {
    if (!this.stopReason && this.epoch >= this.s.epochs) this.stopReason = { kind: 'epochs' }
    if (this.stopReason) return this.result(Number.NaN, null)
    const { inputs, targets } = this.train
    if (this.batchIndex === 0 && this.s.shuffle) shuffleInPlace(this.order, this.rng)
    const start = this.batchIndex * this.bs
    const rows = Math.min(this.bs, inputs.rows - start)
    const t0 = this.now()
    gatherRows(inputs.data, inputs.cols, this.order, start, rows, this.xb)
    gatherRows(targets.data, targets.cols, this.order, start, rows, this.tb)
    if (this.s.noise) applyNoise(this.s.noise, this.xb, this.xb, rows * inputs.cols, this.rng)
    const y = this.net.forward(this.xb, rows)
    if (this.net.loss === 'cce') this.hits += argmaxHits(y, this.tb, rows, targets.cols)
    const loss = this.net.backward(this.xb, this.tb, rows)
    if (!Number.isFinite(loss)) {
      this.stopReason = { kind: 'diverged', message: `Fine-tuning diverged in epoch ${this.epoch + 1} (loss ${loss}); lower the learning rate (now ${this.s.learningRate}).` }
      return this.result(loss, null)
    }
    this.net.adamStep(this.s)
    this.seconds += (this.now() - t0) / 1000
    this.lossSum += loss * rows
    this.batchIndex++
    if (this.batchIndex < this.batchesPerEpoch) return this.result(loss, null)
    this.batchIndex = 0
    this.epoch++
    const stats = this.epochStats()
    this.lossSum = 0
    this.hits = 0
    this.seconds = 0
    if (this.epoch >= this.s.epochs) this.stopReason = { kind: 'epochs' }
    return this.result(loss, stats)
  }

  run(onEpoch?: (stats: FineTuneEpochStats) => void): FineTuneEpochStats[] {
    const all: FineTuneEpochStats[] = []
    for (;;) {
      const r = this.step()
      if (r.epochEnd) {
        all.push(r.epochEnd)
        onEpoch?.(r.epochEnd)
      }
      if (r.done) return all
    }
  }

  private epochStats(): FineTuneEpochStats {
    const rows = this.train.inputs.rows
    const cce = this.net.loss === 'cce'
    const val = this.validation ? evaluate(this.net, this.validation) : null
    return {
      epoch: this.epoch,
      trainLoss: this.lossSum / rows,
      valLoss: val ? val.loss : null,
      trainAccuracy: cce ? this.hits / rows : null,
      valAccuracy: cce && val ? val.accuracy : null,
      seconds: this.seconds,
      samplesPerSecond: this.seconds > 0 ? rows / this.seconds : 0,
    }
  }

  private result(loss: number, epochEnd: FineTuneEpochStats | null): FineTuneStepResult {
    return {
      epoch: this.epoch,
      batch: this.batchIndex,
      batchesPerEpoch: this.batchesPerEpoch,
      loss,
      epochEnd,
      done: this.done,
      stopReason: this.done ? (this.stopReason ?? { kind: 'epochs' }) : null,
    }
  }
}

/** Mean loss (and accuracy for cce) of `net` on a whole data set, without noise. */
export function evaluate(net: FineTuneNet, data: Supervised, chunk = 256): { loss: number; accuracy: number | null } {
  const { inputs, targets } = data
  // plain arrays: the kernels stage them, and nothing accumulates in a wasm kernel set's memory
  const xb = new Float32Array(Math.min(chunk, inputs.rows) * inputs.cols)
  const tb = new Float32Array(Math.min(chunk, inputs.rows) * targets.cols)
  let loss = 0
  let hits = 0
  for (let r0 = 0; r0 < inputs.rows; r0 += chunk) {
    const n = Math.min(chunk, inputs.rows - r0)
    xb.set(inputs.data.subarray(r0 * inputs.cols, (r0 + n) * inputs.cols))
    tb.set(targets.data.subarray(r0 * targets.cols, (r0 + n) * targets.cols))
    const y = net.forward(xb, n)
    if (net.loss === 'cce') hits += argmaxHits(y, tb, n, targets.cols)
    loss += net.backward(xb, tb, n) * n
  }
  return { loss: loss / inputs.rows, accuracy: net.loss === 'cce' ? hits / inputs.rows : null }
}

function argmaxHits(y: Float32Array, t: Float32Array, rows: number, cols: number): number {
  let hits = 0
  for (let r = 0; r < rows; r++) {
    let best = 0
    let truth = 0
    for (let j = 1; j < cols; j++) {
      if (y[r * cols + j] > y[r * cols + best]) best = j
      if (t[r * cols + j] > t[r * cols + truth]) truth = j
    }
    if (best === truth) hits++
  }
  return hits
}
