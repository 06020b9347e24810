/**
 * Step-wise RBM training, like the dense trainer: each `step()` runs one mini-batch CD-k update, so a
 * worker can interleave stop/pause and progress events. At the end of an epoch the monitors of
 * SPEC §4 are computed on (at most `monitorRows` rows of) the training and validation data.
 */
import { Rbm, CdWorkspace, cdStep, type CdStepSettings } from './rbm'
import { freeEnergies, mean, pseudoLogLikelihood, reconstructionError } from './rbm-eval'
import { defaultClock, gatherRows, shuffleInPlace, type RandomSource, type VisibleKind } from './rbm-math'
import type { Kernels } from '../types'

/** Rows of a data matrix `[rows×cols]`, row-major. */
export interface Matrix {
  rows: number
  cols: number
  data: Float32Array
}

/** How to train one RBM. Defaults in brackets. */
export interface RbmSettings {
  hidden: number
  /** Visible units ['bernoulli']; use 'gaussian' for z-scored real-valued data. */
  visible?: VisibleKind
  epochs: number
  batchSize: number
  /** η [0.05; 0.005 for Gaussian visible units, which need 1–2 orders smaller (Hinton 2010 §13.2)]. */
  learningRate?: number
  /** Gibbs steps per update [1]. */
  k?: number
  /** Persistent CD [false]. */
  persistent?: boolean
  /** Final momentum μ [0.9]. */
  momentum?: number
  /** μ = 0.5 for the first `momentumWarmupEpochs` epochs, then `momentum` [true, 5 epochs]. */
  momentumSchedule?: boolean
  momentumWarmupEpochs?: number
  /** L2 weight decay λ [0.0002]. */
  weightDecay?: number
  /** Reshuffle the rows each epoch [true]. */
  shuffle?: boolean
  /** σ of the initial weights N(0, σ²) [0.01]. */
  initSigma?: number
  /** Rows used for the per-epoch monitors, evenly spaced over each set [1000]. */
  monitorRows?: number
}

/** Monitors of one finished epoch (epochs count from 1). */
export interface RbmEpochStats {
  epoch: number
  /** Mean squared error per visible unit of the mean-field reconstruction v → p(h|v) → E[v|h]. */
  reconstructionError: number
  /** Stochastic one-bit-flip pseudo-log-likelihood per row (Bernoulli visible only, else null). */
  pseudoLogLikelihood: number | null
  /** Mean free energy of training rows and of validation rows; a widening gap means overfitting. */
  freeEnergyTrain: number
  freeEnergyVal: number | null
  /** Wall time of the epoch's updates, seconds (monitors excluded). */
  seconds: number
  samplesPerSecond: number
  momentum: number
  learningRate: number
}

/** What one `step()` did. `stopReason` is set once `done`. */
export interface RbmStepResult {
  epoch: number
  batch: number
  batchesPerEpoch: number
  epochEnd: RbmEpochStats | null
  done: boolean
  stopReason: RbmStopReason | null
}

export type RbmStopReason = { kind: 'epochs' } | { kind: 'stopped' } | { kind: 'diverged'; message: string }

