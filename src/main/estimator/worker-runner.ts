/** Runs a calibration in its own worker thread (electron-vite `?nodeWorker`), one worker per request. */
import createCalibrateWorker from './calibrate-worker?nodeWorker'
import type { CalibrationReply, CalibrationRunner, DbnCalibrationReply, DbnCalibrationRunner } from './calibrate-protocol'

export const calibrateInWorker: CalibrationRunner = (task) =>
  new Promise((resolve, reject) => {
    const worker = createCalibrateWorker({})
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      fn()
      void worker.terminate()
    }
    worker.once('message', (reply: CalibrationReply) =>
      finish(() => (reply.type === 'done' ? resolve({ run: reply.run, kernels: reply.kernels }) : reject(new Error(reply.message)))),
    )
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) => finish(() => reject(new Error(`The calibration worker stopped (exit code ${code}) before answering.`))))
    worker.postMessage(task)
  })

/** Runs a DBN calibration in its own worker thread (the same worker script, one worker per request). */
export const calibrateDbnInWorker: DbnCalibrationRunner = (task) =>
  new Promise((resolve, reject) => {
    const worker = createCalibrateWorker({})
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      fn()
      void worker.terminate()
    }
    worker.once('message', (reply: DbnCalibrationReply) =>
      finish(() => (reply.type === 'dbn-done' ? resolve({ run: reply.run, kernels: reply.kernels }) : reject(new Error(reply.message)))),
    )
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) => finish(() => reject(new Error(`The calibration worker stopped (exit code ${code}) before answering.`))))
    worker.postMessage(task)
  })
