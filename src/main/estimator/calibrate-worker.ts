/**
 * Calibration worker thread: runs the ≤ 3 s benchmark away from the backend's event loop, so the
 * web host and the Electron main process keep answering (and a running training keeps reporting)
 * while it measures. One request per worker; the answer or the error is posted, then the thread ends.
 */
import { parentPort } from 'node:worker_threads'
import { calibrate } from './calibrate'
import { calibrateDbn } from './calibrate-rbm'
import { loadKernels } from '../training/kernels'
import type { CalibrationReply, CalibrationTask, DbnCalibrationReply, DbnCalibrationTask } from './calibrate-protocol'

const port = parentPort
if (!port) throw new Error('calibrate-worker must run in a worker thread')

port.once('message', (task: CalibrationTask | DbnCalibrationTask) => {
  void (async () => {
    try {
      const kernels = await loadKernels(task.kernels)
      if ('kind' in task) {
        const dbnRun = calibrateDbn({ shape: task.shape, sampleRows: task.sampleRows, kernels, budgetMs: task.budgetMs })
        port.postMessage({ type: 'dbn-done', run: dbnRun, kernels: kernels.name } satisfies DbnCalibrationReply)
        return
      }
      const run = calibrate({ ...task.request, kernels, budgetMs: task.budgetMs })
      port.postMessage({ type: 'done', run, kernels: kernels.name } satisfies CalibrationReply)
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error)?.message ?? String(error) } satisfies CalibrationReply)
    }
  })()
})
