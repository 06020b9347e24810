/** Messages between the estimator service and its calibration worker. */
import type { CalibrateRequest } from '../../shared/dto'
import type { CalibrationRun } from './calibrate'

export interface CalibrationTask {
  request: CalibrateRequest
  kernels: 'wasm' | 'ts'
  budgetMs?: number
}

export type CalibrationReply = { type: 'done'; run: CalibrationRun; kernels: string } | { type: 'error'; message: string }

/** Runs a calibration somewhere (in this thread, or in a worker) and answers its run and kernel name. */
export type CalibrationRunner = (task: CalibrationTask) => Promise<{ run: CalibrationRun; kernels: string }>
