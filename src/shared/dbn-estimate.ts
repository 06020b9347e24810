/** Payloads of the DBN time and energy estimate (SPEC §4, §8; issue 8): requests, replies, calibration. */
import type { DbnModelEstimate, DbnRunCost, DbnRunShape, DbnTimeParams } from '../engine/cost/dbn-types'
import type { CalibrationRecord, EnergySettings } from './estimate'

export type {
  DbnRunShape,
  DbnRunCost,
  DbnRbmRunCost,
  DbnFineTuneCost,
  DbnTimeParams,
  DbnTimeEstimate,
  DbnModelEstimate,
  CdTimeParams,
  EvalTimeParams,
  FineTuneTimeParams,
} from '../engine/cost/dbn-types'

/** `estimate:dbnRun`: a DBN run to estimate, with the energy settings the user chose. */
export interface DbnEstimateRequest extends EnergySettings {
  shape: DbnRunShape
}

/** `estimate:dbnCalibrate`: the run whose stack to time, and optionally sample rows of its data. */
export interface DbnCalibrateRequest {
  shape: DbnRunShape
  /** Sample input rows of the training data (each `shape.inputs` long): the first RBM's rows are drawn from them. */
  sampleRows?: number[][]
}

/** A calibration of the DBN time model on this machine (cached per machine and engine version). */
export interface DbnCalibrationInfo extends CalibrationRecord {
  params: DbnTimeParams
  /** κ per RBM: measured over modelled seconds of its CD batch of `batchSize` rows; applied to estimates of this stack at this batch size. */
  anchor: { batchSize: number; corrections: number[] } | null
  /** Root mean square relative error of each part's fit (null: the part was not measured). */
  rms: { cd: number; eval: number | null; fineTune: number | null }
  /** The measured shapes: part, name, rows per step, steps timed, seconds per step. */
  points: { part: 'cd' | 'eval' | 'fineTune'; shape: string; rows: number; steps: number; seconds: number }[]
  /** The stack it was measured on, e.g. "784-256-64 CD-1,1 bernoulli ρ0.19 autoencoder". */
  shapes: string
}

/** `estimate:dbnRun` reply: FLOPs, both time models with energy, and the calibration used (null: none yet). */
export interface DbnEstimateReply {
  cost: DbnRunCost
  layerModel: DbnModelEstimate
  flopModel: DbnModelEstimate | null
  calibration: DbnCalibrationInfo | null
  /** κ per RBM applied to the calibrated model (all 1 unless the calibration ran this stack at this batch size), and why. */
  correction: { factors: number[]; reason: string }
}
