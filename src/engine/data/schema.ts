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
  /**
   * The column descriptions of this table, already made by `describeColumns(Stepwise)` with the same
   * bins (e.g. in the import worker): they do not depend on the target, so the costly pass is not repeated.
   */
  columns?: ColumnSchema[]
}

const DISTINCT_CAP = 100_000
/** Values described between two yields of `describeColumnsStepwise` (about 1 ms of work). */
const STEP_ROWS = 1 << 16
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
  const given = options.columns
  const columns = given && given.length === table.columns.length ? given : describeColumns(table, options.bins ?? 10)
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

/** Describes every column of `table`: kind, missing count, range, histogram, top values. */
export function describeColumns(table: Table, bins = 10): ColumnSchema[] {
  const steps = describeColumnsStepwise(table, bins)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * `describeColumns` in steps: yields the fraction done (0…1) after every 65,536 values or so, so that a
 * caller (the import worker) can report progress and stop between steps. Returns the descriptions.
 */
export function* describeColumnsStepwise(table: Table, bins = 10): Generator<number, ColumnSchema[], void> {
  const out: ColumnSchema[] = []
  const n = table.columns.length
  for (let c = 0; c < n; c++) {
    const column = table.columns[c]
    const steps = column.type === 'numeric' ? describeNumeric(column.name, column.values, table.rows, bins) : describeCategorical(column.name, column.values)
    let step = steps.next()
    while (!step.done) {
      yield (c + step.value) / n
      step = steps.next()
    }
    out.push(step.value)
    yield (c + 1) / n
  }
  return out
}

/** Running sums of the first pass over a numeric column. */
interface Moments {
  missing: number
  min: number
  max: number
  sum: number
  integer: boolean
}

/**
 * Numeric columns in two passes over blocks of rows, yielding the fraction of this column done. The loops
 * are plain functions over a block: a loop inside a generator runs about half as fast.
 */
function* describeNumeric(name: string, values: Float64Array | Float32Array, rows: number, bins: number): Generator<number, ColumnSchema, void> {
  const m: Moments = { missing: 0, min: Infinity, max: -Infinity, sum: 0, integer: true }
  for (let start = 0; start < rows; start += STEP_ROWS) {
    const end = Math.min(rows, start + STEP_ROWS)
    momentsOf(values, start, end, m)
    yield (0.4 * end) / rows
  }
  const { missing, min, max, integer } = m
  const present = rows - missing
  const base: ColumnSchema = { name, kind: 'constant', storage: 'numeric', missing, distinct: 0, distinctCapped: false }
  if (present === 0) return base
  const mean = m.sum / present
  // Second pass: squared deviations and the histogram.
  let ss = 0
  const counts = new Float64Array(Math.max(1, bins))
  for (let start = 0; start < rows; start += STEP_ROWS) {
    const end = Math.min(rows, start + STEP_ROWS)
    ss += spreadOf(values, start, end, mean, min, max, counts)
    yield 0.4 + (0.4 * end) / rows
  }
  // Distinct values decide class targets and id columns, which are integers; real-valued columns are
  // only counted up to a small cap, which keeps wide tables (784 pixel columns) fast.
  const { distinct, capped } = countDistinct(values, rows, integer ? MAX_NUMERIC_CLASSES * 50 : 100)
  yield 0.9
  const unique = !capped ? distinct === present : integer && allDistinctIntegers(values, rows, min, max)
  const idLike = integer && unique && present > 10 && (ID_NAMES.test(name.trim()) || (max - min + 1 === present && isSequential(values, rows)))
  const kind: ColumnKind = distinct <= 1 ? 'constant' : idLike ? 'id' : 'numeric'
  const histogram = { min, max, counts: Array.from(counts) }
  return { ...base, kind, distinct, distinctCapped: capped, min, max, mean, std: Math.sqrt(ss / present), integer, histogram }
}

/** Adds rows [start, end) to the missing count, range, sum and integer flag of `m`. */
function momentsOf(values: ArrayLike<number>, start: number, end: number, m: Moments): void {
  let { missing, min, max, sum, integer } = m
  for (let i = start; i < end; i++) {
    const v = values[i]
    if (v !== v) {
      missing++
      continue
    }
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    if (integer && !Number.isInteger(v)) integer = false
  }
  Object.assign(m, { missing, min, max, sum, integer })
}

/** Σ(v − mean)² over rows [start, end); counts them into equal-width bins from min to max (the last bin includes max). */
function spreadOf(values: ArrayLike<number>, start: number, end: number, mean: number, min: number, max: number, counts: Float64Array): number {
  const last = counts.length - 1
  const width = (max - min) / counts.length
  let ss = 0
  for (let i = start; i < end; i++) {
    const v = values[i]
    if (v !== v) continue
    const d = v - mean
    ss += d * d
    // (v − min) / width is in [0, bins]: truncation is the floor
    let b = width > 0 ? ((v - min) / width) | 0 : 0
    if (b > last) b = last
    counts[b]++
  }
  return ss
}

function* describeCategorical(name: string, values: (string | null)[]): Generator<number, ColumnSchema, void> {
  const counts = new Map<string, number>()
  let missing = 0
  let capped = false
  for (let start = 0; start < values.length; start += STEP_ROWS) {
    const end = Math.min(values.length, start + STEP_ROWS)
    for (let i = start; i < end; i++) {
      const v = values[i]
      if (v === null) {
        missing++
        continue
      }
      const c = counts.get(v)
      if (c !== undefined) counts.set(v, c + 1)
      else if (counts.size < DISTINCT_CAP) counts.set(v, 1)
      else capped = true
    }
    yield (0.9 * end) / values.length
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

function countDistinct(values: ArrayLike<number>, rows: number, cap: number): { distinct: number; capped: boolean } {
  const seen = new Set<number>()
  let previous = NaN
  for (let i = 0; i < rows; i++) {
    const v = values[i]
    // runs of one value (blank pixels, sorted data) cost a comparison, not a set lookup
    if (v === previous || v !== v) continue
    previous = v
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
