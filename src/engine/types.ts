/**
 * Plain data shapes of the engine: what goes in (specs, settings, data) and what comes out
 * (per-batch and per-epoch statistics). Everything here is structured-clone safe, so the same
 * objects cross the worker boundary and the API contract (`src/shared` re-exports them).
 *
 * Conventions: matrices are row-major `Float32Array`s, one sample per row; a shape is written
 * `[rows×cols]`, e.g. a batch of inputs is `[batch×inputs]`.
 */

/** Activation functions of SPEC §3.2. `softmax` is only valid on the output layer. */
export type ActivationName =
  | 'identity'
  | 'step'
  | 'sigmoid'
  | 'tanh'
  | 'arctan'
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'softplus'
  | 'bentIdentity'
  | 'softExponential'
  | 'sinusoid'
  | 'sinc'
  | 'gaussian'
  | 'softmax'

/** Losses of SPEC §3.3: mean squared error, binary cross-entropy, categorical cross-entropy (with softmax). */
export type LossName = 'mse' | 'bce' | 'cce'

/** Weight initialisers of SPEC §3.4. `gaussian` draws N(0, σ²) with σ = `initSigma`. */
export type InitName = 'gaussian' | 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'lecunNormal'

/** Optimizers of SPEC §3.4. */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam'

/** What the network predicts; decides how accuracy is counted. */
export type Task = 'binary' | 'multiclass' | 'regression'

/** One fully connected layer: `Z = A_prev · Wᵀ + b`, `A = f(Z)` (W is `[units×fanIn]`, SPEC §3.1). */
export interface DenseLayerSpec {
  units: number
  activation: ActivationName
  /** α of leaky ReLU (default 0.01), ELU (default 1) and soft exponential (default 0). */
  alpha?: number
  /** Whether the layer has a bias vector (default true). */
  bias?: boolean
  /** Initialiser (default: glorotUniform, heUniform for ReLU-family). */
  init?: InitName
  /** σ of the `gaussian` initialiser (default 0.1). */
  initSigma?: number
  /** Multiplies the learning rate of this layer (default 1). */
  lrScale?: number
}

/** A feed-forward network: an input width, dense layers, and the loss on the last layer. */
export interface NetworkSpec {
  inputs: number
  layers: DenseLayerSpec[]
  loss: LossName
}

/** Stopping criteria of SPEC §3.4; any that is set can end the run before `epochs`. */
export interface StoppingSettings {
  /** Stop when |mean train loss(epoch) − mean train loss(epoch−1)| < lossDelta. */
  lossDelta?: number
  /** Early stopping: stop after `patience` epochs without a lower validation loss. */
  patience?: number
  /** With early stopping, put back the weights of the best validation epoch (default true). */
  restoreBest?: boolean
  /** Stop once training accuracy (validation accuracy when there is a validation set) reaches this. */
  targetAccuracy?: number
}

/** Everything about how to train, apart from the network and the data. */
export interface TrainSettings {
  optimizer: OptimizerName
  learningRate: number
  /** γ of momentum / Nesterov (default 0.9); β of RMSProp is `rho`. */
  momentum?: number
  /** The classic schedule: γ = 0.5 for the first `momentumWarmupEpochs` (default 5) epochs, then `momentum`. */
  momentumSchedule?: boolean
  momentumWarmupEpochs?: number
  /** Adam β₁, β₂ (defaults 0.9, 0.999); RMSProp decay ρ (default 0.9); ε for Adam/RMSProp/AdaGrad (default 1e-8). */
  beta1?: number
  beta2?: number
  rho?: number
  epsilon?: number
  /** Rows per mini-batch; `full` = batch gradient descent, 1 = online. */
  batchSize: number | 'full'
  epochs: number
  /** Reshuffle the training rows every epoch (default true), driven by `seed`. */
  shuffle?: boolean
  seed: number
  /** Penalties added to the loss: l1·Σ|w| and l2/2·Σw² (biases are not penalised). */
  l1?: number
  l2?: number
  /** η_l = η / sqrt(fan_in_l) for every layer (SPEC §3.4). */
  perLayerLrScaling?: boolean
  stopping?: StoppingSettings
  /** Task of the data; decides accuracy. Default: inferred from the loss. */
  task?: Task
}

/**
 * A data set in engine form, already encoded and scaled.
 * `x` is `[rows×inputs]`; `y` is `[rows×outputs]` (one-hot for multi-class, 0/1 for binary with one
 * output unit, values for regression); `labels` holds class indices for classification.
 */
