/**
 * Schema inference (SPEC §2): per column its kind, missing count, range and a small histogram, and for the
 * target its task and class balance. Everything the preview shows and everything `prepareData` decides
 * by default comes from here, so the two always agree.
 */
import type { Task } from '../types'
import { DataError, quote } from './errors'
import { compareLabels, findColumn, type Column, type ImageShape, type Table } from './table'

/** `id` columns (row numbers, names, keys) and `constant` columns carry no signal and are not features by default. */
export type ColumnKind = 'numeric' | 'categorical' | 'constant' | 'id'

/** Counts of values in `bins` equal-width bins from `min` to `max` (the last bin includes `max`). */
export interface Histogram {
  min: number
  max: number
  counts: number[]
}

export interface ColumnSchema {
  name: string
  kind: ColumnKind
  /** How the values are stored in the table. */
  storage: 'numeric' | 'categorical'
  missing: number
  /** Distinct non-missing values, counted up to `DISTINCT_CAP` (then `distinctCapped`). */
  distinct: number
  distinctCapped: boolean
  /** Numeric columns: range, mean, standard deviation (population), whether all values are integers. */
  min?: number
  max?: number
  mean?: number
  std?: number
  integer?: boolean
  histogram?: Histogram
  /** Categorical columns: the most frequent values, most frequent first (at most 20). */
  top?: { value: string; count: number }[]
}

/** One class of the target and how many rows have it (rows with a missing target are not counted). */
export interface ClassCount {
  label: string
  count: number
}

export interface TableSchema {
  rows: number
  columns: ColumnSchema[]
  /** Index of the target column. */
  target: number
  task: Task
  /** Detected task, before an override. */
  detectedTask: Task
  /** Class balance, in class-index order (classification only). */
  classes?: ClassCount[]
  /** Names of the columns used as features by default: numeric and categorical, not the target. */
  features: string[]
  image?: ImageShape
}

export interface SchemaOptions {
  /** Target column by name or index (negative from the end); default the last column. */
  target?: string | number
  /** Override of the detected task. */
  task?: Task
  /** Bins of the numeric histograms (default 10). */
  bins?: number
}

