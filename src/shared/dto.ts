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
import type { ClassificationMetrics, RegressionMetrics } from '../engine/metrics'

export type { ClassificationMetrics, RegressionMetrics } from '../engine/metrics'

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

/** Which data a run trains on. */
export interface DataRef {
  kind: 'builtin'
  name: string
  seed?: number
  noise?: number
}

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

/** Parameters and FLOPs per layer and in total (SPEC §8): the engine's cost model, for `estimate:network`. */
export type { NetworkCost, LayerCost, LayerFlopBreakdown } from '../engine/cost'