export interface Dataset {
  rows: number
  inputs: number
  outputs: number
  x: Float32Array
  y: Float32Array
  labels?: Int32Array
}

/** Why a run ended. */
export type StopReason =
  | { kind: 'epochs' }
  | { kind: 'lossDelta'; delta: number }
  | { kind: 'earlyStopping'; bestEpoch: number }
  | { kind: 'targetAccuracy'; accuracy: number }
  | { kind: 'diverged'; message: string }
  | { kind: 'stopped' }

/** Statistics of one finished epoch (SPEC §3.5). Epochs count from 1. */
export interface EpochStats {
  epoch: number
  trainLoss: number
  trainAccuracy: number | null
  valLoss: number | null
  valAccuracy: number | null
  /** Wall time of this epoch's training loop, in seconds. */
  seconds: number
  samplesPerSecond: number
  /** Per weight layer, mean |∂C/∂W| over the epoch's batches: shows vanishing gradients. */
  gradMeanAbs: number[]
  /** The learning rate in force (before per-layer scaling). */
  learningRate: number
}

/** Result of one mini-batch step. */
export interface BatchStats {
  epoch: number
  /** Batch index within the epoch, from 0. */
  batch: number
  batchesPerEpoch: number
  loss: number
  accuracy: number | null
}

/**
 * Matrix kernels behind one signature, so the TypeScript and WebAssembly SIMD paths are
 * interchangeable (SPEC §3.7). Buffers from `alloc` can be used by `gemm` without copying.
 */
export type Kernels = KernelsOf<Float32Array>

/** One input column of the original table, before encoding. */
export interface FeatureColumn {
  name: string
  kind: 'numeric' | 'categorical'
  /** Categorical columns are one-hot encoded over these categories, in this order. */
  categories?: string[]
  /** Value that replaces a missing entry (mean or most frequent of the training split), when the policy fills. */
  fill?: number | string
}

/**
 * The transform from a raw table row to the network's input, fitted on the training split only and
 * stored with the model, so that prediction applies exactly the same transform (SPEC §2, §9).
 * Encoded input i is `(raw_i − offset[i]) / scale[i]`, after one-hot expansion of categorical columns.
 */
export interface Preprocessing {
  features: FeatureColumn[]
  scaling: 'none' | 'minmax' | 'zscore'
  offset: number[]
  scale: number[]
  target: {
    name: string
    task: Task
    /** Class labels as strings, in class-index order (classification only). */
    labels?: string[]
  }
  /** Missing-value policy at fit time: rows with a missing feature are dropped, or filled with `fill`. */
  missing?: 'drop' | 'mean' | 'mostFrequent'
  /** Output units of the encoded target: 1 (binary 0/1, or regression) or K (one-hot over K classes). */
  outputs?: number
}

/** The float arrays the layer code runs on: `Float32Array` for training, `Float64Array` for gradient checks. */
export type FloatArray = Float32Array | Float64Array

/**
 * `Kernels` over any float array type: the layer code is generic over it, so the same forward and
 * backward passes run in float32 (training) and float64 (gradient checks, STYLE §13).
 */
