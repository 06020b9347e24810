/**
 * Payloads of the channels that use a trained RBM / DBN / autoencoder (SPEC §4, issue 10): denoising,
 * anomaly scores, Gibbs sampling and filters, each on a model the backend keeps (a finished DBN run's
 * model under its run id, or an imported model). Types only.
 */
import type { DataRef, ImportedDataRef } from './dto'
import type { DbnFiltersDto } from './dbn'

/** Shape of image rows (`width·height·channels` values, row-major), or null for tabular rows. */
export interface DbnImageShape {
  width: number
  height: number
  channels: number
}

/** Corruption of the denoise view: salt-and-pepper with rate p, Gaussian with σ, masking with rate p. */
export interface DbnNoiseChoice {
  kind: 'saltpepper' | 'gaussian' | 'mask'
  /** p of salt-and-pepper and masking (0…1), σ of Gaussian noise (0…5). */
  level: number
}

/** Denoise rows of `data` with model `modelId`: corrupt, reconstruct, compare with the clean rows. */
export interface DbnDenoiseRequest {
  modelId: string
  data: DataRef
  noise: DbnNoiseChoice
  /** Rows shown side by side (the first rows of the data; metrics use every row). */
  shown: number
  seed: number
}

/** One shown row: clean, corrupted and reconstructed values in the model's input encoding. */
export interface DbnDenoiseSample {
  row: number
  clean: number[]
  noisy: number[]
  reconstructed: number[]
}

/** Quality before (noisy vs clean) and after (reconstructed vs clean), over every row. */
export interface DbnDenoiseReply {
  rows: number
  inputs: number
  /** Names of the inputs (tabular bar charts). */
  names: string[]
  image: DbnImageShape | null
  mseNoisy: number
  mseReconstructed: number
  /** PSNR in dB with peak 1 (Bernoulli visible units only, else null). */
  psnrNoisy: number | null
  psnrReconstructed: number | null
  samples: DbnDenoiseSample[]
}

/** Which rows are anomalies (1) by a label column: its value `positive`, or 1/true/yes/anomaly. */
export interface DbnAnomalyLabels {
  column: string
  positive?: string
}

/** Score every row of `data`; thresholds come from the scores of `reference` (default: `data` itself). */
export interface DbnAnomalyRequest {
  modelId: string
  data: DataRef
  score: 'recon' | 'energy'
  reference?: DataRef
  labels?: DbnAnomalyLabels
  /** Top-scoring rows returned with their values (images or bars). */
  top: number
}

/** A top-scoring row. */
export interface DbnScoredRow {
  /** Row of the data set, from 1. */
  row: number
  score: number
  /** Value of the label column, when one was given. */
  label: string | null
  values: number[]
}

export interface DbnAnomalyReply {
  rows: number
  score: 'recon' | 'energy'
  /** Score of each row (row i of the data set from 1 is `sourceRows[i]`). */
  scores: number[]
  sourceRows: number[]
  /** Label column value of each row, or null. */
  classes: string[] | null
  /** 1 = anomaly per row by the label column, or null. */
  anomaly: number[] | null
  /** Percentiles 0, 1, …, 100 of the reference rows' scores (the percentile threshold). */
  referencePercentiles: number[]
  referenceRows: number
  roc: { fpr: number[]; tpr: number[] } | null
  auc: number | null
  top: DbnScoredRow[]
  image: DbnImageShape | null
}

/** Gibbs sampling: `count` chains of `steps` steps from random starts, `frames` snapshots along the chain. */
export interface DbnSampleRequest {
  modelId: string
  count: number
  steps: number
  frames: number
  seed: number
}

export interface DbnSampleReply {
  inputs: number
  image: DbnImageShape | null
  /** Snapshots in order: E[v|h] of the data layer after `step` Gibbs steps, one array per chain. */
  frames: { step: number; samples: number[][] }[]
}

/** Filters of `layer` (from 1), at most `max` units. */
export interface DbnFiltersRequest {
  modelId: string
  layer: number
  max: number
}

/** The built-in walkthrough "find the odd digit": MNIST without one digit to train on, and how to score. */
export interface DbnExampleRequest {
  /** The digit left out of training (0…9). */
  digit: number
  /** Training rows (digits other than `digit`). */
  rows: number
}

export interface DbnExample {
  /** The training rows: a data set kept by the backend, usable like an imported one. */
  train: ImportedDataRef
  /** Rows to score: the whole MNIST built-in set. */
  score: DataRef
  labels: DbnAnomalyLabels
}

export type { DbnFiltersDto }
