/**
 * Plain data shapes that cross the API contract (renderer ⇄ backend) and the worker protocol.
 * Types only: no runtime code. Engine shapes are re-exported so the renderer never imports the engine.
 */
export type {
  ActivationName,
  LossName,
  InitName,
  OptimizerName,
  Task,
  DenseLayerSpec,
  NetworkSpec,
  StoppingSettings,
  TrainSettings,
  StopReason,
  EpochStats,
  BatchStats,
  Preprocessing,
  FeatureColumn,
} from '../engine/types'

import type { EpochStats, BatchStats, NetworkSpec, StopReason, TrainSettings, Task } from '../engine/types'
import type { ClassificationMetrics, RegressionMetrics } from '../engine/types'

export type { ClassificationMetrics, RegressionMetrics } from '../engine/types'

/** Identifies one training run. */
export type RunId = string

/** What the backend says about itself. */
export interface AppInfo {
  name: string
  version: string
  /** `electron` in the desktop app, `web` under the local web host. */
  host: 'electron' | 'web'
  engine: { kernels: string }
}

/** A data set that ships with the app. */
export interface BuiltinInfo {
  name: string
  title: string
  description: string
  kind: 'gate' | 'toy' | 'table' | 'images'
  /** Whether `seed` and `noise` change the data. */
  generated: boolean
}

/** A built-in data set, by name (generated ones with their seed and noise). */
export interface BuiltinDataRef {
  kind: 'builtin'
  name: string
  seed?: number
  noise?: number
}

/** What to do with a missing feature value: drop the row, or fill with the training mean / most frequent value. */
export type MissingPolicyName = 'drop' | 'mean' | 'mostFrequent'

/** Scaling of numeric inputs, fitted on the training split only. */
export type ScalingName = 'none' | 'minmax' | 'zscore'

/** A data set imported from files and kept by the backend under `id`, with the user's choices for it. */
export interface ImportedDataRef {
  kind: 'imported'
  /** The id `data:import` answered with. */
  id: string
  /** The file name(s), for display. */
  name: string
  /** Target column by name (default: the last column). */
  target?: string
  /** Override of the detected task. */
  task?: Task
  /** Missing-value policy (default `drop`). */
  missing?: MissingPolicyName
  /** Default: z-score, or none for image rows. */
  scaling?: ScalingName
  /** Fractions held out for validation and test (default 0.15 / 0.15); a request's own `split` wins. */
  split?: { validation: number; test: number }
}

/** Which data a run trains on. */
export type DataRef = BuiltinDataRef | ImportedDataRef

/** Everything needed to start a run. */
export interface StartTrainingRequest {
  data: DataRef
  network: NetworkSpec
  settings: TrainSettings
  /** Fractions of the rows held out; the rest trains. */
  split?: { validation: number; test: number }
}

/** A throttled progress frame: everything new since the previous frame of the same run. */
export interface ProgressFrame {
  runId: RunId
  /** Epochs finished since the last frame, in order. */
  epochs: EpochStats[]
  /** The latest mini-batch, if any ran since the last frame. */
  batch: BatchStats | null
  /** Recent per-batch losses since the last frame, decimated to at most a few hundred points. */
  batchLosses: number[]
  epoch: number
  totalEpochs: number
  elapsedSeconds: number
  etaSeconds: number | null
  samplesPerSecond: number
  state: 'running' | 'paused'
  /** Per-batch training accuracies, decimated like `batchLosses` (classification only). */
  batchAccuracies?: number[]
  /** Batches done since the start of the run, counted at the last entry of `batchLosses`. */
  step?: number
  /** For 2-input classification: the network's decision on a grid over the data range (at most 5 per second). */
  boundary?: DecisionBoundaryDto
  /** The data points drawn under the boundary; sent once, with the first boundary of a run. */
  points?: BoundaryPointsDto
  /** Small networks only (≤ 12 units per layer): every weight and bias, at most 10 times a second (the neurons view). */
  weights?: WeightSnapshotDto
  /** The kernels the run trains on; sent with the first frame of a run. */
  kernels?: KernelReport
}

