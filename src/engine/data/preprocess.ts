/**
 * From a raw `Table` to engine `Dataset`s (SPEC §2): missing-value policy, one-hot encoding of categorical
 * features, scaling fitted on the training split only, target encoding, seeded stratified split.
 * `prepareData` is the one path the app and the CLI both take, so the same file and settings give the
 * same numbers; `applyPreprocessing` replays a stored transform on a new file for prediction.
 */
import type { FeatureColumn, Preprocessing, Task } from '../types'
import { applyPreprocessing, classIndices, encodeRows, inputWidth, type IndexedDataset } from './encode'
import { DataError, quote } from './errors'
import { inferSchema, type TableSchema } from './schema'
import { splitRows, type SplitFractions, type SplitIndices } from './split'
import { compareLabels, findColumn, type Column, type Table } from './table'

/** What to do with a missing feature value: drop the row, or fill with the training mean / most frequent value. */
export type MissingPolicy = 'drop' | 'mean' | 'mostFrequent'
export type Scaling = Preprocessing['scaling']

/** `Preprocessing` plus the settings needed to replay it exactly (extra fields are optional in `types.ts` terms). */
export interface FittedPreprocessing extends Preprocessing {
  missing: MissingPolicy
  /** Output units of the target: 1 (binary 0/1 or regression) or K (one-hot over K classes). */
  outputs: number
}

export interface PrepareOptions {
  /** Target column by name or index (negative from the end). Default: the last column. */
  target?: string | number
  /** Override of the detected task. */
  task?: Task
  /** Feature columns by name. Default: every numeric or categorical column except the target. */
  features?: string[]
  /** Default `zscore`, or `none` for image rows (IDX, MNIST, 28×28 / 8×8 pixel tables). */
  scaling?: Scaling
  /** Default `drop`. Rows with a missing target are always dropped. */
  missing?: MissingPolicy
  /** Default 0.7 / 0.15 / 0.15. */
  split?: Partial<SplitFractions>
  /** Seed of the split (default 1). */
  seed?: number
  /** Stratify the split by class for classification (default true). */
  stratify?: boolean
  /** Target units: 1 (binary: one 0/1 unit) or K (one-hot). Default: 1 for binary, K for multi-class. */
  outputs?: number
  /** A separate test file (e.g. a CSV train + test pair): it becomes the test split; `table` gives train and validation. */
  testTable?: Table
}

export interface PreparedData {
  train: IndexedDataset
  val: IndexedDataset
  test: IndexedDataset
  preprocessing: FittedPreprocessing
  schema: TableSchema
  /** Rows left out because of a missing target or (with `drop`) a missing feature value. */
  dropped: number
}

const DEFAULT_SPLIT: SplitFractions = { train: 0.7, val: 0.15, test: 0.15 }

/** Table + options → seeded splits and the transform fitted on the training split. */
export function prepareData(table: Table, options: PrepareOptions = {}): PreparedData {
  const schema = inferSchema(table, { target: options.target, task: options.task })
  const targetCol = table.columns[schema.target]
  const task = schema.task
  const features = pickFeatures(table, schema, options.features)
  const labels = task === 'regression' ? undefined : (schema.classes ?? []).map((c) => c.label)
  checkTarget(table, targetCol, task, labels)
  const outputs = pickOutputs(task, labels?.length ?? 1, options.outputs)
  const missing = options.missing ?? 'drop'
  const scaling = options.scaling ?? (schema.image ? 'none' : 'zscore')

  const usable = usableRows(table, features, targetCol, missing === 'drop')
  if (usable.length === 0) {
    throw new DataError('no-rows', 'no rows are left after dropping the rows with missing values', { file: table.name })
  }
  const fractions = { ...DEFAULT_SPLIT, ...options.split }
  if (options.testTable) fractions.test = 0
  const strata = labels && options.stratify !== false ? classIndices(targetCol, usable, labels, table.name) : undefined
  const split: SplitIndices = splitRows(usable, fractions, options.seed ?? 1, strata)

  const preprocessing = fitPreprocessing(table, split.train, { features, target: targetCol.name, task, labels, scaling, missing, outputs })
  return {
    train: encodeRows(preprocessing, table, split.train),
    val: encodeRows(preprocessing, table, split.val),
    test: options.testTable ? applyPreprocessing(preprocessing, options.testTable, { requireTarget: true }) : encodeRows(preprocessing, table, split.test),
    preprocessing,
    schema,
    dropped: table.rows - usable.length,
  }
}