/** Fills in the defaults of `RbmSettings`. */
export function resolveRbmSettings(s: RbmSettings): Required<RbmSettings> {
  const r: Required<RbmSettings> = {
    visible: 'bernoulli',
    learningRate: 0.05,
    k: 1,
    persistent: false,
    momentum: 0.9,
    momentumSchedule: true,
    momentumWarmupEpochs: 5,
    weightDecay: 0.0002,
    shuffle: true,
    initSigma: 0.01,
    monitorRows: 1000,
    ...stripUndefined(s),
  }
  if (s.learningRate === undefined && r.visible === 'gaussian') r.learningRate = 0.005
  if (!(Number.isInteger(r.hidden) && r.hidden >= 1)) throw new Error(`hidden must be a positive integer, got ${r.hidden}`)
  if (!(Number.isInteger(r.k) && r.k >= 1)) throw new Error(`CD-k needs an integer k ≥ 1, got ${r.k}`)
  if (!(Number.isInteger(r.batchSize) && r.batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${r.batchSize}`)
  if (!(Number.isInteger(r.epochs) && r.epochs >= 0)) throw new Error(`epochs must be a non-negative integer, got ${r.epochs}`)
  if (!(r.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${r.learningRate}`)
  return r
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

export class RbmTrainer {
  readonly rbm: Rbm
  readonly settings: Required<RbmSettings>
  readonly batchesPerEpoch: number
  private readonly ws: CdWorkspace
  /** Settings of the current update (mutated per step, so the hot loop allocates nothing). */
  private readonly cd: CdStepSettings
  private readonly order: Int32Array
  private readonly lastGood: Rbm
  private readonly monitorTrain: Matrix
  private readonly monitorVal: Matrix | null
  private epoch = 0
  private batchIndex = 0
  private epochSeconds = 0
  private stopReason: RbmStopReason | null = null

  /**
   * @param train training rows; Bernoulli units expect values in [0,1]
   * @param rbm  continue training this RBM instead of a fresh N(0, σ²) one
   * @param now  clock in milliseconds (default performance.now), injectable for tests
   */
  constructor(
    readonly kernels: Kernels,
    readonly train: Matrix,
    settings: RbmSettings,
    private readonly rng: RandomSource,
    readonly validation: Matrix | null = null,
    rbm: Rbm | null = null,
    private readonly now: () => number = defaultClock,
  ) {
    this.settings = resolveRbmSettings(settings)
    if (train.rows < 1) throw new Error('RBM training needs at least one row')
    if (validation && validation.cols !== train.cols) throw new Error(`validation has ${validation.cols} columns, training ${train.cols}`)
    const shape = { nVisible: train.cols, nHidden: this.settings.hidden, visible: this.settings.visible }
    if (rbm && (rbm.nVisible !== shape.nVisible || rbm.nHidden !== shape.nHidden || rbm.visible !== shape.visible)) {
      throw new Error('The RBM to continue does not match the data and settings')
    }
    this.rbm = rbm ?? Rbm.random(kernels, shape, rng, this.settings.initSigma)
    this.lastGood = this.rbm.clone()
    const bs = Math.min(this.settings.batchSize, train.rows)
    this.batchesPerEpoch = Math.ceil(train.rows / bs)
    this.ws = new CdWorkspace(this.rbm, bs)
    const st = this.settings
    this.cd = { k: st.k, persistent: st.persistent, learningRate: st.learningRate, momentum: st.momentum, weightDecay: st.weightDecay }
    this.order = new Int32Array(train.rows)
    for (let i = 0; i < train.rows; i++) this.order[i] = i
    this.monitorTrain = subsample(train, this.settings.monitorRows)
    this.monitorVal = validation && validation.rows > 0 ? subsample(validation, this.settings.monitorRows) : null
  }

  /** Momentum in force in epoch `epoch` (from 1): the classic 0.5 → μ schedule. */
  momentumAt(epoch: number): number {
    const s = this.settings
    return s.momentumSchedule && epoch <= s.momentumWarmupEpochs ? Math.min(0.5, s.momentum) : s.momentum
  }

  /** Ask the run to end after the current step; the next `step()` reports `stopped`. */
  stop(): void {
    if (!this.stopReason) this.stopReason = { kind: 'stopped' }
  }

  get done(): boolean {
    return this.stopReason !== null || this.epoch >= this.settings.epochs
  }

  /** One mini-batch update; at the last batch of an epoch also the epoch's monitors. */
  step(): RbmStepResult {
    const s = this.settings
    if (!this.stopReason && this.epoch >= s.epochs) this.stopReason = { kind: 'epochs' }
    if (this.stopReason) return this.result(null)
    if (this.batchIndex === 0 && s.shuffle) shuffleInPlace(this.order, this.rng)
    const bs = this.ws.batchSize
    const start = this.batchIndex * bs
    const rows = Math.min(bs, this.train.rows - start)
    const t0 = this.now()
    // gathered straight into the workspace's stacked visible buffer: cdStep then copies nothing
    gatherRows(this.train.data, this.train.cols, s.shuffle ? this.order : null, start, rows, this.ws.input)
    const momentum = this.momentumAt(this.epoch + 1)
    this.cd.momentum = momentum
    cdStep(this.ws, this.ws.input, rows, this.cd, this.rng)
    this.epochSeconds += (this.now() - t0) / 1000
    this.batchIndex++
    if (this.batchIndex < this.batchesPerEpoch) return this.result(null)
    this.batchIndex = 0
    this.epoch++
    const stats = this.monitor(momentum)
    this.epochSeconds = 0
    if (!Number.isFinite(stats.reconstructionError) || !Number.isFinite(stats.freeEnergyTrain) || !allFinite(this.rbm.W)) {
      this.restore()
      this.stopReason = {
        kind: 'diverged',
        message: `The RBM diverged in epoch ${stats.epoch} (non-finite weights or monitors); lower the learning rate (now ${s.learningRate})${s.visible === 'gaussian' ? ', Gaussian visible units usually need η ≤ 0.005' : ''}. The weights of the last good epoch are kept.`,
      }
    } else {
      this.snapshot()
      if (this.epoch >= s.epochs) this.stopReason = { kind: 'epochs' }
    }
    return this.result(stats)
  }

  /** Runs to the end and returns the per-epoch statistics (for tests and the CLI). */
  run(onEpoch?: (stats: RbmEpochStats) => void): RbmEpochStats[] {
    const all: RbmEpochStats[] = []
    for (;;) {
      const r = this.step()
      if (r.epochEnd) {
        all.push(r.epochEnd)
        onEpoch?.(r.epochEnd)
      }
      if (r.done) return all
    }
  }

  private monitor(momentum: number): RbmEpochStats {
    const s = this.settings
    const tr = this.monitorTrain
    const va = this.monitorVal
    return {
      epoch: this.epoch,
      reconstructionError: reconstructionError(this.rbm, tr.data, tr.rows),
      pseudoLogLikelihood: s.visible === 'bernoulli' ? pseudoLogLikelihood(this.rbm, tr.data, tr.rows, this.rng) : null,
      freeEnergyTrain: mean(freeEnergies(this.rbm, tr.data, tr.rows)),
      freeEnergyVal: va ? mean(freeEnergies(this.rbm, va.data, va.rows)) : null,
      seconds: this.epochSeconds,
      samplesPerSecond: this.epochSeconds > 0 ? this.train.rows / this.epochSeconds : 0,
      momentum,
      learningRate: s.learningRate,
    }
  }

  private snapshot(): void {
    this.lastGood.W.set(this.rbm.W)
    this.lastGood.b.set(this.rbm.b)
    this.lastGood.c.set(this.rbm.c)
  }

  private restore(): void {
    this.rbm.W.set(this.lastGood.W)
    this.rbm.b.set(this.lastGood.b)
    this.rbm.c.set(this.lastGood.c)
  }

  private result(epochEnd: RbmEpochStats | null): RbmStepResult {
    return {
      epoch: this.epoch,
      batch: this.batchIndex,
      batchesPerEpoch: this.batchesPerEpoch,
      epochEnd,
      done: this.done,
      stopReason: this.done ? (this.stopReason ?? { kind: 'epochs' }) : null,
    }
  }
}

/** At most `max` rows of `m`, evenly spaced so that sorted data are still represented. */
function subsample(m: Matrix, max: number): Matrix {
  if (m.rows <= max) return m
  const data = new Float32Array(max * m.cols)
  for (let i = 0; i < max; i++) {
    const r = Math.floor((i * m.rows) / max)
    data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols)
  }
  return { rows: max, cols: m.cols, data }
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false
  return true
}
