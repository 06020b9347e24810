/** Payloads of the energy and time estimator (SPEC §8): requests, replies, calibration, machine and energy. */
import type { NetworkSpec, TrainSettings } from '../engine/types'
import type { DataRef } from './dto'

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

/**
 * The data a run will train on, named as `training:start` names it (`StartTrainingRequest`): the
 * estimator prepares its training split with the training's own code, for ρ and the calibration's rows.
 */
export interface TrainingDataRef {
  data: DataRef
  /** The run's seed (`TrainSettings.seed`): it decides the split. */
  seed: number
  /** Fractions held out, as `StartTrainingRequest.split` (default: the data reference's, else 0.15 + 0.15). */
  split?: { validation: number; test: number }
}

/** What the estimator took from the prepared training split of a `TrainingDataRef`. */
export interface TrainingDataInfo {
  /** The data set's name (file name or built-in name). */
  name: string
  /** Rows of the prepared training split. */
  rows: number
  /** ρ: the exact fraction of nonzero input values over the whole split. */
  inputDensity: number
  /** Rows of the split given to the calibration as its sample rows (evenly spread over it; 0 when ρ was typed in). */
  sampleRows: number
}

/** Where an estimate's ρ came from: the request's own value, the prepared training data, or 1 (dense assumed). */
export type InputDensitySource = 'request' | 'data' | 'default'

/** `estimate:run`: a run to estimate, with the energy settings the user chose. */
export interface EstimateRequest {
  network: NetworkSpec
  samples: number
  batchSize: number
  epochs: number
  optimizer?: TrainSettings['optimizer']
  /** Seconds per layer operation of the course's model (default 0.01). */
  tOp: number
  /** ρ: fraction of nonzero input values of the training data (default: the prepared `trainingData`'s, else 1: dense assumed). */
  inputDensity?: number
  /** The data the run trains on: ρ comes from its prepared training split unless `inputDensity` is given. */
  trainingData?: TrainingDataRef
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
  /** Where `inputDensity` came from (absent in replies of older backends). */
  inputDensitySource?: InputDensitySource
  /** The request's `trainingData` as prepared; null when it could not be prepared (`trainingDataError` says why). */
  trainingData?: TrainingDataInfo | null
  trainingDataError?: string
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
  /**
   * The data the run trains on: the calibration takes up to 1,024 rows of its prepared training split,
   * their densities and the split's ρ (with `inputDensity` given, ρ stays that and only the row densities are used).
   */
  trainingData?: TrainingDataRef
}

/** The calibration's run of the user's own network at the user's batch size: the correction κ. */
export interface CalibrationAnchorInfo {
  batchSize: number
  samples: number
  /** ρ of the data it ran on. */
  inputDensity: number
  threads: 1 | 2
  steps: number
  /** Timed windows, spread over the benchmark (absent in older caches). */
  windows?: number
  /** Measured seconds per batch: Σ window seconds / Σ batches. */
  seconds: number
  /** The fitted model's seconds per batch. */
  modelSeconds: number
  /** κ = seconds / modelSeconds; applied to estimates of the same network, batch size and density. */
  correction: number
  /** Cores it kept busy (process CPU / wall time; absent in older caches). */
  cpuShare?: number
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
  /** The prepared training data its rows came from (absent or null: rows given directly, or synthetic). */
  trainingData?: TrainingDataInfo | null
}

/** What every machine calibration records about its benchmark (the DBN calibration too): time, shapes, kernels, version, power. */
export type CalibrationRecord = Pick<CalibrationInfo, 'seconds' | 'shapes' | 'kernels' | 'engineVersion' | 'createdAt' | 'measuredWatts'>

/** The energy settings the user chose for an estimate (the DBN estimate too), with the course's seconds per layer operation. */
export type EnergySettings = Pick<EstimateRequest, 'tOp' | 'watts' | 'pue' | 'carbonGramsPerKwh'>

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
