/**
 * Owns training runs: one worker thread per run, control messages in, events out.
 * No Electron here: the same manager serves the desktop app, the web host and the CLI.
 */
import type { Worker } from 'node:worker_threads'
import { randomUUID } from 'node:crypto'
import type { CellSamples, DataRef, KernelReport, RunId, SamplesRequest, SplitName, StartTrainingRequest } from '../../shared/dto'
import type { FromWorker, ToWorker, TrainingJob } from '../../shared/engine-protocol'
import type { EventSink } from '../services/event-sink'
import type { PreparedData } from '../services/datasets'
import type { DataPins } from '../services/data-store'
import { UserError } from '../api/dispatch'
import { checkSpec } from '../../engine'
import type { Dataset } from '../../engine/types'
import { inputNames } from '../data'
import { cellSamples, type RunDetails } from './samples'
import type { StartDbnRequest } from '../../shared/dbn'
import { DbnDataError, dbnJobFor, type DbnTableSource } from './dbn-data'

/** Creates the worker thread that runs jobs (electron-vite `?nodeWorker` factory in production). */
export type WorkerFactory = () => Worker

interface Run {
  worker: Worker
  finished: boolean
  killTimer: ReturnType<typeof setTimeout> | null
  data?: PreparedData
  /** The kernels the worker reported; passed on with the run's first frame and its result. */
  kernels?: KernelReport
  kernelsSent?: boolean
}

/** Finished runs whose per-row predictions are kept for `samples` (the newest ones). */
const KEEP_DETAILS = 4

/** The table rows of a split's rows, when the data preparation recorded them. */
const sourceRows = (d: Dataset | null): Int32Array | undefined =>
  d && 'sourceRows' in d && d.sourceRows instanceof Int32Array ? d.sourceRows : undefined

/** If a worker does not answer `stop` within this time, it is terminated. */
const STOP_GRACE_MS = 3000

export class JobManager {
  private readonly runs = new Map<RunId, Run>()
  private readonly details = new Map<RunId, RunDetails>()
  /** Snapshot requests waiting for the worker's `model` answer. */
  private readonly snapshots = new Map<RunId, (message: Extract<FromWorker, { type: 'model' }>) => void>()

  constructor(
    private readonly sink: EventSink,
    private readonly createWorker: WorkerFactory,
    private readonly prepare: (request: StartTrainingRequest) => Promise<PreparedData>,
    private readonly options: {
      kernels: 'wasm' | 'ts'
      frameIntervalMs: number
      /** At most this many epoch statistics per progress frame (default: every epoch). */
      maxEpochsPerFrame?: number
      /** Receives the model file of each finished run (the model store, SPEC §9), before `training:finished` goes out. */
      onModel?: (model: { runId: RunId; text: string; dataName?: string }) => void
      /** Keeps the imported data set of each running job from being evicted (the data store). */
      pins?: DataPins
      /** Where a kernel fallback is logged, once per reason (default `console.warn`). */
      log?: (message: string) => void
    } = { kernels: 'wasm', frameIntervalMs: 50 },
  ) {}

  /** Kernel fallback reasons logged so far (each is logged once per manager, i.e. per session). */
  private readonly loggedFallbacks = new Set<string>()

  /** Starts a run and returns its id; progress and the result arrive as events. */
  async start(request: StartTrainingRequest): Promise<RunId> {
    // A network the engine would refuse is refused here, before a thread is spent on it.
    try {
      checkSpec(request.network)
    } catch (error) {
      throw new UserError((error as Error).message)
    }
    const data = await this.prepare(request)
    const runId = randomUUID()
    const job: TrainingJob = {
      runId,
      network: request.network,
      settings: request.settings,
      task: data.task,
      train: data.train,
      validation: data.validation,
      test: data.test,
      labels: data.labels,
      kernels: this.options.kernels,
      frameIntervalMs: this.options.frameIntervalMs,
      ...(this.options.maxEpochsPerFrame ? { maxEpochsPerFrame: this.options.maxEpochsPerFrame } : {}),
      ...(data.preprocessing
        ? { inputs: { offset: data.preprocessing.offset, scale: data.preprocessing.scale, names: inputNames(data.preprocessing) } }
        : {}),
      ...(data.preprocessing ? { preprocessing: data.preprocessing } : {}),
    }
    const worker = this.createWorker()
    const run: Run = { worker, finished: false, killTimer: null, data }
    this.runs.set(runId, run)
    this.pin(runId, request.data)
    worker.on('message', (message: FromWorker) => this.onMessage(runId, run, message))
    worker.on('error', (error) => this.fail(runId, run, `The training worker failed: ${error.message}`))
    worker.on('exit', (code) => {
      if (!run.finished) this.fail(runId, run, `The training worker stopped unexpectedly (exit code ${code}).`)
      this.runs.delete(runId)
    })
    worker.postMessage({ type: 'start', job } satisfies ToWorker)
    return runId
  }

  /**
   * Starts a DBN run (SPEC §4) in its own worker; progress arrives as `dbn:progress`, the end as
   * `dbn:finished`, a failure as `training:error`. Control it with `stop` / `pause` / `resume`.
   * Imported data sets are read from `store`.
   */
  async startDbn(request: StartDbnRequest, store?: DbnTableSource): Promise<RunId> {
    const runId = randomUUID()
    let job
    try {
      job = await dbnJobFor(runId, request, store, { kernels: this.options.kernels, frameIntervalMs: this.options.frameIntervalMs })
    } catch (error) {
      if (error instanceof DbnDataError) throw new UserError(error.message)
      throw error
    }
    const worker = this.createWorker()
    const run: Run = { worker, finished: false, killTimer: null }
    this.runs.set(runId, run)
    this.pin(runId, request.data)
    worker.on('message', (message: FromWorker) => this.onMessage(runId, run, message))
    worker.on('error', (error) => this.fail(runId, run, `The training worker failed: ${error.message}`))
    worker.on('exit', (code) => {
      if (!run.finished) this.fail(runId, run, `The training worker stopped unexpectedly (exit code ${code}).`)
      this.runs.delete(runId)
    })
    worker.postMessage({ type: 'start-dbn', job } satisfies ToWorker)
    return runId
  }

