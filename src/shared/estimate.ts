/** Payloads of the energy and time estimator (SPEC §8): requests, replies, calibration, machine and energy. */
import type { NetworkSpec, TrainSettings } from '../engine/types'

/** Parameters and FLOPs per layer and in total (SPEC §8): the engine's cost model, for `estimate:network`. */
export type { NetworkCost, LayerCost, LayerFlopBreakdown } from '../engine/cost/types'
/** Parameters and FLOPs per RBM of a DBN drawn in the editor, for `estimate:dbn`. */
export type { DbnCost, DbnCostSpec, DbnLayerCost } from '../engine/cost/types'
export type {
  RunEstimate,
  ModelEstimate,
  TimeEstimate,
  EnergyEstimate,
  Equivalent,
  FlopModelParams,
  HardwarePreset,
  SourcedValue,
  TrainingCost,
} from '../engine/cost/types'
import type { FlopModelParams as EstimatorFlopParams, HardwarePreset as EstimatorPreset, RunEstimate as EstimatorRun, SourcedValue as EstimatorSourced } from '../engine/cost/types'

/** `estimate:run`: a run to estimate, with the energy settings the user chose. */
export interface EstimateRequest {
  network: NetworkSpec
  samples: number
  batchSize: number
  epochs: number
  optimizer?: TrainSettings['optimizer']
  /** Seconds per layer operation of the course's model (default 0.01). */
  tOp: number
  /** ρ: fraction of nonzero input values of the training data (default 1: dense assumed). */
  inputDensity?: number
  watts: number
  pue: number
  carbonGramsPerKwh: number
}

/** `estimate:run` reply: the estimate and the calibration its FLOP model used (null: none yet). */
export interface EstimateReply extends EstimatorRun {
  calibration: CalibrationInfo | null
  /** ρ the estimate assumed (the request's, else 1: dense). */
  inputDensity: number
  /**
   * κ applied to the FLOP model: the calibration's anchor when it ran this network at this batch size and
   * a density on the same side of the sparse threshold within 0.05, else 1; and why.
   */
  correction: { factor: number; reason: string }
}

/** `estimate:calibrate`: which shapes to benchmark. */
export interface CalibrateRequest {
  network: NetworkSpec
  samples: number
  batchSize: number
  optimizer?: TrainSettings['optimizer']
  /** ρ: fraction of nonzero input values of the training data (default: the mean of `rowDensities`, else 1). */
  inputDensity?: number
  /** Per-row fractions of nonzero inputs of a sample of the training rows (synthetic rows draw theirs from it). */
  rowDensities?: number[]
  /** Sample input rows of the training data, each `network.inputs` long: the calibration's rows are drawn from them. */
  sampleRows?: number[][]
}

/** The calibration's run of the user's own network at the user's batch size: the correction κ. */
export interface CalibrationAnchorInfo {
  batchSize: number
  samples: number
  /** ρ of the data it ran on. */
  inputDensity: number
  threads: 1 | 2
  steps: number
  /** Measured seconds per batch. */
  seconds: number
  /** The fitted model's seconds per batch. */
  modelSeconds: number
  /** κ = seconds / modelSeconds; applied to estimates of the same network, batch size and density. */
  correction: number
}

/** A calibration of the FLOP model on this machine (cached per machine and engine version). */
export interface CalibrationInfo {
  params: EstimatorFlopParams
  rmsRelativeError: number
  /** The measured shapes: widths, rows per batch, steps timed, seconds per step. */
  points: { shape: string; rows: number; steps: number; seconds: number }[]
  /** Wall time of the benchmark, in s. */
  seconds: number
  /** Widths, activations, loss and optimizer it was measured on. */
  shapes: string
  kernels: string
  engineVersion: string
  /** ISO time. */
  createdAt: string
  /** Average CPU package power during the benchmark from RAPL, or null when unreadable. */
  measuredWatts: number | null
  /** CPU time of this process over wall time over cores during the benchmark (0–1). */
  utilisation: number
  /** κ from the run of the requested network at its batch size (absent in older caches). */
  anchor?: CalibrationAnchorInfo | null
}

/** `estimate:machine`: this machine and how its power is known. */
export interface MachineInfo {
  cpu: string
  cores: number
  kernels: string
  /** Whether RAPL package counters are readable here. */
  rapl: boolean
  /** Power of the "this machine" profile, and where it comes from. */
  power: { watts: number; source: 'rapl' | 'tdp'; assumption: string }
  presets: EstimatorPreset[]
  defaults: { tOp: number; carbon: EstimatorSourced; localPue: EstimatorSourced; dataCentrePue: EstimatorSourced }
  /** The latest calibration on this machine, if any. */
  calibration: CalibrationInfo | null
}

/** `estimate:meterStop`: wall time and, where RAPL is readable, energy since `estimate:meterStart`. */
export interface EnergyMeasurement {
  seconds: number
  /** Measured CPU package energy in J, or null without readable RAPL counters. */
  joules: number | null
  source: 'rapl' | 'none'
}
