/**
 * Payloads of the DBN channels (SPEC §4, issue 4): starting a Deep Belief Net run, its throttled
 * progress frames (greedy pretraining per layer and epoch, then fine-tuning) and its result. Types only.
 * A DBN run is controlled like any run: `training:stop` / `training:pause` / `training:resume` with its id.
 */
import type { DataRef, RunId } from './dto'

/** Visible units of the first RBM: binary data in [0, 1], or real-valued (z-scored) data. */
export type DbnVisible = 'bernoulli' | 'gaussian'

/** What follows greedy pretraining: nothing (a plain RBM/DBN), an unrolled autoencoder, or a classifier. */
export type DbnFineTuneMode = 'none' | 'autoencoder' | 'classifier'

/** How to train a DBN: the options of `layerwise dbn train`. */
export interface DbnTrainSettings {
  /** Hidden units of each RBM, bottom first, e.g. [256, 64]. */
  layers: number[]
  visible: DbnVisible
  /** Epochs of each RBM. */
  rbmEpochs: number
  /** Gibbs steps of CD-k. */
  cdK: number
  /** Persistent CD. */
  persistent: boolean
  /** RBM learning rate η. */
  learningRate: number
  batchSize: number
  fineTune: DbnFineTuneMode
  fineTuneEpochs: number
  /** Adam η of fine-tuning (default 0.001). */
  fineTuneLearningRate?: number
  /** Denoising fine-tuning of the autoencoder, in the CLI form: `saltpepper:0.2`, `gaussian:0.3`, `mask:0.25`. */
  noise?: string
  seed: number
  /** Final RBM momentum μ (default 0.9); μ = 0.5 during the first `momentumWarmupEpochs` epochs (default 5). */
  momentum?: number
  momentumWarmupEpochs?: number
  /** RBM L2 weight decay λ (default 0.0002). */
  weightDecay?: number
}

/** Everything needed to start a DBN run. With `fineTune: 'classifier'`, `target` names the class column. */
export interface StartDbnRequest {
  data: DataRef
  settings: DbnTrainSettings
  /** Label column kept out of the inputs (default: none, every column is an input). */
  target?: string
  /** Fractions of the rows held out (default 0.1 validation, 0.1 test). */
  split?: { validation: number; test: number }
}

/** Monitors of one finished RBM epoch (layer and epoch count from 1). */
export interface DbnPretrainEpochDto {
  layer: number
  epoch: number
  /** Mean squared error per visible unit of the mean-field reconstruction v → p(h|v) → E[v|h]. */
  reconstructionError: number
  /** One-bit-flip pseudo-log-likelihood per row (Bernoulli visible units only). */
  pseudoLogLikelihood: number | null
  /** Mean free energy of training and of validation rows; a widening gap means overfitting. */
  freeEnergyTrain: number
  freeEnergyVal: number | null
  seconds: number
  samplesPerSecond: number
  momentum: number
  learningRate: number
}

/** One finished fine-tuning epoch (epochs count from 1). Loss per row: BCE/MSE summed over units, or CCE. */
export interface DbnFineTuneEpochDto {
  epoch: number
  trainLoss: number
  valLoss: number | null
  /** Classifier only. */
  trainAccuracy: number | null
  valAccuracy: number | null
  seconds: number
  samplesPerSecond: number
}

/**
 * Weight filters of the hidden units of one layer, ready to draw as images of the input's shape: unit j's
 * filter is column j of W₁ (layer 1) or of W₁·…·W_l, mapped to [0, 1] by 0.5 + 0.5·w / max|w|.
 */
export interface DbnFiltersDto {
  layer: number
  /** Hidden units of the layer; `filters` holds the first `filters.length` of them. */
  units: number
  width: number
  height: number
  channels: number
  /** One array of width·height·channels values per shown unit, row-major pixels. */
  filters: number[][]
}

/** A histogram: `counts[i]` values fell in bin i of `counts.length` equal bins over [min, max]. */
export interface DbnHistogramDto {
  min: number
  max: number
  counts: number[]
}

/** Distributions of one layer's weights and of its hidden probabilities p(h|v) on training rows. */
export interface DbnHistogramsDto {
  layer: number
  weights: DbnHistogramDto
  hidden: DbnHistogramDto
}

/** A throttled progress frame of a DBN run: everything new since the previous frame. */
export interface DbnProgressFrame {
  runId: RunId
  phase: 'pretrain' | 'finetune'
  /** Layer being pretrained, from 1 (0 while fine-tuning), of `layers`. */
  layer: number
  layers: number
  /** Finished epochs of the current layer (or of fine-tuning) and how many there will be. */
  epoch: number
  totalEpochs: number
  /** Batches done in the current epoch, of `batchesPerEpoch`. */
  batch: number
  batchesPerEpoch: number
  /** RBM epochs finished since the last frame, in order. */
  pretrainEpochs: DbnPretrainEpochDto[]
  /** Fine-tuning epochs finished since the last frame, in order. */
  fineTuneEpochs: DbnFineTuneEpochDto[]
  /** Image data only, at most twice a second: filters of the layer being pretrained. */
  filters?: DbnFiltersDto
  /** At most twice a second while pretraining: the current layer's weights and hidden activations. */
  histograms?: DbnHistogramsDto
  elapsedSeconds: number
  etaSeconds: number | null
  samplesPerSecond: number
  state: 'running' | 'paused'
}

/** Quality of the final model on one split. */
export interface DbnSplitMetrics {
  split: 'train' | 'validation' | 'test'
  rows: number
  /** Per-value MSE of the model's deterministic reconstruction (up-down pass or autoencoder), and its PSNR in dB (peak 1). */
  reconstructionMse: number | null
  psnr: number | null
  /** Classifier only. */
  accuracy: number | null
}

/** What the finished model is. */
export interface DbnModelSummary {
  kind: 'rbm' | 'dbn' | 'autoencoder' | 'dbn-classifier'
  visible: DbnVisible
  /** Units from the data up: [inputs, hidden₁, …, hidden_L]. */
  sizes: number[]
  /** Classes of the classifier (names in `DbnRunResult.labels`), else null. */
  classes: number | null
  /** Weights and biases of the saved model. */
  parameters: number
  metrics: DbnSplitMetrics[]
}

/** The end of a DBN run. */
export interface DbnRunResult {
  runId: RunId
  stop: { kind: 'epochs' } | { kind: 'stopped' } | { kind: 'diverged'; message: string }
  elapsedSeconds: number
  /** Every epoch of the run, for charts drawn after the fact. */
  pretrainEpochs: DbnPretrainEpochDto[]
  fineTuneEpochs: DbnFineTuneEpochDto[]
  model: DbnModelSummary
  /** Class names of the target, or null. */
  labels: string[] | null
}