const DISTINCT_CAP = 100_000
const ID_NAMES = /^(id|_id|index|idx|row|rowid|row_id|row_number|#|unnamed: ?0)$/i
/** A numeric target with at most this many distinct integer values is read as class labels. */
const MAX_NUMERIC_CLASSES = 20

/** Describes every column of `table` and detects the target's task. */
export function inferSchema(table: Table, options: SchemaOptions = {}): TableSchema {
  if (table.columns.length === 0) throw new DataError('no-feature', 'the table has no columns', { file: table.name })
  const target = findColumn(table, options.target ?? -1)
  if (target < 0) {
    throw new DataError('bad-target', `there is no column ${quote(options.target)} to predict`, { file: table.name })
  }
  const columns = table.columns.map((c) => describeColumn(c, table.rows, options.bins ?? 10))
  const targetColumn = table.columns[target]
  const detectedTask = detectTask(columns[target])
  const task = options.task ?? detectedTask
  const classes = task === 'regression' ? undefined : classCounts(targetColumn)
  const image = table.image ?? guessImage(columns, target)
  // Image pixels stay features even when constant (blank corners), so the rows keep their shape.
  const usable = (i: number): boolean =>
    image ? columns[i].storage === 'numeric' : columns[i].kind === 'numeric' || columns[i].kind === 'categorical'
  const features = table.columns.filter((_, i) => i !== target && usable(i)).map((c) => c.name)
  return { rows: table.rows, columns, target, task, detectedTask, classes, features, ...(image ? { image } : {}) }
}

/**
 * Binary or multi-class for text labels; for numbers, classes when they are integers with at most 20
 * distinct values (and at most one per two rows, unless there are only two), else regression.
 */
export function detectTask(column: ColumnSchema): Task {
  const k = column.distinct
  if (column.storage === 'categorical') return k > 2 ? 'multiclass' : 'binary'
  const present = column.histogram ? column.histogram.counts.reduce((a, b) => a + b, 0) : 0
  if (column.integer && !column.distinctCapped && (k <= 2 || (k <= MAX_NUMERIC_CLASSES && k <= present / 2))) {
    return k <= 2 ? 'binary' : 'multiclass'
  }
  return 'regression'
}

/** The class labels of a target column with their counts, in natural label order. */
export function classCounts(column: Column): ClassCount[] {
  const counts = new Map<string | number, number>()
  const values = column.values
  for (let r = 0; r < values.length; r++) {
    const v = values[r]
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue
    counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  const byLabel = new Map<string, number>()
  for (const [v, c] of counts) byLabel.set(String(v), (byLabel.get(String(v)) ?? 0) + c)
  return [...byLabel.keys()].sort(compareLabels).map((label) => ({ label, count: byLabel.get(label) ?? 0 }))
}

function describeColumn(column: Column, rows: number, bins: number): ColumnSchema {
  return column.type === 'numeric' ? describeNumeric(column.name, column.values, rows, bins) : describeCategorical(column.name, column.values)
}

function describeNumeric(name: string, values: Float64Array | Float32Array, rows: number, bins: number): ColumnSchema {
  let missing = 0
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let integer = true
  for (let i = 0; i < rows; i++) {
    const v = values[i]
    if (Number.isNaN(v)) {
      missing++
      continue
    }
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    if (integer && !Number.isInteger(v)) integer = false
  }
  const present = rows - missing
  const base: ColumnSchema = { name, kind: 'constant', storage: 'numeric', missing, distinct: 0, distinctCapped: false }
  if (present === 0) return base
  const mean = sum / present
  let ss = 0
  for (let i = 0; i < rows; i++) {
    const d = values[i] - mean
    if (!Number.isNaN(d)) ss += d * d
  }
  const histogram = histogramOf(values, rows, min, max, bins)
  // Distinct values decide class targets and id columns, which are integers; real-valued columns are
  // only counted up to a small cap, which keeps wide tables (784 pixel columns) fast.
  const { distinct, capped } = countDistinct(values, rows, integer ? MAX_NUMERIC_CLASSES * 50 : 100)
  const unique = !capped ? distinct === present : integer && allDistinctIntegers(values, rows, min, max)
  const idLike = integer && unique && present > 10 && (ID_NAMES.test(name.trim()) || max - min + 1 === present && isSequential(values, rows))
  const kind: ColumnKind = distinct <= 1 ? 'constant' : idLike ? 'id' : 'numeric'
  return { ...base, kind, distinct, distinctCapped: capped, min, max, mean, std: Math.sqrt(ss / present), integer, histogram }
}

function describeCategorical(name: string, values: (string | null)[]): ColumnSchema {
  const counts = new Map<string, number>()
  let missing = 0
  let capped = false
  for (const v of values) {
    if (v === null) {
      missing++
      continue
    }
    const c = counts.get(v)
    if (c !== undefined) counts.set(v, c + 1)
    else if (counts.size < DISTINCT_CAP) counts.set(v, 1)
    else capped = true
  }
  const present = values.length - missing
  const distinct = counts.size
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareLabels(a[0], b[0]))
    .slice(0, 20)
    .map(([value, count]) => ({ value, count }))
  const highCardinality = capped || (present > 10 && distinct === present) || (distinct > 100 && distinct > present / 2)
  const kind: ColumnKind = distinct <= 1 ? 'constant' : highCardinality ? 'id' : 'categorical'
  return { name, kind, storage: 'categorical', missing, distinct, distinctCapped: capped, top }
}

function histogramOf(values: ArrayLike<number>, rows: number, min: number, max: number, bins: number): Histogram {
  const counts = new Array<number>(Math.max(1, bins)).fill(0)
  const width = (max - min) / counts.length
  for (let i = 0; i < rows; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    const b = width > 0 ? Math.min(counts.length - 1, Math.floor((v - min) / width)) : 0
    counts[b]++
  }
  return { min, max, counts }
}

function countDistinct(values: ArrayLike<number>, rows: number, cap: number): { distinct: number; capped: boolean } {
  const seen = new Set<number>()
  for (let i = 0; i < rows; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    seen.add(v)
    if (seen.size > cap) return { distinct: seen.size, capped: true }
  }
  return { distinct: seen.size, capped: false }
}

/** Exact uniqueness of integer values by a bitmap over [min, max] (only for modest ranges). */
function allDistinctIntegers(values: ArrayLike<number>, rows: number, min: number, max: number): boolean {
  const range = max - min + 1
  if (range > 50_000_000) return false
  const seen = new Uint8Array(range)
  for (let i = 0; i < rows; i++) {
    const v = values[i]
    if (Number.isNaN(v)) return false
    const k = v - min
    if (seen[k]) return false
    seen[k] = 1
  }
  return true
}

/** Row numbers: each value one more (or one less) than the one before. */
function isSequential(values: ArrayLike<number>, rows: number): boolean {
  if (rows < 2) return false
  const step = values[1] - values[0]
  if (step !== 1 && step !== -1) return false
  for (let i = 2; i < rows; i++) if (values[i] - values[i - 1] !== step) return false
  return true
}

/** 784 or 64 numeric features read as 28×28 or 8×8 grey images. */
function guessImage(columns: ColumnSchema[], target: number): ImageShape | undefined {
  const n = columns.filter((c, i) => i !== target && c.storage === 'numeric').length
  if (n !== columns.length - 1) return undefined
  if (n === 784) return { width: 28, height: 28, channels: 1 }
  if (n === 64) return { width: 8, height: 8, channels: 1 }
  return undefined
}
