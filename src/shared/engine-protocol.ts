/**
 * Messages between the job manager and a training worker thread (a discriminated union on `type`).
 * Data travels as transferable ArrayBuffers inside the plain `Dataset` shapes.
 */
import type { Dataset, NetworkSpec, TrainSettings, Task } from '../engine/types'
import type { EvaluationDto, ProgressFrame, RunResult } from './dto'

/** A complete job: the worker needs nothing else. */
export interface TrainingJob {
  runId: string
  network: NetworkSpec
  settings: TrainSettings
  task: Task
  train: Dataset
  validation: Dataset | null
  test: Dataset | null
  labels: string[] | null
  /** Which kernel set to use: the WebAssembly SIMD one when it loads, else TypeScript. */
  kernels: 'wasm' | 'ts'
  /** Minimum milliseconds between progress frames. */
  frameIntervalMs: number
}

export type ToWorker =
  | { type: 'start'; job: TrainingJob }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }

export type FromWorker =
  | { type: 'progress'; frame: ProgressFrame }
  | { type: 'done'; result: RunResult; weights: ArrayBuffer[] }
  | { type: 'error'; message: string }

export type { EvaluationDto }
