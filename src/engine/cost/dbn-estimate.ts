/**
 * One estimate of a DBN training run: its FLOPs, the layer model and (with calibrated constants) the
 * calibrated model, each with energy, CO₂ and equivalents, so the panel, the CLI and the benchmark
 * print the same numbers.
 */
import { dbnFlopModelTime, dbnLayerModelTime, dbnRunCost } from './dbn-time'
import { withEnergy } from './energy'
import type { DbnModelEstimate, DbnRunCost, DbnRunShape, DbnTimeParams } from './dbn-types'
import type { EnergyInput } from './types'

/** The whole estimate of a DBN run. */
export interface DbnRunEstimate {
  cost: DbnRunCost
  layerModel: DbnModelEstimate
  flopModel: DbnModelEstimate | null
}

/**
 * FLOPs, the layer-model time and (with `params`) the calibrated time of `shape`, with energy and CO₂;
 * `corrections`: κ per RBM from a calibration of this very stack and batch size.
 */
export function estimateDbnRun(shape: DbnRunShape, tOp: number, energy: EnergyInput, params: DbnTimeParams | null, corrections: readonly number[] = []): DbnRunEstimate {
  return {
    cost: dbnRunCost(shape),
    layerModel: withEnergy(dbnLayerModelTime(shape, tOp), energy),
    flopModel: params ? withEnergy(dbnFlopModelTime(shape, params, corrections), energy) : null,
  }
}
