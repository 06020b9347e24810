/**
 * Plain data shapes of the DBN time and energy estimate (SPEC §4, §8). Types only, so `src/shared`
 * can re-export them to the renderer without pulling in engine code.
 */
import type { DbnRbmSizes, ModelEstimate } from './types'

/** What the DBN job fine-tunes after greedy pretraining (src/engine/rbm/pipeline.ts). */
export type DbnFineTuneKind = 'none' | 'autoencoder' | 'classifier'

/** A greedy DBN training run: the stack, its CD-k settings, the data and the fine-tuning. */
export interface DbnRunShape {
  /** Visible units of the first RBM. */
  inputs: number
  /** Hidden units of each RBM, bottom first. */
  layers: number[]
  /** Gibbs steps per RBM (missing entries: the last given, else 1). */
  k: number[]
  /** Persistent CD (default false). */
  persistent?: boolean
  /** Visible units of the first RBM (default bernoulli). */
  visible?: 'bernoulli' | 'gaussian'
  /** N: training rows. */
  samples: number
  /** V: validation rows; the job monitors them per epoch and propagates them up the stack (default 0). */
  validationRows?: number
  /** m: rows per mini-batch, of pretraining and fine-tuning alike (as the app's DBN job). */
  batchSize: number
  /** e: epochs of each RBM. */
  epochs: number
  fineTune?: DbnFineTuneKind
  /** Softmax classes of a classifier's output layer. */
  classes?: number
  /** e_ft: epochs of fine-tuning (default 0). */
  fineTuneEpochs?: number
  /** ρ: fraction of nonzero values of the first RBM's data (default 1, dense). */
  inputDensity?: number
  /** Rows of each set the trainer's per-epoch monitors use, at most (default 1000, `RbmSettings.monitorRows`). */
  monitorRows?: number
}

/** FLOPs of one RBM of a DBN run. */
export interface DbnRbmRunCost extends DbnRbmSizes {
  /** CD-k per sample (`rbmCost`). */
  flopsPerSample: number
  /** The momentum update of all parameters, once per mini-batch. */
  flopsPerUpdate: number
  /** e · (N · flopsPerSample + ⌈N/m⌉ · flopsPerUpdate) */
  trainFlops: number
  /** e · the per-epoch monitors (reconstruction error, pseudo-log-likelihood, free energies). */
  monitorFlops: number
  /** (N + V) · (2vh + 4h): making the next RBM's data (0 for the top RBM). */
  propagateFlops: number
}

/** FLOPs of fine-tuning the unrolled stack by backpropagation with Adam. */
export interface DbnFineTuneCost {
  kind: 'autoencoder' | 'classifier'
  /** Widths of the unrolled network, input first (e.g. 784-256-64-256-784). */
  widths: number[]
  parameters: number
  parametersWithoutBias: number
  /** Forward + backward of one row (`networkCost` of the unrolled network). */
  flopsPerSample: number
  /** e_ft · (N · flopsPerSample + ⌈N/m⌉ · 13 · parameters) */
  trainFlops: number
  /** e_ft · V · flopsPerSample: the per-epoch validation loss (forward and backward, src/engine/rbm/fine-tune-trainer.ts). */
  evaluationFlops: number
}

/** FLOPs and parameters of a whole DBN run. */
export interface DbnRunCost {
  rbms: DbnRbmRunCost[]
  fineTune: DbnFineTuneCost | null
  /** Parameters of the RBMs (the fine-tuned network's when there is one). */
  parameters: number
  parametersWithoutBias: number
  /** Σ CD-k FLOPs per sample over the RBMs (one sample through every RBM's training). */
  flopsPerSample: number
  /** Σ train + monitor + propagate FLOPs of every RBM, plus fine-tuning. */
  totalFlops: number
}

/** Constants of one CD-k mini-batch of r rows: t = a + f·r + c·U + r·G/R + d·r·E. */
export interface CdTimeParams {
  /** a: seconds per mini-batch. */
  perBatch: number
  /** f: seconds per row, whatever its width (gathering it into the batch). */
  perRow: number
  /** c: seconds per FLOP of the parameter update U = 6·weights + 2·biases. */
  perUpdateFlop: number
  /** R: GEMM FLOPs per second of the CD products. */
  flopsPerSecond: number
  /** d: seconds per elementwise operation (σ, Bernoulli draws, column sums). */
  perElement: number
}

/** Constants of the passes over whole data sets (propagation, monitors): t = rows·(u + G/R + d·E). */
export interface EvalTimeParams {
  /** u: seconds per row. */
  perRow: number
  /** R: GEMM FLOPs per second of the chunked passes. */
  flopsPerSecond: number
  /** d: seconds per elementwise operation (σ, softplus, squared errors). */
  perElement: number
}

/** Constants of one fine-tuning mini-batch of r rows: t = a + c·13·P + r·F/R (F: forward + backward FLOPs per row). */
export interface FineTuneTimeParams {
  /** a: seconds per mini-batch. */
  perBatch: number
  /** c: seconds per FLOP of the Adam step (13 per parameter, plain JS loops). */
  perUpdateFlop: number
  /** R: FLOPs per second of the forward and backward passes. */
  flopsPerSecond: number
}

/** The calibrated constants of the DBN time model on this machine. */
export interface DbnTimeParams {
  cd: CdTimeParams
  eval: EvalTimeParams
  /** Null when the calibration measured no fine-tuning (then fine-tuning is not estimated by this model). */
  fineTune: FineTuneTimeParams | null
  /** Whether the calibrated kernels skip the zeros of sparse visible batches (`sparseGemm`). */
  skipsZeros: boolean
}

/** A time estimate of a DBN run, whole-run seconds unless stated. */
export interface DbnTimeEstimate {
  seconds: number
  /** Per RBM: its e epochs of CD updates and monitors. */
  rbms: number[]
  /** Per RBM: one epoch, updates and monitors. */
  rbmEpochs: number[]
  /** Per RBM: one epoch of CD updates only (what the trainer reports as an epoch's seconds). */
  rbmUpdateEpochs: number[]
  /** After RBM i: propagating the N + V rows up to make the next RBM's data (0 for the top RBM). */
  propagate: number[]
  /** Fine-tuning, all epochs (0 without). */
  fineTune: number
  /** One fine-tuning epoch's batches, without the validation loss (what the trainer reports as its seconds; 0 without). */
  fineTuneUpdateEpoch: number
  /** Calibrated model only: κ per RBM, the factor its CD batches were multiplied by (1: none). */
  corrections?: number[]
}

/** Time, energy, CO₂ and equivalents of a DBN run by one time model. */
export type DbnModelEstimate = ModelEstimate<DbnTimeEstimate>
