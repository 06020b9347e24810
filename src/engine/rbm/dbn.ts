/**
 * Deep Belief Net (SPEC §4): a stack of RBMs trained greedily, layer by layer (Hinton, Osindero &
 * Teh 2006, "A fast learning algorithm for deep belief nets", doi:10.1162/neco.2006.18.7.1527).
 * Layer k+1 is trained on the hidden probabilities p(h|v) of layer k (not on samples), as in
 * Hinton & Salakhutdinov 2006 (doi:10.1126/science.1127647).
 */
import type { Kernels } from '../types'
import type { Rbm } from './rbm'
import { hiddenProbsAll, visibleMeansAll } from './rbm-eval'
import { defaultClock, type RandomSource, type VisibleKind } from './rbm-math'
import { RbmTrainer, type Matrix, type RbmEpochStats, type RbmSettings, type RbmStopReason } from './rbm-trainer'

export class Dbn {
  constructor(readonly layers: Rbm[]) {
    if (layers.length === 0) throw new Error('A DBN needs at least one RBM')
    for (let l = 1; l < layers.length; l++) {
      if (layers[l].nVisible !== layers[l - 1].nHidden) {
        throw new Error(`DBN layer ${l + 1} has ${layers[l].nVisible} visible units, layer ${l} has ${layers[l - 1].nHidden} hidden units`)
      }
      if (layers[l].visible !== 'bernoulli') throw new Error(`DBN layer ${l + 1}: only the first layer may have Gaussian visible units`)
    }
  }

  get nVisible(): number {
    return this.layers[0].nVisible
  }

  get visible(): VisibleKind {
    return this.layers[0].visible
  }

  /** Sizes from the visible layer up: [nVisible, nHidden₁, …, nHidden_L]. */
  get sizes(): number[] {
    return [this.nVisible, ...this.layers.map((r) => r.nHidden)]
  }

  /** Mean-field up pass through the first `depth` layers: h_l = σ(h_{l−1}·W_l + c_l) → [rows×nHidden_depth]. */
  up(x: Float32Array, rows: number, depth = this.layers.length): Float32Array {
    let h = x
    for (let l = 0; l < depth; l++) h = hiddenProbsAll(this.layers[l], h, rows)
    return h
  }

  /** Mean-field down pass from the hidden layer `depth`: v_{l−1} = E[v|h_l] of layer l, down to the data. */
  down(h: Float32Array, rows: number, depth = this.layers.length): Float32Array {
    let v = h
    for (let l = depth - 1; l >= 0; l--) v = visibleMeansAll(this.layers[l], v, rows)
    return v
  }

  /** Up to the top and back down, all with probabilities: the DBN's deterministic reconstruction. */
  upDown(x: Float32Array, rows: number): Float32Array {
    return this.down(this.up(x, rows), rows)
  }
}

/** How to train a DBN: hidden sizes per layer, shared RBM settings and per-layer overrides. */
export interface DbnSettings {
  /** Hidden units of each RBM, bottom first, e.g. [256, 64]. */
  layers: number[]
  /** Visible units of the first RBM (upper RBMs are always Bernoulli) ['bernoulli']. */
  visible?: VisibleKind
  /** Settings shared by all RBMs. */
  rbm: Omit<RbmSettings, 'hidden' | 'visible'>
  /** Per-layer overrides, index 0 = first RBM (e.g. a smaller learning rate for a Gaussian first layer). */
  overrides?: Partial<Omit<RbmSettings, 'hidden' | 'visible'>>[]
}

/** What one `DbnTrainer.step()` did. Layers count from 1. */
export interface DbnStepResult {
  layer: number
  layers: number
  batch: number
  batchesPerEpoch: number
  epochEnd: RbmEpochStats | null
  /** True on the step that finished a layer. */
  layerEnd: boolean
  done: boolean
  stopReason: RbmStopReason | null
}

export class DbnTrainer {
  readonly trained: Rbm[] = []
  private current: RbmTrainer | null = null
  private input: Matrix
  private valInput: Matrix | null
  private stopReason: RbmStopReason | null = null

  constructor(
    readonly kernels: Kernels,
    train: Matrix,
    readonly settings: DbnSettings,
    private readonly rng: RandomSource,
    validation: Matrix | null = null,
    private readonly now: () => number = defaultClock,
  ) {
    if (settings.layers.length === 0) throw new Error('A DBN needs at least one hidden layer')
    this.input = train
    this.valInput = validation
    this.current = this.trainerFor(0)
  }

  /** Layer being trained, from 1 (or the number of layers once done). */
  get layer(): number {
    return Math.min(this.trained.length + 1, this.settings.layers.length)
  }

  /** The training data of the layer being trained: the data, or the hidden probabilities of the layer below. */
  get currentInput(): Matrix {
    return this.input
  }

  get done(): boolean {
    return this.stopReason !== null
  }

  /** The trained stack; throws before the first layer has finished. */
  get dbn(): Dbn {
    return new Dbn(this.trained)
  }

  stop(): void {
    if (this.current) this.current.stop()
    else if (!this.stopReason) this.stopReason = { kind: 'stopped' }
  }

  /** One mini-batch of the current layer; moving to the next layer happens inside the step that ends one. */
  step(): DbnStepResult {
    const layers = this.settings.layers.length
    if (!this.current) return this.result(null, false, this.trained.length, 0, 1)
    const t = this.current
    const r = t.step()
    const layer = this.trained.length + 1
    if (!r.done) return this.result(r.epochEnd, false, layer, r.batch, r.batchesPerEpoch)
    this.trained.push(t.rbm)
    this.current = null
    if (r.stopReason && r.stopReason.kind !== 'epochs') {
      this.stopReason = r.stopReason
    } else if (this.trained.length === layers) {
      this.stopReason = { kind: 'epochs' }
    } else {
      this.input = { rows: this.input.rows, cols: t.rbm.nHidden, data: hiddenProbsAll(t.rbm, this.input.data, this.input.rows) }
      if (this.valInput) this.valInput = { rows: this.valInput.rows, cols: t.rbm.nHidden, data: hiddenProbsAll(t.rbm, this.valInput.data, this.valInput.rows) }
      this.current = this.trainerFor(this.trained.length)
    }
    return this.result(r.epochEnd, true, layer, r.batch, r.batchesPerEpoch)
  }

  /** Runs to the end; `onEpoch` gets (layer from 1, stats). */
  run(onEpoch?: (layer: number, stats: RbmEpochStats) => void): Dbn {
    for (;;) {
      const r = this.step()
      if (r.epochEnd) onEpoch?.(r.layer, r.epochEnd)
      if (r.done) return this.dbn
    }
  }

  private trainerFor(l: number): RbmTrainer {
    const s = this.settings
    const settings: RbmSettings = {
      ...s.rbm,
      ...(s.overrides?.[l] ?? {}),
      hidden: s.layers[l],
      visible: l === 0 ? (s.visible ?? 'bernoulli') : 'bernoulli',
    }
    return new RbmTrainer(this.kernels, this.input, settings, this.rng, this.valInput, null, this.now)
  }

  private result(epochEnd: RbmEpochStats | null, layerEnd: boolean, layer: number, batch: number, batchesPerEpoch: number): DbnStepResult {
    return {
      layer,
      layers: this.settings.layers.length,
      batch,
      batchesPerEpoch,
      epochEnd,
      layerEnd,
      done: this.done,
      stopReason: this.stopReason,
    }
  }
}
