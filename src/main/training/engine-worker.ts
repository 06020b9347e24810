/**
 * Training worker thread: runs one job with the engine and reports throttled progress frames.
 * It yields to its event loop every time slice so that pause / resume / stop messages are seen
 * within milliseconds, and every failure is posted as an `error` message before the thread ends.
 */
import { parentPort } from 'node:worker_threads'
import type { FromWorker, ToWorker, TrainingJob } from '../../shared/engine-protocol'
import { runJob, type JobControl } from './run-job'
import { kernelReport, loadKernelSet } from './kernels'
import { runDbnJob } from './dbn-job'
import type { DbnJob } from '../../shared/engine-protocol'

const port = parentPort
if (!port) throw new Error('engine-worker must run in a worker thread')

const control: JobControl = { stopped: false, paused: false, wake: null }
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      void start(message.job)
      break
    case 'start-dbn':
      void startDbn(message.job)
      break
    case 'pause':
      control.paused = true
      break
    case 'resume':
      control.paused = false
      control.wake?.()
      break
    case 'stop':
      control.stopped = true
      control.wake?.()
      break
    case 'snapshot':
      if (control.snapshot) control.snapshot()
      else post({ type: 'model', runId: '', modelJson: null, epoch: 0, best: false, error: 'the run is still starting; try again in a moment' })
      break
    default:
      post({ type: 'error', message: `Unknown message to the training worker: ${JSON.stringify(message)}` })
  }
})

async function start(job: TrainingJob): Promise<void> {
  try {
    const { kernels, report } = await loadKernelSet(job.kernels)
    await runJob(job, kernels, control, post, report)
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }
}

async function startDbn(job: DbnJob): Promise<void> {
  try {
    const { kernels, report } = await loadKernelSet(job.kernels)
    post({ type: 'kernels', report: kernelReport(report, 1) })
    await runDbnJob(job, kernels, control, post)
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }
}
