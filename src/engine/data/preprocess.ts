/**
 * From a raw `Table` to engine `Dataset`s (SPEC §2): missing-value policy, one-hot encoding of categorical
 * features, scaling fitted on the training split only, target encoding, seeded stratified split.
 * `prepareData` is the one path the app and the CLI both take, so the same file and settings give the
 * same numbers; `applyPreprocessing` replays a stored transform on a new file for prediction.
 */
import type { Dataset, FeatureColumn, Preprocessing, Task } from '../types'
import { DataError } from './errors'
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
  /** Default `zscore`, or `none` for image rows (pixels already in [0, 1]). */
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

/** A `Dataset` that also says which table row each of its rows came from. */
export interface IndexedDataset extends Dataset {
  sourceRows: Int32Array
  /** False when the table had no target column (prediction on unlabelled rows); `y` is then all zeros. */
  hasTarget: boolean
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
  const scaling = options.scaling ?? (table.image ? 'none' : 'zscore')

  const usable = usableRows(table, features, targetCol, missing === 'drop')
  if (usable.length === 0) {
    throw new DataError('no-rows', 'no rows are left after dropping the rows with missing values', { file: table.name })
  }
  const fractions = { ...DEFAULT_SPLIT, ...options.split }
  if (options.testTable) fractions.test = 0
  const classIndex = labels ? labelIndexer(labels) : undefined
  const strata = classIndex && options.stratify !== false ? Int32Array.from(usable, (r) => classIndex(targetCol, r)) : undefined
  const split: SplitIndices = splitRows(usable, fractions, options.seed ?? 1, strata)

  const preprocessing = fitPreprocessing(table, split.train, { features, target: targetCol.name, task, labels, scaling, missing, outputs })
  return {
    train: encodeRows(preprocessing, table, split.train, true),
    val: encodeRows(preprocessing, table, split.val, true),
    test: options.testTable ? applyPreprocessing(preprocessing, options.testTable, { requireTarget: true }) : encodeRows(preprocessing, table, split.test, true),
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
export function fitPreprocessing(table: Table, trainRows: Int32Array, o: FitOptions): FittedPreprocessing {
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
    const [min, max, mean, std] = stats(col.values as ArrayLike<number>, trainRows, typeof f.fill === 'number' ? f.fill : NaN)
    const [o0, s0] = o.scaling === 'minmax' ? [min, max - min] : [mean, std]
    offset[i] = Number.isFinite(o0) ? o0 : 0
    scale[i] = Number.isFinite(s0) && s0 > 1e-12 ? s0 : 1
    i++
  }
  return { ...partial, scaling: o.scaling, offset, scale }
}

/** Encodes every row of a new table (e.g. a file to predict on) with a stored transform. */
export function applyPreprocessing(pre: Preprocessing, table: Table, options: { requireTarget?: boolean } = {}): IndexedDataset {
  const hasTarget = findColumn(table, pre.target.name) >= 0
  if (!hasTarget && options.requireTarget) {
    throw new DataError('bad-target', `the target column "${pre.target.name}" is missing`, { file: table.name })
  }
  return encodeRows(pre, table, Int32Array.from({ length: table.rows }, (_, i) => i), true)
}

/** Number of encoded inputs: one per numeric feature, one per category of each categorical feature. */
export function inputWidth(pre: Preprocessing): number {
  return pre.features.reduce((n, f) => n + (f.kind === 'numeric' ? 1 : (f.categories?.length ?? 0)), 0)
}

/** Names of the encoded inputs, e.g. `age`, `colour=red`, `colour=blue`. */
export function inputNames(pre: Preprocessing): string[] {
  return pre.features.flatMap((f) => (f.kind === 'numeric' ? [f.name] : (f.categories ?? []).map((c) => `${f.name}=${c}`)))
}

function encodeRows(pre: Preprocessing, table: Table, rows: Int32Array, scaled: boolean): IndexedDataset {
  const cols = pre.features.map((f) => featureColumn(f, table))
  const targetAt = findColumn(table, pre.target.name)
  const targetCol = targetAt >= 0 ? table.columns[targetAt] : undefined
  const labels = pre.target.labels
  const classification = pre.target.task !== 'regression'
  const outputs = outputsOf(pre)
  const width = inputWidth(pre)
  const catIndex = pre.features.map((f) => (f.kind === 'categorical' ? new Map((f.categories ?? []).map((c, i) => [c, i])) : undefined))
  const classIndex = labels ? new Map(labels.map((l, i) => [l, i])) : undefined
  const drop = (pre as Partial<FittedPreprocessing>).missing === 'drop' || pre.features.every((f) => f.fill === undefined)

  const x = new Float32Array(rows.length * width)
  const y = new Float32Array(rows.length * outputs)
  const classOf = new Int32Array(rows.length)
  const source = new Int32Array(rows.length)
  let n = 0
  rowLoop: for (const r of rows) {
    let label = 0
    let value = 0
    if (targetCol) {
      const t = targetCol.values[r]
      if (t === null || (typeof t === 'number' && Number.isNaN(t))) continue
      if (classification) {
        const k = classIndex?.get(String(t))
        if (k === undefined) {
          throw new DataError('bad-target', `the class ${JSON.stringify(String(t))} is not one the model knows (${labels?.join(', ')})`, { file: table.name, row: r + 1, columnName: pre.target.name })
        }
        label = k
      } else {
        if (typeof t !== 'number') throw new DataError('bad-target', `the target ${JSON.stringify(t)} is not a number`, { file: table.name, row: r + 1, columnName: pre.target.name })
        value = t
      }
    }
    const base = n * width
    let i = 0
    for (let f = 0; f < cols.length; f++) {
      const feature = pre.features[f]
      const col = cols[f]
      let v: number | string | null = col.values[r]
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
        if (drop || feature.fill === undefined) continue rowLoop
        v = feature.fill
      }
      if (feature.kind === 'numeric') {
        const num = typeof v === 'number' ? v : Number(v)
        if (!Number.isFinite(num)) throw new DataError('non-finite', `${String(v)} is not a finite number`, { file: table.name, row: r + 1, columnName: feature.name })
        x[base + i] = scaled ? (num - pre.offset[i]) / pre.scale[i] : num
        i++
      } else {
        const k = catIndex[f]?.get(String(v))
        // A category never seen in training encodes as all zeros (like scikit-learn's handle_unknown='ignore').
        if (k !== undefined) x[base + i + k] = scaled ? (1 - pre.offset[i + k]) / pre.scale[i + k] : 1
        i += feature.categories?.length ?? 0
      }
    }
    if (classification) {
      if (outputs === 1) y[n] = label
      else y[n * outputs + label] = 1
      classOf[n] = label
    } else {
      y[n] = value
    }
    source[n] = r
    n++
  }
  const data: IndexedDataset = {
    rows: n,
    inputs: width,
    outputs,
    x: n === rows.length ? x : x.slice(0, n * width),
    y: n === rows.length ? y : y.slice(0, n * outputs),
    sourceRows: source.slice(0, n),
    hasTarget: targetCol !== undefined,
  }
  if (classification && targetCol) data.labels = classOf.slice(0, n)
  return data
}

