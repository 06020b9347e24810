/**
 * Payloads of the `model:*` channels (SPEC §9): trained and imported models kept by the backend,
 * their read-only summary, export to files, and prediction on a data set. Types only.
 */
import type { ClassificationMetrics, RegressionMetrics, Task } from '../engine/types'
import type { DataRef } from './dto'

/** Id of a model kept by the backend: the run id for a trained model, a fresh id for an imported one. */
export type ModelId = string

/** Kinds of model file (docs/model-format.md). */
export type ModelKindName = 'mlp' | 'rbm' | 'dbn' | 'autoencoder' | 'dbn-classifier'

/** File formats a model can be exported to: the Layerwise model JSON, or TF.js layers (model.json + weights.bin). */
export type ModelFileFormat = 'json' | 'tfjs'

/** One layer of a model as the summary shows it. */
export interface ModelLayerInfo {
  /** 'dense' for networks, 'rbm' for the layers of an RBM stack. */
  type: 'dense' | 'rbm'
  inputs: number
  units: number
  activation: string
  /** Weights and biases of the layer. */
  weights: number
  biases: number
}

/** A read-only summary of a model: what the Model view shows. */
export interface ModelInfo {
  id: ModelId
  /** The file name (imported) or a name made from the run (trained). */
  name: string
  source: 'run' | 'import'
  kind: ModelKindName
  /** When the backend received it (ISO 8601). */
  addedAt: string
  inputs: number
  outputs: number
  loss: string | null
  layers: ModelLayerInfo[]
  /** Total weights and biases. */
  params: { weights: number; biases: number }
  /** What the model predicts; null for RBM stacks and autoencoders (they reconstruct). */
  task: Task | null
  labels: string[] | null
  /** The stored data transform, or null when the file has none (then it cannot predict on raw rows). */
  preprocessing: {
    features: { name: string; kind: 'numeric' | 'categorical'; categories: number }[]
    scaling: string
    target: string
  } | null
  /** Training settings and final metrics as (name, value) pairs, numbers already formatted. */
  training: [string, string][]
  metrics: [string, string][]
  /** Null when the model exports to TF.js, else why not. */
  tfjs: string | null
  /** Size of the model JSON in bytes. */
  bytes: number
}

/** A model file to import: its text (uploaded in web mode) or its path (desktop app). */
export type ModelImportRequest = { name: string; text: string } | { path: string }

/** Which model, in which format. */
export interface ModelExportRequest {
  modelId: ModelId
  format: ModelFileFormat
}

/** One file of an export: text, or bytes as base64. */
export interface ExportedFile {
  name: string
  mime: string
  text?: string
  base64?: string
}

/** Prediction with a model on a data set (built-in or imported through `data:*`). */
export interface PredictRequest {
  modelId: ModelId
  data: DataRef
}

/** One row of a prediction table. */
export interface PredictionRow {
  /** 1-based row of the source table. */
  row: number
  /** One value per `PredictionsDto.columns` entry. */
  values: number[]
  /** The predicted class label (classification) or the flag of an anomaly (reconstruction). */
  predicted: string | null
  /** The row's target when the data has the target column. */
  actual: string | null
}

/** Predictions of a model on a data set, with accuracy and the confusion matrix when the data is labelled. */
export interface PredictionsDto {
  modelId: ModelId
  title: string
  mode: 'classification' | 'regression' | 'reconstruction'
  /** Headers of `PredictionRow.values`: `p(label)`, predicted outputs, or reconstruction error and anomaly score. */
  columns: string[]
  /** The first rows (at most `PREDICTION_ROWS_SHOWN`); `model:predictions-csv` has all of them. */
  rows: PredictionRow[]
  /** Rows predicted, and rows of the table left out because a value was missing. */
  total: number
  skipped: number
  labels: string[] | null
  /** With the target column: overall accuracy, the confusion matrix (rows = actual) and the metrics of SPEC §5. */
  accuracy: number | null
  confusion: number[][] | null
  metrics: ClassificationMetrics | null
  regression: RegressionMetrics | null
  /** Reconstruction: rows with an error at or above this are flagged as anomalies. */
  threshold: number | null
}
