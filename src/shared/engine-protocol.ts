/**
 * Messages between the job manager and a training worker thread (a discriminated union on `type`).
 * Data travels as transferable ArrayBuffers inside the plain `Dataset` shapes.
 */
import type { Dataset, NetworkSpec, Preprocessing, TrainSettings, Task } from '../engine/types'
import type { EvaluationDto, KernelReport, ProgressFrame, RunResult, SplitName } from './dto'
import type { DbnProgressFrame, DbnRunResult, DbnTrainSettings } from './dbn'

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
  /** At most this many epoch statistics per frame, evenly thinned (default: every epoch). */
  maxEpochsPerFrame?: number
  /** The data transform fitted on the training split; stored in the model file the run ends with (SPEC §9). */
  preprocessing?: Preprocessing
}

/** A complete DBN job (SPEC §4): encoded splits, class indices for the classifier, settings. */
export interface DbnJob {
  runId: string
  settings: DbnTrainSettings
  /** Encoded rows; `labels` (class indices) are required by the classifier. */
  train: Dataset
  validation: Dataset | null
  test: Dataset | null
  /** Class names of the target, or null. */
  labels: string[] | null
  /** Stored in the model so raw rows can be encoded the same way later. */
  preprocessing: Preprocessing | null
  /** Image data: the shape filters are drawn in (frames carry filters only for images). */
  image: { width: number; height: number; channels: number } | null
  kernels: 'wasm' | 'ts'
  frameIntervalMs: number
  /** Minimum milliseconds between filter snapshots (default 500, i.e. at most 2 per second). */
  filterIntervalMs?: number
  /** At most this many hidden units' filters per snapshot (default 100). */
  maxFilters?: number
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
  /** Asks for the model as it is now (the best epoch so far under early stopping); answered by a `model` message. */
  | { type: 'snapshot' }
  | { type: 'start-dbn'; job: DbnJob }

export type FromWorker =
  | { type: 'progress'; frame: ProgressFrame }
  | {
      type: 'done'
      result: RunResult
      weights: ArrayBuffer[]
      predictions?: Partial<Record<SplitName, SplitPredictions>>
      /** The final model as model-JSON text (docs/model-format.md); absent when it could not be serialized. */
      modelJson?: string
    }
  | { type: 'error'; message: string }
  /** The answer to `snapshot`: the model JSON text, or null with the reason it could not be saved. */
  | { type: 'model'; runId: string; modelJson: string | null; epoch: number; best: boolean; error?: string }
  /** A DBN run's progress; its end carries the saved model JSON text (docs/model-format.md). */
  | { type: 'dbn-progress'; frame: DbnProgressFrame }
  | { type: 'dbn-done'; result: DbnRunResult; modelJson: string }
  /** The kernels the job trains on, posted once before training starts (the manager logs a fallback and passes it on). */
  | { type: 'kernels'; report: KernelReport }

export type { EvaluationDto }
