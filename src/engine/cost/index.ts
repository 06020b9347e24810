/**
 * The cost model of SPEC §8: parameters, FLOPs, time models and energy, as pure functions shared by
 * the network editor, the estimator panel, the backend and the CLI.
 */
export { networkCost, trainingCost, batchesOf } from './network-cost'
export type { NetworkCost, LayerCost, LayerFlopBreakdown, TrainingShape, TrainingCost } from './network-cost'
export { ACTIVATION_FLOPS, LOSS_FLOPS, OPTIMIZER_FLOPS, type ElementCost } from './op-costs'