/**
 * The matrix kernels a run trains on (SPEC §3.7), as its training worker actually loaded them: the
 * WebAssembly SIMD build (relaxed SIMD where the runtime has it), or the TypeScript fallback.
 */
export interface KernelReport {
  /** `wasm-relaxed-simd`, `wasm-simd` or `ts`. */
  set: string
  /** What the backend asked for; `wasm` ends on `ts` when the module cannot load (`fallback` says why). */
  requested: 'wasm' | 'ts'
  /** True when each batch is split over a second, data-parallel thread. */
  dataParallel: boolean
  /** Why the run stays on one thread (absent when `dataParallel`). */
  singleThread?: string
  /** Set when `wasm` was asked for and the TypeScript kernels run instead: the load error. */
  fallback?: string
  /**
   * Data-parallel runs, in the result: batch halves run on the replica, and how many of them the second
   * thread ran (the training thread runs the others while two threads are slower on a busy machine).
   */
  secondThread?: { halves: number; byHelper: number }
}

/** Weights of every layer at one moment of a run: `w` is `[units×fanIn]` row-major (W[j][k] from unit k below to unit j). */
export interface WeightSnapshotDto {
  layers: { units: number; fanIn: number; w: number[]; b: number[] | null }[]
}

/**
 * The decision of a 2-input classifier on a `size×size` grid, in the units of the original data.
 * Cell (i, j) is centred at x = x[0] + (i + ½)·(x[1] − x[0])/size, y likewise; arrays are row-major
 * from the lowest y, i.e. index j·size + i.
 */
export interface DecisionBoundaryDto {
  size: number
  x: [number, number]
  y: [number, number]
  /** Names of the two inputs, for the axes. */
  names: [string, string]
  /** Predicted class per cell. */
  predicted: number[]
  /** Probability of the predicted class per cell, in [0, 1]. */
  confidence: number[]
  /** Epoch the grid was computed in. */
  epoch: number
}

/** Data points of a 2-input set in original units: `[x, y, class]` per row, at most a few thousand per split. */
export interface BoundaryPointsDto {
  train: [number, number, number][]
  test: [number, number, number][]
  /** Class labels in class-index order. */
  labels: string[] | null
}

/** Which split of the data an evaluation is on. */
export type SplitName = 'train' | 'validation' | 'test'

/** Asks for the samples in one confusion-matrix cell of a finished run. */
export interface SamplesRequest {
  runId: RunId
  split: SplitName
  /** Actual class (matrix row). */
  actual: number
  /** Predicted class (matrix column). */
  predicted: number
  /** At most this many samples (default and maximum 200). */
  limit?: number
}

/** Shape of image rows: the first `width·height·channels` columns are pixels. */
export interface ImageShapeDto {
  width: number
  height: number
  channels: number
}

/** One sample of a cell: its row in the original table, its cell values, and its pixels for image data. */
export interface SampleDto {
  /** Row index in the original table, from 0. */
  row: number
  /** Values of `CellSamples.columns`, as text (null = missing). */
  values: (string | null)[]
  /** Image data only: grey levels 0…255, row-major `[height×width]`. */
  pixels?: number[]
}

/** The samples of one confusion-matrix cell, bounded to `limit`. */
export interface CellSamples {
  /** How many samples the cell holds in all. */
  total: number
  /** Column names of `SampleDto.values` (pixel columns are left out for image data). */
  columns: string[]
  samples: SampleDto[]
  image: ImageShapeDto | null
}

/** Result of a finished run. */
export interface RunResult {
  runId: RunId
  stop: StopReason
  epochs: number
  elapsedSeconds: number
  train: EvaluationDto
  test: EvaluationDto | null
  labels: string[] | null
  /** The validation split's evaluation, when there is one. */
  validation?: EvaluationDto | null
  /** What the run predicted. */
  task?: Task
  /** The kernels the run trained on. */
  kernels?: KernelReport
}

