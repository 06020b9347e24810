/** Messages between the estimator service and its calibration worker. */
import type { CalibrateRequest } from '../../shared/dto'
import type { CalibrationRun } from './calibrate'
import type { DbnCalibrationRun } from './calibrate-rbm'
import type { DbnRunShape } from '../../engine/cost'

export interface CalibrationTask {
  request: CalibrateRequest
  kernels: 'wasm' | 'ts'
  budgetMs?: number
}

export type CalibrationReply = { type: 'done'; run: CalibrationRun; kernels: string } | { type: 'error'; message: string }

/** Runs a calibration somewhere (in this thread, or in a worker) and answers its run and kernel name. */
export type CalibrationRunner = (task: CalibrationTask) => Promise<{ run: CalibrationRun; kernels: string }>

/** A DBN calibration (src/main/estimator/calibrate-rbm.ts) for the same worker. */
export interface DbnCalibrationTask {
  kind: 'dbn'
  shape: DbnRunShape
  /** Sample input rows of the user's data (see `DbnCalibrateOptions.sampleRows`). */
  sampleRows?: number[][]
  kernels: 'wasm' | 'ts'
  budgetMs?: number
}

export type DbnCalibrationReply = { type: 'dbn-done'; run: DbnCalibrationRun; kernels: string } | { type: 'error'; message: string }

/** Runs a DBN calibration somewhere (in this thread, or in a worker) and answers its run and kernel name. */
export type DbnCalibrationRunner = (task: DbnCalibrationTask) => Promise<{ run: DbnCalibrationRun; kernels: string }>
