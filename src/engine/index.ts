/**
 * Public API of the Layerwise engine (SPEC §3, §5, §9). Pure TypeScript: no platform imports, so it
 * runs unchanged in a worker thread, a browser and vitest.
 */

/** Plain data shapes: specs, settings, data sets, statistics, the `Kernels` interface. */
export type * from './types'

/** Seeded mulberry32 generator: `next`, `normal`, `int`, `shuffle` (Fisher–Yates). */
export { Rng } from './random'

/** Reference GEMM kernels (`naiveKernels`, float32), their float64 twin, and the shape check every kernel shares. */
export { naiveKernels, float64Kernels, naiveGemm, checkGemm } from './kernels/naive'
/** The fast TypeScript kernels: blocked i-k-j GEMM on `Float32Array` (the default of `Network.create`). */
export { tsKernels, blockedGemm } from './kernels/blocked'

/** Activation units (forward and backward) by name, their default α, and the list of names. */
export { activation, defaultAlpha, sigmoid, softplus, ACTIVATIONS, type Activation } from './activations'
/** Loss units by name and output activation (fused cross-entropies on logits). */
export { lossFor, type Loss } from './losses'
/** Weight initialisers and the default per activation. */
export { initWeights, defaultInit } from './init'
/** Layer units: dense (Z = X·Wᵀ + b) and activation (A = f(Z)). */
export { Dense, type Param, type DenseJSON } from './layers/dense'
export { ActivationLayer } from './layers/activation'

/** A feed-forward network: `create`, `predict`, `forward`/`backward`, weights per layer, `toJSON`/`fromJSON`. */
export { Network, checkSpec, specWarnings, type NetworkJSON, type DenseLayerJSON } from './network'
/** Optimizers (one class each) and the factory from training settings. */
export { Optimizer, Sgd, Momentum, Nesterov, AdaGrad, RmsProp, Adam, createOptimizer, type Alloc } from './optimizers'
/** One-batch-per-step trainer with all stopping criteria and divergence handling. */
export { Trainer, type TrainerStep, type TrainData, type TrainerHost } from './trainer'
/** Loss, accuracy, predictions and confusion matrix of a network on a data set. */
export { evaluate, taskFor, classOf, type Evaluation } from './evaluate'
/** Confusion matrix and the metrics of SPEC §5. */
export {
  confusionMatrix,
  classificationMetrics,
  regressionMetrics,
  type ClassificationMetrics,
  type RegressionMetrics,
} from './metrics'
/** The perceptron rule on a single layer of step units (SPEC §3.6). */
export { perceptron, perceptronPredict, type PerceptronData, type PerceptronOptions, type PerceptronResult } from './perceptron'
/** Model JSON (SPEC §9): save, validate and load, with the envelope shared by every model kind. */
export {
  serializeModel,
  parseModel,
  checkEnvelope,
  loadNetwork,
  ModelFormatError,
  MODEL_FORMAT,
  MODEL_VERSION,
  MODEL_KINDS,
  MODEL_LIMITS,
  type ModelJSON,
  type ModelEnvelope,
  type ModelExtras,
  type ModelKind,
} from './serialize'
/** Validators for untrusted JSON, for the parsers of other model kinds. */
export * as jsonCheck from './json-check'
/** Cost model (SPEC §8): parameters and FLOPs per layer, time models, energy and CO₂. */
export * from './cost'