  stop(runId: RunId): void {
    const run = this.get(runId)
    this.send(run, { type: 'stop' })
    run.killTimer ??= setTimeout(() => {
      if (!run.finished) this.fail(runId, run, 'The training worker did not stop in time and was terminated.')
    }, STOP_GRACE_MS)
  }

  pause(runId: RunId): void {
    this.send(this.get(runId), { type: 'pause' })
  }

  resume(runId: RunId): void {
    this.send(this.get(runId), { type: 'resume' })
  }

  /** The samples of one confusion-matrix cell of a finished run (at most 200). */
  samples(request: SamplesRequest): CellSamples {
    const details = this.details.get(request.runId)
    const found = details ? cellSamples(details, request) : null
    if (!found) throw new UserError(`No per-sample results for the ${request.split} split of run ${request.runId}: only the last ${KEEP_DETAILS} finished runs keep them.`)
    return found
  }

  /** The model of a running run as it is now (the best epoch so far under early stopping), as model-JSON text. */
  snapshot(runId: RunId): Promise<{ text: string; epoch: number; best: boolean }> {
    const run = this.get(runId)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.snapshots.get(runId)?.({ type: 'model', runId, modelJson: null, epoch: 0, best: false, error: 'the training worker did not answer in time' }), STOP_GRACE_MS)
      this.snapshots.set(runId, (m) => {
        clearTimeout(timer)
        this.snapshots.delete(runId)
        if (m.modelJson) resolve({ text: m.modelJson, epoch: m.epoch, best: m.best })
        else reject(new UserError(`The model of this run cannot be saved now: ${m.error ?? 'unknown reason'}.`))
      })
      this.send(run, { type: 'snapshot' })
    })
  }

  /** Ends every run (on quit). */
  async dispose(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.worker.terminate()))
    this.runs.clear()
  }

  /** Ids of runs whose worker is still alive. */
  active(): RunId[] {
    return [...this.runs.keys()]
  }

  private get(runId: RunId): Run {
    const run = this.runs.get(runId)
    if (!run || run.finished) throw new UserError(`No running training run with id ${runId}.`)
    return run
  }

  private send(run: Run, message: ToWorker): void {
    run.worker.postMessage(message)
  }

  private onMessage(runId: RunId, run: Run, message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        if (run.kernels && !run.kernelsSent) {
          run.kernelsSent = true
          this.sink.emit('training:progress', { ...message.frame, kernels: run.kernels })
        } else this.sink.emit('training:progress', message.frame)
        break
      case 'done':
        if (run.data?.table && message.predictions) this.keepDetails(runId, run.data, message.predictions)
        if (message.modelJson) this.options.onModel?.({ runId, text: message.modelJson, ...(run.data?.table ? { dataName: run.data.table.name } : {}) })
        this.finish(runId, run)
        this.sink.emit('training:finished', run.kernels ? { ...message.result, kernels: run.kernels } : message.result)
        break
      case 'kernels':
        run.kernels = message.report
        this.logFallback(message.report)
        break
      case 'error':
        this.fail(runId, run, message.message)
        break
      case 'model':
        this.snapshots.get(runId)?.(message)
        break
      case 'dbn-progress':
        this.sink.emit('dbn:progress', message.frame)
        break
      case 'dbn-done':
        this.options.onModel?.({ runId, text: message.modelJson })
        this.finish(runId, run)
        this.sink.emit('dbn:finished', message.result)
        break
    }
  }

  private keepDetails(runId: RunId, data: PreparedData, predictions: RunDetails['predictions']): void {
    const sources: RunDetails['sources'] = {}
    const splits: [SplitName, Dataset | null][] = [['train', data.train], ['validation', data.validation], ['test', data.test]]
    for (const [name, split] of splits) {
      const rows = sourceRows(split)
      if (rows) sources[name] = rows
    }
    this.details.set(runId, { table: data.table!, sources, predictions })
    for (const old of this.details.keys()) if (this.details.size > KEEP_DETAILS) this.details.delete(old)
  }

  /** Logs a fallback to the TypeScript kernels, once per distinct reason. */
  private logFallback(report: KernelReport): void {
    if (!report.fallback || this.loggedFallbacks.has(report.fallback)) return
    this.loggedFallbacks.add(report.fallback)
    const log = this.options.log ?? ((message: string) => console.warn(message))
    log(`Layerwise: training runs on the TypeScript kernels (${report.set}) because the WebAssembly kernels did not load: ${report.fallback}`)
  }

  private pin(runId: RunId, data: DataRef): void {
    if (data.kind === 'imported') this.options.pins?.pin(`run:${runId}`, [data.id])
  }

  private finish(runId: RunId, run: Run): void {
    this.options.pins?.pin(`run:${runId}`, [])
    run.data = undefined
    run.finished = true
    if (run.killTimer) clearTimeout(run.killTimer)
    void run.worker.terminate()
  }

  private fail(runId: RunId, run: Run, message: string): void {
    if (run.finished) return
    this.finish(runId, run)
    this.sink.emit('training:error', { runId, message })
  }
}
