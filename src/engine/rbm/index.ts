/**
 * Restricted Boltzmann Machines and Deep Belief Nets (SPEC §4): the public API of this folder.
 *
 * Typical use (worker or CLI), everything seeded through an `Rng` and running on a `Kernels` set:
 * ```ts
 * const job = new DbnPipeline(kernels, { train, validation }, { layers: [256, 64], rbm: { epochs: 10, batchSize: 64 } },
 *                             { mode: 'autoencoder', epochs: 20, batchSize: 64, noise: parseNoise('saltpepper:0.2') }, new Rng(seed))
 * while (!job.step().done) {}            // one mini-batch per step: interleave stop/pause and progress events
 * const text = saveDbnModel(job.model({ preprocessing, training, metrics }))
 * ```
 */

/** The RBM, its conditionals, free energy and the CD-k / PCD-k update. */
export { Rbm, CdWorkspace, cdStep, type RbmShape, type CdStepSettings } from './rbm'
/** Element-wise helpers and the random-source and visible-unit types. */
export { sigmoid, fastSigmoid, softplus, type RandomSource, type VisibleKind } from './rbm-math'
/** Whole-data-set evaluations: p(h|v), E[v|h], reconstruction, free energy, monitors. */
export { hiddenProbsAll, visibleMeansAll, reconstruct, freeEnergies, reconstructionError, pseudoLogLikelihood } from './rbm-eval'
/** Step-wise RBM training with per-epoch monitors. */
export {
  RbmTrainer,
  resolveRbmSettings,
  type Matrix,
  type RbmSettings,
  type RbmEpochStats,
  type RbmStepResult,
  type RbmStopReason,
} from './rbm-trainer'
/** The stack and its greedy layer-wise trainer. */
export { Dbn, DbnTrainer, type DbnSettings, type DbnStepResult } from './dbn'
/** The network a stack is unrolled into, and its fine-tuning trainer (Adam, BCE/MSE/CCE, optional denoising). */
export { FineTuneNet, randomDense, type DenseParams, type FineActivation, type FineLoss, type AdamSettings } from './fine-tune-net'
export {
  FineTuneTrainer,
  evaluate,
  type FineTuneSettings,
  type FineTuneEpochStats,
  type FineTuneStepResult,
  type Supervised,
} from './fine-tune-trainer'
/** Unrolled autoencoder and DBN classifier. */
export {
  unroll,
  reconstructAe,
  encodeAe,
  buildClassifier,
  classProbabilities,
  classify,
  oneHot,
  type Autoencoder,
  type DbnClassifier,
} from './autoencoder'
/** Pretraining + fine-tuning as one step-wise job. */
export { DbnPipeline, type DbnPipelineData, type DbnPipelineStep, type FineTuneSpec } from './pipeline'
/** Noise for denoising. */
export { applyNoise, addNoise, parseNoise, type NoiseSpec } from './noise'
/** MSE, PSNR, percentiles, ROC/AUC, confusion at a threshold. */
export { mse, psnr, rowMse, percentile, roc, auc, confusionAt, type RocCurve } from './metrics'
/** Reconstruction, anomaly scores and reports, Gibbs sampling, filters. */
export {
  reconstructRows,
  anomalyScores,
  detectAnomalies,
  gibbsSamples,
  hiddenFilters,
  type Reconstructor,
  type ScoreKind,
  type AnomalyReport,
} from './uses'
/** Model JSON of kinds rbm, dbn, autoencoder, dbn-classifier. */
export {
  saveDbnModel,
  loadDbnModel,
  dbnModelToJSON,
  dbnModelFromJSON,
  rbmToJSON,
  rbmFromJSON,
  netToJSON,
  netFromJSON,
  MODEL_FORMAT,
  MODEL_VERSION,
  type DbnFamilyModel,
  type DbnModelKind,
  type ModelMeta,
  type RbmJSON,
  type TensorJSON,
} from './serialize-dbn'
export { ModelFormatError } from './json-checks'
