/**
 * Calibration worker thread: runs the ≤ 3 s benchmark away from the backend's event loop, so the
 * web host and the Electron main process keep answering (and a running training keeps reporting)
 * while it measures. One request per worker; the answer or the error is posted, then the thread ends.
 */
import { parentPort } from 'node:worker_threads'
import { calibrate } from './calibrate'
import { loadKernels } from '../training/kernels'
import type { CalibrationReply, CalibrationTask } from './calibrate-protocol'

const port = parentPort
if (!port) throw new Error('calibrate-worker must run in a worker thread')

port.once('message', (task: CalibrationTask) => {
  void (async () => {
    try {
      const kernels = await loadKernels(task.kernels)
      const run = calibrate({ ...task.request, kernels, budgetMs: task.budgetMs })
      port.postMessage({ type: 'done', run, kernels: kernels.name } satisfies CalibrationReply)
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error)?.message ?? String(error) } satisfies CalibrationReply)
    }
  })()
})