export interface FitOptions {
  features: string[]
  target: string
  task: Task
  labels?: string[]
  scaling: Scaling
  missing: MissingPolicy
  outputs: number
}

/**
 * Fits fills, categories and scaling on the rows `trainRows` only. Encoded input i is
 * `(raw_i − offset[i]) / scale[i]`: min-max uses (min, max − min), z-score (mean, σ); one-hot inputs
 * and constant inputs keep (0, 1) so nothing is divided by zero.
 */
export function fitPreprocessing(table: Table, rows: Int32Array, o: FitOptions): FittedPreprocessing {
  // Statistics do not depend on row order; ascending rows read the columns sequentially (cache-friendly).
  const trainRows = Int32Array.from(rows).sort()
  const featureColumns: FeatureColumn[] = o.features.map((name) => {
    const col = table.columns[findColumn(table, name)]
    const fill = o.missing === 'drop' ? undefined : fillValue(col, trainRows, o.missing)
    if (col.type === 'numeric') return { name, kind: 'numeric', ...(fill !== undefined ? { fill } : {}) }
    const seen = new Set<string>()
    for (const r of trainRows) {
      const v = col.values[r]
      if (v !== null) seen.add(v)
    }
    return { name, kind: 'categorical', categories: [...seen].sort(compareLabels), ...(fill !== undefined ? { fill } : {}) }
  })
  const partial: FittedPreprocessing = {
    features: featureColumns,
    scaling: 'none',
    offset: [],
    scale: [],
    target: { name: o.target, task: o.task, ...(o.labels ? { labels: o.labels } : {}) },
    missing: o.missing,
    outputs: o.outputs,
  }
  const width = inputWidth(partial)
  partial.offset = new Array<number>(width).fill(0)
  partial.scale = new Array<number>(width).fill(1)
  if (o.scaling === 'none') return partial
  const offset = partial.offset
  const scale = partial.scale
  let i = 0
  for (const f of featureColumns) {
    if (f.kind === 'categorical') {
      i += f.categories?.length ?? 0
      continue
    }
    const col = table.columns[findColumn(table, f.name)]
    const [min, max, mean, std] = stats(col.values as Float64Array | Float32Array, trainRows, typeof f.fill === 'number' ? f.fill : NaN)
    const [o0, s0] = o.scaling === 'minmax' ? [min, max - min] : [mean, std]
    offset[i] = Number.isFinite(o0) ? o0 : 0
    scale[i] = Number.isFinite(s0) && s0 > 1e-12 ? s0 : 1
    i++
  }
  return { ...partial, scaling: o.scaling, offset, scale }
}

function pickFeatures(table: Table, schema: TableSchema, requested?: string[]): string[] {
  const target = table.columns[schema.target].name
  if (requested) {
    for (const name of requested) {
      if (findColumn(table, name) < 0) throw new DataError('bad-option', `there is no feature column "${name}"`, { file: table.name })
      if (name === target) throw new DataError('bad-option', `"${name}" is the target and cannot also be a feature`, { file: table.name })
    }
  }
  const features = requested ?? schema.features
  if (features.length === 0) {
    const others = schema.columns.filter((_, i) => i !== schema.target).map((c) => `"${c.name}" (${c.kind})`)
    const why = others.length > 0 ? `every column other than the target is constant or id-like: ${others.slice(0, 8).join(', ')}` : 'the target is the only column'
    throw new DataError('no-feature', `no usable feature: ${why}`, { file: table.name })
  }
  return features
}

