/**
 * The whole `layerwise dbn train` run as one step-wise job, for the worker and the CLI: greedy
 * pretraining of the stack, then (optionally) fine-tuning as an autoencoder — plain or denoising —
 * or as a classifier with labels. Each `step()` is one mini-batch of whichever phase is running.
 */
import type { Kernels } from '../types'
import { buildClassifier, oneHot, unroll, type Autoencoder, type DbnClassifier } from './autoencoder'
import { DbnTrainer, type Dbn, type DbnSettings } from './dbn'
import { FineTuneTrainer, type FineTuneEpochStats, type FineTuneSettings, type Supervised } from './fine-tune-trainer'
import { defaultClock, type RandomSource } from './rbm-math'
import type { Matrix, RbmEpochStats, RbmStopReason } from './rbm-trainer'
import type { DbnFamilyModel, ModelMeta } from './serialize-dbn'

/** What to fine-tune after pretraining: nothing (a plain DBN), an autoencoder, or a classifier. */
export type FineTuneSpec =
  | { mode: 'none' }
  | ({ mode: 'autoencoder' } & FineTuneSettings)
  | ({ mode: 'classifier'; classes: number } & FineTuneSettings)

export interface DbnPipelineData {
  train: Matrix
  validation?: Matrix | null
  /** Class indices of the training (and validation) rows; required for the classifier. */
  labels?: Int32Array | null
  validationLabels?: Int32Array | null
}

export interface DbnPipelineStep {
  phase: 'pretrain' | 'finetune'
  /** Pretraining layer from 1 (0 while fine-tuning). */
  layer: number
  layers: number
  batch: number
  batchesPerEpoch: number
  pretrainEpoch: RbmEpochStats | null
  fineTuneEpoch: FineTuneEpochStats | null
  done: boolean
  stopReason: RbmStopReason | null
}

export class DbnPipeline {
  readonly pretrainer: DbnTrainer
  private fineTuner: FineTuneTrainer | null = null
  private autoencoder: Autoencoder | null = null
  private classifier: DbnClassifier | null = null
  private stopReason: RbmStopReason | null = null

  constructor(
    readonly kernels: Kernels,
    readonly data: DbnPipelineData,
    readonly dbnSettings: DbnSettings,
    readonly fineTune: FineTuneSpec,
    private readonly rng: RandomSource,
    private readonly now: () => number = defaultClock,
  ) {
    if (fineTune.mode === 'classifier') {
      if (!data.labels || data.labels.length !== data.train.rows) throw new Error(`The classifier needs one label per training row (${data.train.rows})`)
      if (data.validation && (!data.validationLabels || data.validationLabels.length !== data.validation.rows)) {
        throw new Error('The classifier needs one label per validation row')
      }
    }
    this.pretrainer = new DbnTrainer(kernels, data.train, dbnSettings, rng, data.validation ?? null, now)
  }

  get done(): boolean {
    return this.stopReason !== null
  }

  stop(): void {
    if (this.fineTuner) this.fineTuner.stop()
    else this.pretrainer.stop()
  }

  step(): DbnPipelineStep {
    const layers = this.dbnSettings.layers.length
    if (this.stopReason) return this.result('finetune', 0, 0, 1, null, null)
    if (!this.fineTuner) {
      const r = this.pretrainer.step()
      if (r.done) {
        if (r.stopReason?.kind !== 'epochs' || this.fineTune.mode === 'none') this.stopReason = r.stopReason
        else this.fineTuner = this.startFineTuning(this.pretrainer.dbn)
      }
      return this.result('pretrain', r.layer, r.batch, r.batchesPerEpoch, r.epochEnd, null, layers)
    }
    const r = this.fineTuner.step()
    if (r.done) this.stopReason = r.stopReason
    return this.result('finetune', 0, r.batch, r.batchesPerEpoch, null, r.epochEnd, layers)
  }

  /** The trained model in its saved form: the fine-tuned network when there is one, else the stack. */
  model(meta: ModelMeta = {}): DbnFamilyModel {
    const pretrained = this.pretrainer.dbn
    if (this.autoencoder) return { kind: 'autoencoder', autoencoder: this.autoencoder, pretrained, ...meta }
    if (this.classifier) return { kind: 'dbn-classifier', classifier: this.classifier, pretrained, ...meta }
    return pretrained.layers.length === 1 ? { kind: 'rbm', rbm: pretrained.layers[0], ...meta } : { kind: 'dbn', dbn: pretrained, ...meta }
  }

  private startFineTuning(dbn: Dbn): FineTuneTrainer {
    const ft = this.fineTune
    const { train, validation } = this.data
    let trainSet: Supervised
    let valSet: Supervised | null = null
    if (ft.mode === 'classifier') {
      this.classifier = buildClassifier(dbn, ft.classes, this.rng, this.kernels)
      trainSet = { inputs: train, targets: { rows: train.rows, cols: ft.classes, data: oneHot(this.data.labels as Int32Array, ft.classes) } }
      if (validation && this.data.validationLabels) {
        valSet = { inputs: validation, targets: { rows: validation.rows, cols: ft.classes, data: oneHot(this.data.validationLabels, ft.classes) } }
      }
      return new FineTuneTrainer(this.kernels, this.classifier.net, trainSet, ft, this.rng, valSet, this.now)
    }
    if (ft.mode === 'none') throw new Error('No fine-tuning was asked for')
    this.autoencoder = unroll(dbn, this.kernels)
    trainSet = { inputs: train, targets: train }
    if (validation) valSet = { inputs: validation, targets: validation }
    return new FineTuneTrainer(this.kernels, this.autoencoder.net, trainSet, ft, this.rng, valSet, this.now)
  }

  private result(
    phase: 'pretrain' | 'finetune',
    layer: number,
    batch: number,
    batchesPerEpoch: number,
    pretrainEpoch: RbmEpochStats | null,
    fineTuneEpoch: FineTuneEpochStats | null,
    layers = this.dbnSettings.layers.length,
  ): DbnPipelineStep {
    return { phase, layer, layers, batch, batchesPerEpoch, pretrainEpoch, fineTuneEpoch, done: this.done, stopReason: this.stopReason }
  }
}