/** The table column of a stored feature, checked to hold the right kind of values. */
function featureColumn(f: FeatureColumn, table: Table): Column {
  const at = findColumn(table, f.name)
  if (at < 0) throw new DataError('mismatch', `the column "${f.name}" that the model was trained on is missing`, { file: table.name })
  const col = table.columns[at]
  if (f.kind === 'numeric' && col.type !== 'numeric') {
    const example = col.values.find((v) => v !== null && !Number.isFinite(Number(v)))
    throw new DataError('mismatch', `the column holds text (e.g. ${JSON.stringify(example)}) but the model expects numbers`, { file: table.name, column: at + 1, columnName: f.name })
  }
  return col
}

function outputsOf(pre: Preprocessing): number {
  const stored = (pre as Partial<FittedPreprocessing>).outputs
  if (stored !== undefined) return stored
  const k = pre.target.labels?.length ?? 1
  return pre.target.task === 'multiclass' ? k : 1
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
  if (labels.length === 1) throw new DataError('single-class', `the target has a single class (${JSON.stringify(labels[0])}); a classifier needs at least two`, where)
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
  const cols = dropMissing ? features.map((f) => table.columns[findColumn(table, f)]) : []
  const out: number[] = []
  next: for (let r = 0; r < table.rows; r++) {
    const t = target.values[r]
    if (t === null || (typeof t === 'number' && Number.isNaN(t))) continue
    for (const c of cols) {
      const v = c.values[r]
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue next
    }
    out.push(r)
  }
  return Int32Array.from(out)
}

function labelIndexer(labels: string[]): (col: Column, row: number) => number {
  const index = new Map(labels.map((l, i) => [l, i]))
  return (col, row) => index.get(String(col.values[row])) ?? -1
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
function stats(values: ArrayLike<number>, rows: Int32Array, fill: number): [number, number, number, number] {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let n = 0
  for (const r of rows) {
    const v = Number.isNaN(values[r]) ? fill : values[r]
    if (Number.isNaN(v)) continue
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    n++
  }
  const mean = n > 0 ? sum / n : 0
  let ss = 0
  for (const r of rows) {
    const v = Number.isNaN(values[r]) ? fill : values[r]
    if (!Number.isNaN(v)) ss += (v - mean) * (v - mean)
  }
  return [min, max, mean, n > 0 ? Math.sqrt(ss / n) : 0]
}
