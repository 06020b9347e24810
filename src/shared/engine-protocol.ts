/**
 * Messages between the job manager and a training worker thread (a discriminated union on `type`).
 * Data travels as transferable ArrayBuffers inside the plain `Dataset` shapes.
 */
import type { Dataset, NetworkSpec, TrainSettings, Task } from '../engine/types'
import type { EvaluationDto, ProgressFrame, RunResult, SplitName } from './dto'

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
  /**
   * How encoded inputs map back to the data's units (`raw = encoded·scale + offset`) and their names;
   * with 2 inputs and classes, the worker sends a decision boundary in these units.
   */
  inputs?: { offset: number[]; scale: number[]; names: string[] }
  /** Minimum milliseconds between decision-boundary grids (default 200, i.e. at most 5 per second). */
  boundaryIntervalMs?: number
}

/** Per split, the actual and predicted class of every row (classification), kept by the job manager for `training:samples`. */
export interface SplitPredictions {
  actual: Int32Array
  predicted: Int32Array
}

export type ToWorker =
  | { type: 'start'; job: TrainingJob }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }

export type FromWorker =
  | { type: 'progress'; frame: ProgressFrame }
  | { type: 'done'; result: RunResult; weights: ArrayBuffer[]; predictions?: Partial<Record<SplitName, SplitPredictions>> }
  | { type: 'error'; message: string }

export type { EvaluationDto }
