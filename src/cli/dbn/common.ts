/**
 * What the `layerwise dbn` subcommands share: reading a DBN-family model file, encoding raw rows with
 * the model's stored preprocessing (exactly as at training time), decoding rows back to the data's units,
 * CSV output, and the training-score percentiles the anomaly threshold comes from.
 */
import { loadDbnModel, percentile, type DbnFamilyModel } from '../../engine/rbm'
import { inputsOf, visibleOf } from '../../main/dbn/dbn-models'
import type { Kernels, Preprocessing } from '../../engine/types'
import { inputNames, type IndexedDataset, type Table } from '../../main/data'
import { DbnDataError, encodeDbnRows } from '../../main/training/dbn-data'
import { CliError } from '../cli-error'
import { readModelFile } from '../model-file'

export { writeText } from '../model-file'

export async function readDbnModel(path: string, kernels: Kernels): Promise<DbnFamilyModel> {
  return readModelFile(path, (text) => loadDbnModel(text, kernels))
}

// The model's stack, reconstructor, visible units and width: the same helpers the app's DBN channels use.
export { stackOf, reconstructorOf, visibleOf, inputsOf } from '../../main/dbn/dbn-models'

/** Raw rows → the model's inputs (clipped to [0, 1] for Bernoulli units), refusing a width mismatch. */
export function encodeForDbn(model: DbnFamilyModel, table: Table): IndexedDataset {
  const pre = model.preprocessing
  if (!pre) throw new CliError('the model has no preprocessing section, so raw rows cannot be encoded for it (was it saved by Layerwise?).')
  let data: IndexedDataset
  try {
    data = encodeDbnRows(pre, table, visibleOf(model))
  } catch (error) {
    if (error instanceof DbnDataError) throw new CliError(error.message)
    throw error
  }
  if (data.inputs !== inputsOf(model)) throw new CliError(`the data encodes to ${data.inputs} inputs but the model takes ${inputsOf(model)}.`)
  if (data.rows === 0) throw new CliError('no rows are left to score after dropping the rows with missing values.')
  return data
}

/**
 * Rows `[rows×width]` of encoded values as CSV in the data's units (`raw = encoded·scale + offset`) under
 * the input names; one-hot inputs stay 0/1 columns `name=category`. `first` columns come before them.
 */
export function rowsCsv(pre: Preprocessing | undefined, x: Float32Array, rows: number, width: number, first?: { header: string[]; cells: (r: number) => string[] }): string {
  const names = pre ? inputNames(pre) : Array.from({ length: width }, (_, i) => `x${i}`)
  const lines = [[...(first?.header ?? []), ...names.map(csvField)].join(',')]
  for (let r = 0; r < rows; r++) {
    const cells = first?.cells(r) ?? []
    for (let i = 0; i < width; i++) {
      const v = x[r * width + i]
      cells.push(String(pre ? v * (pre.scale[i] ?? 1) + (pre.offset[i] ?? 0) : v))
    }
    lines.push(cells.join(','))
  }
  return lines.join('\n') + '\n'
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

/** Percentile grid step of the training scores stored in a model's metrics. */
export const SCORE_STEP = 0.1

/** Percentiles 0, 0.1, …, 100 of `scores`: stored with the model so `dbn anomaly` can threshold new data. */
export function percentileGrid(scores: ArrayLike<number>): number[] {
  return Array.from({ length: Math.round(100 / SCORE_STEP) + 1 }, (_, i) => percentile(scores, Math.min(100, i * SCORE_STEP)))
}

/** The p-th percentile read off a stored grid, interpolating linearly between grid points. */
export function fromGrid(grid: number[], p: number): number {
  const pos = p / SCORE_STEP
  const lo = Math.min(grid.length - 1, Math.floor(pos))
  const hi = Math.min(grid.length - 1, lo + 1)
  return grid[lo]! + (grid[hi]! - grid[lo]!) * (pos - lo)
}

/** The stored training-score grid of `kind`, if the model has one. */
export function trainingGrid(model: DbnFamilyModel, kind: 'recon' | 'energy'): number[] | null {
  const stored = (model.metrics?.trainingScorePercentiles as Record<string, unknown> | undefined)?.[kind]
  return Array.isArray(stored) && stored.length === Math.round(100 / SCORE_STEP) + 1 && stored.every((v) => typeof v === 'number') ? (stored as number[]) : null
}
