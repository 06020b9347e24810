/**
 * One estimate of a training run: the cost model, both time models and their energy, composed from
 * the pure parts so that the panel (through the backend), the CLI and the benchmark print the same numbers.
 */
import { withEnergy } from './energy'
import { networkCost, trainingCost } from './network-cost'
import { flopModelTime, layerModelTime } from './time-model'
import type { RunEstimate, RunEstimateInput } from './types'

/** Parameters, FLOPs, the layer-model and (with calibrated constants) the FLOP-model time, energy and CO₂. */
export function estimateRun(input: RunEstimateInput): RunEstimate {
  const cost = networkCost(input.network)
  const shape = { samples: input.samples, batchSize: input.batchSize, epochs: input.epochs, optimizer: input.optimizer, inputDensity: input.inputDensity }
  return {
    cost,
    training: trainingCost(cost, shape),
    layerModel: withEnergy(layerModelTime(cost, shape, input.tOp), input.energy),
    flopModel: input.flopModel ? withEnergy(flopModelTime(cost, shape, input.flopModel, input.flopCorrection), input.energy) : null,
  }
}

/** Signed error of an estimate against a measurement, in % of the measurement: (estimate − measured)/measured·100. */
export function errorPercent(estimated: number, measured: number): number {
  return ((estimated - measured) / measured) * 100
}
