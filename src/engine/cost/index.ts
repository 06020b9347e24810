/**
 * The cost model of SPEC §8: parameters, FLOPs, time models and energy, as pure functions shared by
 * the network editor, the estimator panel, the backend and the CLI.
 */
export type * from './types'
/** Parameters and FLOPs per layer and per run (convention: docs/estimator.md). */
export { networkCost, trainingCost, batchesOf } from './network-cost'
/** Per-element FLOPs of activations and losses, per-parameter FLOPs of optimizer steps. */
export { ACTIVATION_FLOPS, LOSS_FLOPS, OPTIMIZER_FLOPS, type ElementCost } from './op-costs'
/** CD-k FLOPs of RBMs and greedy DBN training. */
export { rbmCost, dbnTrainingCost } from './rbm-cost'
/** Parameters and FLOPs per sample of a DBN drawn in the editor (per RBM and its classifier head). */
export { dbnCost } from './dbn-cost'
/** The course's layer model and the calibrated FLOP model. */
export {
  DEFAULT_T_OP,
  SPARSE_INPUT_MAX_DENSITY,
  SPARSE_INPUT_MIN_WEIGHTS,
  layerModelTime,
  flopModelTime,
  batchFeatures,
  batchSeconds,
  splitsBatches,
  sparseInputs,
  type BatchFeatures,
} from './time-model'
/** Least-squares calibration of the FLOP model. */
export { fitFlopModel, type TimedBatch, type FlopModelFit } from './fit'
/** E = P·t·PUE, CO₂, everyday equivalents, hardware presets and sourced defaults. */
export {
  JOULES_PER_KWH,
  DEFAULT_CARBON_INTENSITY,
  LOCAL_PUE,
  DATA_CENTRE_PUE,
  HARDWARE_PRESETS,
  LED_BULB_DAY_KWH,
  PHONE_CHARGE_KWH,
  CAR_GRAMS_PER_KM,
  joulesToKwh,
  kwhToJoules,
  energyOf,
  equivalents,
} from './energy'
/** Time of greedy DBN training: the layer model t = t_op·R·(N/m)·e and the calibrated CD-k model (docs/estimator.md). */
export type * from './dbn-types'
export {
  DEFAULT_MONITOR_ROWS,
  dbnRbms,
  fineTuneNetwork,
  fineTuneCost,
  monitorFlops,
  dbnRunCost,
  dbnLayerModelTime,
  dbnFlopModelTime,
  cdBatchFeatures,
  cdBatchSeconds,
  evalFeatures,
  evalSeconds,
  fineTuneBatchFeatures,
  type DbnRbmShape,
} from './dbn-time'
export { fitDbnTimeModel, fitNonNegative, type DbnTiming, type DbnTimeFit } from './dbn-fit'
export { estimateDbnRun, type DbnRunEstimate } from './dbn-estimate'
/** The whole estimate of a run, and the error of an estimate against a measurement. */
export { estimateRun, errorPercent } from './estimate'