function checkTarget(table: Table, col: Column, task: Task, labels: string[] | undefined): void {
  const where = { file: table.name, columnName: col.name }
  if (task === 'regression') {
    if (col.type !== 'numeric') throw new DataError('bad-target', 'the target holds text, so it cannot be predicted by regression; choose classification', where)
    return
  }
  if (!labels || labels.length === 0) throw new DataError('single-class', 'the target has no values', where)
  if (labels.length === 1) throw new DataError('single-class', `the target has a single class (${quote(labels[0])}); a classifier needs at least two`, where)
  if (task === 'binary' && labels.length > 2) {
    throw new DataError('bad-option', `binary classification needs two classes but the target has ${labels.length}`, where)
  }
}

function pickOutputs(task: Task, classes: number, requested?: number): number {
  if (task === 'regression') {
    if (requested !== undefined && requested !== 1) throw new DataError('bad-option', `regression has one output unit, not ${requested}`)
    return 1
  }
  const fallback = task === 'binary' ? 1 : classes
  const outputs = requested ?? fallback
  if (outputs !== classes && !(outputs === 1 && task === 'binary')) {
    throw new DataError('bad-option', `the target has ${classes} classes, so it needs ${task === 'binary' ? '1 or 2 output units' : `${classes} output units`}, not ${outputs}`)
  }
  return outputs
}

function usableRows(table: Table, features: string[], target: Column, dropMissing: boolean): Int32Array {
  const cols = [target, ...(dropMissing ? features.map((f) => table.columns[findColumn(table, f)]) : [])]
  const keep = new Uint8Array(table.rows).fill(1)
  for (const c of cols) {
    const values = c.values
    if (c.type === 'numeric') {
      for (let r = 0; r < table.rows; r++) if (Number.isNaN(values[r])) keep[r] = 0
    } else {
      for (let r = 0; r < table.rows; r++) if (values[r] === null) keep[r] = 0
    }
  }
  const out: number[] = []
  for (let r = 0; r < table.rows; r++) if (keep[r]) out.push(r)
  return Int32Array.from(out)
}

/** Mean (numeric, `mean` policy) or most frequent value (otherwise) of the training rows; ties → first in label order. */
function fillValue(col: Column, rows: Int32Array, policy: MissingPolicy): number | string | undefined {
  if (col.type === 'numeric' && policy === 'mean') {
    let sum = 0
    let n = 0
    for (const r of rows) {
      const v = col.values[r]
      if (!Number.isNaN(v)) {
        sum += v
        n++
      }
    }
    return n > 0 ? sum / n : 0
  }
  const counts = new Map<string, number>()
  for (const r of rows) {
    const v = col.values[r]
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue
    counts.set(String(v), (counts.get(String(v)) ?? 0) + 1)
  }
  let best: string | undefined
  for (const label of [...counts.keys()].sort(compareLabels)) {
    if (best === undefined || (counts.get(label) ?? 0) > (counts.get(best) ?? 0)) best = label
  }
  if (best === undefined) return col.type === 'numeric' ? 0 : undefined
  return col.type === 'numeric' ? Number(best) : best
}

/** min, max, mean, σ (population) of `values` over `rows`, a missing value counting as `fill` (skipped when NaN). */
function stats(values: Float64Array | Float32Array, rows: Int32Array, fill: number): [number, number, number, number] {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let n = 0
  for (let i = 0; i < rows.length; i++) {
    let v = values[rows[i]]
    if (v !== v) v = fill
    if (v !== v) continue
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    n++
  }
  const mean = n > 0 ? sum / n : 0
  let ss = 0
  for (let i = 0; i < rows.length; i++) {
    let v = values[rows[i]]
    if (v !== v) v = fill
    if (v === v) ss += (v - mean) * (v - mean)
  }
  return [min, max, mean, n > 0 ? Math.sqrt(ss / n) : 0]
}