/** Loss, accuracy and (for classification) the confusion matrix on one split. */
export interface EvaluationDto {
  loss: number
  accuracy: number | null
  /** rows = actual class, columns = predicted class */
  confusion: number[][] | null
  /** Classification: every metric of SPEC §5, computed from `confusion` by the engine. */
  metrics?: ClassificationMetrics | null
  /** Regression: MSE, MAE and R² over all outputs. */
  regression?: RegressionMetrics | null
  /** Regression: up to 1,000 (actual, predicted) pairs of the first output, for a scatter plot. */
  scatter?: { actual: number[]; predicted: number[] } | null
  /** Rows in the split. */
  rows?: number
}

/** A run that failed: the message says what went wrong in words a user can act on. */
export interface RunError {
  runId: RunId
  message: string
}

/** Estimator payloads live in estimate.ts; re-exported so every import of dto.ts keeps working. */
export type * from './estimate'

/** Identifies one import (files being uploaded or read, then parsed). */
export type ImportId = string

/** Starts an import: file names and sizes whose bytes follow as `data:chunk`s (web), or file paths (desktop app). */
export type ImportBeginRequest = { files: { name: string; size: number }[] } | { paths: string[] }

/** Up to 1 MiB of one file's bytes, base64-encoded, at byte `offset`. */
export interface ImportChunk {
  importId: ImportId
  /** Index of the file in the `files` of `data:begin`. */
  file: number
  offset: number
  base64: string
}

/** Progress of an import, sent at least every 200 ms while the backend reads or parses. */
export interface ImportProgressDto {
  importId: ImportId
  phase: 'read' | 'decompress' | 'parse' | 'schema'
  file: string
  /** 0…1 within the phase. */
  fraction: number
  /** Data rows read so far (parse phase). */
  rows: number
}

/** Per-column description for the preview (SPEC §2). */
export interface ColumnSchemaDto {
  name: string
  /** `id` (row numbers, keys) and `constant` columns are not features by default. */
  kind: 'numeric' | 'categorical' | 'constant' | 'id'
  missing: number
  distinct: number
  min?: number
  max?: number
  mean?: number
  std?: number
  /** Counts in equal-width bins from `min` to `max`. */
  histogram?: number[]
  /** Categorical columns: the most frequent values (at most 8). */
  top?: { value: string; count: number }[]
}

/** One image row for the sample grid: grey levels 0…255, row-major `[height×width×channels]`. */
export interface ImageSampleDto {
  row: number
  label: string | null
  pixels: number[]
}

/** Asks for the preview of a data set under the given choices (target, task, policy, scaling). */
export interface PreviewRequest {
  data: DataRef
}

/** What the Data view shows of a data set, and what the network needs to fit it. */
export interface DataPreview {
  /** The data reference this preview describes (with the defaults filled in for an imported set). */
  data: DataRef
  /** Title: the file name(s) or the built-in's title. */
  title: string
  format: 'csv' | 'tsv' | 'json' | 'idx' | 'builtin'
  rows: number
  /** Rows of a separate test file (a train + test pair), else null. */
  testRows: number | null
  columns: ColumnSchemaDto[]
  /** Names of the columns of `head` (pixel columns of image data are left out). */
  headColumns: string[]
  /** The first rows as text ('' = missing). */
  head: string[][]
  /** Index of the target in `columns`. */
  target: number
  task: Task
  detectedTask: Task
  /** Class balance in class-index order (classification). */
  classes: { label: string; count: number }[] | null
  /** Columns used as features. */
  features: string[]
  /** Width of the encoded input (one-hot expanded) and output units, or null when the data cannot train as chosen. */
  inputs: number | null
  outputs: number | null
  /** Why the data cannot train as chosen (e.g. a target with one class), or null. */
  problem: string | null
  /** Rows left out by the missing-value policy. */
  dropped: number
  image: ImageShapeDto | null
  samples: ImageSampleDto[]
}