export interface KernelsOf<A extends FloatArray> {
  readonly name: string
  /** A zero-filled buffer of `length` elements that this kernel set reads and writes in place. */
  alloc(length: number): A
  /**
   * C = op(A)·op(B) (+ C when `accumulate`), row-major.
   * op(A) is `[m×k]` (A is `[k×m]` when `transA`), op(B) is `[k×n]` (B is `[n×k]` when `transB`), C is `[m×n]`.
   */
  gemm(
    a: A,
    b: A,
    c: A,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void
  /** Optional: gives back a buffer from `alloc` that is no longer used (the engine calls it when a batch buffer grows). */
  free?(buffer: A): void
  /** Optional fast path: Z[r][j] += b[j] over `[rows×cols]` (else the dense layer loops in TypeScript). */
  biasAdd?(z: A, bias: A, rows: number, cols: number): void
  /** Optional fast path: out[j] = Σ_r X[r][j] (+ out[j] when `accumulate`), X `[rows×cols]`. */
  columnSum?(x: A, out: A, rows: number, cols: number, accumulate: boolean): void
  /** Optional fast path for plain SGD: w −= η·g elementwise over w and g of equal length. */
  sgdUpdate?(w: A, g: A, learningRate: number): void
  /** Optional fast path (ReLU layer): a = max(z, 0) over the first `length` values. */
  reluForward?(z: A, a: A, length: number): void
  /** Optional fast path (ReLU layer): dz = dy where z > 0, else 0 (ReLU′(0) = 0), over the first `length` values. */
  reluBackward?(z: A, dy: A, dz: A, length: number): void
  /** Optional fast path (softmax layer): a = softmax(z) per row of `[rows×cols]`. */
  softmaxRows?(z: A, a: A, rows: number, cols: number): void
  /** Optional fast path (fused softmax + CCE loss): −1/N Σ_rows Σ_j t_j·ln softmax(z)_j over logits z `[rows×cols]`. */
  softmaxCrossEntropy?(z: A, t: A, rows: number, cols: number): number
  /** Optional fast path (∂L/∂z of the fused losses): d = (y − t)·scale over the first `length` values. */
  scaledDifference?(y: A, t: A, d: A, length: number, scale: number): void
  /** Optional fast path (gradient statistics): Σ|x_i| over the first `length` values. */
  sumAbs?(x: A, length: number): number
  /** Optional fast path (sparse dense-layer products): dst `[cols×rows]` = srcᵀ of src `[rows×cols]`. */
  transpose?(src: A, dst: A, rows: number, cols: number): void
  /**
   * Optional fast path (RBM CD step): z ← scale·σ(z + bias) per row of z `[rows×cols]` in float32; with
   * `out`, out ← Bernoulli(σ(z + bias)) drawn from the mulberry32 stream at `state` (row-major, written
   * after z); returns the stream state after the draws. Must equal `sigmoidRows32` of src/engine/rbm/rbm-kernels.ts.
   */
  rbmSigmoid?(z: A, bias: A, rows: number, cols: number, scale: number, out: A | null, state: number): number
  /** Optional fast path (RBM momentum + weight decay): vel ← μ·vel − d·w in float32 (`velocity32`). */
  rbmVelocity?(vel: A, w: A, momentum: number, decay: number): void
  /**
   * Optional fast path (sparse products: the RBM CD step, the input layer): C[m×n] = op(A)·B (+ C when
   * `accumulate`), B `[k×n]`, visiting only the nonzeros of op(A) (A `[k×m]` when `transA`); `scratch` ≥ 2·k floats. Returns op(A)'s nonzero count,
   * or −1 without touching C when it exceeds `maxNonzero` (or a buffer is not the kernels' own).
   */
  sparseGemm?(a: A, b: A, c: A, m: number, n: number, k: number, transA: boolean, accumulate: boolean, maxNonzero: number, scratch: A): number
}

/** Every classification metric of SPEC §5. Per-class arrays are indexed by class. */
export interface ClassificationMetrics {
  /** Σ_ij C_ij. */
  total: number
  /** Rows of each actual class: Σ_j C_ij. */
  support: number[]
  /** OA = Σ C_ii / Σ C_ij. */
  overallAccuracy: number
  /** CA_i = C_ii / Σ_j C_ij (= recall, producer's accuracy). */
  classAccuracy: number[]
  /** AA = mean_i CA_i. */
  averageAccuracy: number
  /** Recall_i = CA_i. */
  recall: number[]
  /** Precision_i = user's accuracy = C_ii / Σ_k C_ki. */
  precision: number[]
  /** F1_i = 2·P_i·R_i / (P_i + R_i). */
  f1: number[]
  /** Macro P = mean_i P_i. */
  macroPrecision: number
  /** Macro R = mean_i R_i (= AA). */
  macroRecall: number
  /** "F1 of macro P and macro R" = 2·P·R / (P + R). */
  f1OfMacroPR: number
  /** Macro F1 = mean_i F1_i. */
  macroF1: number
  /** Weighted F1 = Σ_i support_i·F1_i / Σ_i support_i. */
  weightedF1: number
  /** Cohen's κ = (p_o − p_e)/(1 − p_e), p_e = Σ_i (row_i/N)(col_i/N); 1 when p_e = 1 and p_o = 1. */
  kappa: number
}

/** Regression metrics of SPEC §5. */
export interface RegressionMetrics {
  /** MSE = 1/n Σ (p − t)² over all values. */
  mse: number
  /** MAE = 1/n Σ |p − t|. */
  mae: number
  /** R² = 1 − Σ(p − t)² / Σ(t − t̄)² (0 when the targets are constant and the fit is not exact). */
  r2: number
}
