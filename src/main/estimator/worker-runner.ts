/** Runs a calibration in its own worker thread (electron-vite `?nodeWorker`), one worker per request. */
import createCalibrateWorker from './calibrate-worker?nodeWorker'
import type { CalibrationReply, CalibrationRunner, DbnCalibrationReply, DbnCalibrationRunner } from './calibrate-protocol'

/** The worker's reply to one task: its `Done` answer, or an error message. */
type Reply<Done> = Done | { type: 'error'; message: string }

/**
 * Posts `task` to a fresh calibration worker and settles with its first answer: a `doneType` reply resolves
 * with its run and kernel name; an error reply, a crash or an early exit rejects.
 */
function runInWorker<Done extends { type: string; run: unknown; kernels: string }>(
  task: unknown,
  doneType: Done['type'],
): Promise<{ run: Done['run']; kernels: string }> {
  const isDone = (reply: Reply<Done>): reply is Done => reply.type === doneType
  return new Promise((resolve, reject) => {
    const worker = createCalibrateWorker({})
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      fn()
      void worker.terminate()
    }
    worker.once('message', (reply: Reply<Done>) =>
      finish(() => (isDone(reply) ? resolve({ run: reply.run, kernels: reply.kernels }) : reject(new Error(reply.message)))),
    )
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) => finish(() => reject(new Error(`The calibration worker stopped (exit code ${code}) before answering.`))))
    worker.postMessage(task)
  })
}

export const calibrateInWorker: CalibrationRunner = (task) =>
  runInWorker<Extract<CalibrationReply, { type: 'done' }>>(task, 'done')

/** Runs a DBN calibration in its own worker thread (the same worker script, one worker per request). */
export const calibrateDbnInWorker: DbnCalibrationRunner = (task) =>
  runInWorker<Extract<DbnCalibrationReply, { type: 'dbn-done' }>>(task, 'dbn-done')
