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
}

/** Loss, accuracy and (for classification) the confusion matrix on one split. */
export interface EvaluationDto {
  loss: number
  accuracy: number | null
  /** rows = actual class, columns = predicted class */
  confusion: number[][] | null
}

/** A run that failed: the message says what went wrong in words a user can act on. */
export interface RunError {
  runId: RunId
  message: string
}
