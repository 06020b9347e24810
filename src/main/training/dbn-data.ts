/**
 * Data preparation of a DBN run, shared by the training worker's job manager and `layerwise dbn`: the
 * same `prepareData` as dense runs (transform fitted on the training split only, seeded split), with
 * what an RBM needs on top:
 * - Without the classifier, every usable column except `target` is an input (a constant stand-in target
 *   keeps `prepareData`'s contract; the saved preprocessing names it, and encoding raw rows later ignores
 *   its absence). The classifier learns `target`'s classes.
 * - Bernoulli visible units need values in [0, 1]: data already in [0, 1] is left as it is (images),
 *   anything else is min-max scaled, and encoded rows are clipped to [0, 1] (held-out rows can fall outside
 *   the training range). Gaussian visible units get z-scored data.
 */
import type { Dataset, Preprocessing } from '../../engine/types'
import { applyPreprocessing, isDataError, loadBuiltin, prepareData, type IndexedDataset, type Table } from '../data'
import type { DbnVisible, StartDbnRequest } from '../../shared/dbn'
import type { DbnJob } from '../../shared/engine-protocol'

/** Name of the stand-in target column used when a DBN is trained without labels. */
export const NO_TARGET = '(no target)'

export interface DbnDataOptions {
  /** Label column kept out of the inputs (required for the classifier). */
  target?: string
  classifier: boolean
  visible: DbnVisible
  /** Held-out fractions. */
  validation: number
  test: number
  seed: number
}

/** Engine-ready splits of a DBN run, and the transform that encodes raw rows for the model. */
export interface DbnData {
  train: IndexedDataset
  validation: IndexedDataset | null
  test: IndexedDataset | null
  preprocessing: Preprocessing
  /** Class names (with a class target), else null. */
  labels: string[] | null
  image: { width: number; height: number; channels: number } | null
}

/** A refusal the caller shows as it is (the CLI as one line, the API as a user error). */
export class DbnDataError extends Error {}

/** Splits and encodes `table` for a DBN (see the file comment for the rules). */
export function prepareDbnData(table: Table, o: DbnDataOptions): DbnData {
  if (o.classifier && o.target === undefined) throw new DbnDataError('the DBN classifier needs a label column (--target COL).')
  if (o.target !== undefined && !table.columns.some((c) => c.name === o.target)) throw new DbnDataError(`there is no column "${o.target}" (--target)`)
  // Without the classifier, the label column is only kept out of the inputs (it may hold a single class).
  const target = o.classifier ? o.target! : NO_TARGET
  const source = o.classifier ? table : withStandInTarget({ ...table, columns: table.columns.filter((c) => c.name !== o.target) })
  const scaling = o.visible === 'gaussian' ? 'zscore' : inUnitRange(source, target) ? 'none' : 'minmax'
  const split = { train: 1 - o.validation - o.test, val: o.validation, test: o.test }
  let prepared: ReturnType<typeof prepareData>
  try {
    prepared = prepareData(source, { target, ...(o.classifier ? {} : { task: 'regression' as const }), scaling, split, seed: o.seed })
  } catch (error) {
    if (isDataError(error)) throw new DbnDataError(error.message)
    throw error
  }
  const pre = prepared.preprocessing
  if (o.classifier && pre.target.task === 'regression') {
    throw new DbnDataError(`--target "${o.target}" holds numbers with too many distinct values to be classes; the DBN classifier needs a class column.`)
  }
  const fit = (d: IndexedDataset): IndexedDataset => (o.visible === 'bernoulli' ? clipUnit(d) : d)
  return {
    train: fit(prepared.train),
    validation: prepared.val.rows > 0 ? fit(prepared.val) : null,
    test: prepared.test.rows > 0 ? fit(prepared.test) : null,
    preprocessing: pre,
    labels: o.classifier ? (pre.target.labels ?? null) : null,
    image: prepared.schema.image ?? null,
  }
}

/** Encodes raw rows with a saved model's transform, clipped to [0, 1] for Bernoulli visible units. */
export function encodeDbnRows(pre: Preprocessing, table: Table, visible: DbnVisible): IndexedDataset {
  try {
    const data = applyPreprocessing(pre, table, { requireTarget: false })
    return visible === 'bernoulli' ? clipUnit(data) : data
  } catch (error) {
    if (isDataError(error)) throw new DbnDataError(error.message)
    throw error
  }
}

/** Clips the encoded inputs of `d` to [0, 1] in place (Bernoulli units are probabilities). */
export function clipUnit<T extends Dataset>(d: T): T {
  const x = d.x
  for (let i = 0; i < x.length; i++) x[i] = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i]
  return d
}

function withStandInTarget(table: Table): Table {
  if (table.columns.some((c) => c.name === NO_TARGET)) return table
  return { ...table, columns: [...table.columns, { name: NO_TARGET, type: 'numeric', values: new Float32Array(table.rows) }] }
}

/** Whether every numeric value outside `target` lies in [0, 1] (missing values ignored). */
function inUnitRange(table: Table, target: string): boolean {
  for (const c of table.columns) {
    if (c.name === target || c.type !== 'numeric') continue
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i]
      if (v < 0 || v > 1) return false
    }
  }
  return true
}

/** Where the tables of imported data sets are found by id (the data store). */
export interface DbnTableSource {
  tables(id: string, name?: string): { table: Table; test?: Table }
}

/** Loads, splits and encodes the data of a `dbn:start` request into a complete worker job. */
export async function dbnJobFor(
  runId: string,
  request: StartDbnRequest,
  store: DbnTableSource | undefined,
  options: { kernels: 'wasm' | 'ts'; frameIntervalMs: number },
): Promise<DbnJob> {
  const ref = request.data
  let table: Table
  if (ref.kind === 'builtin') {
    try {
      table = await loadBuiltin(ref.name, { seed: ref.seed, noise: ref.noise })
    } catch (error) {
      if (isDataError(error)) throw new DbnDataError(error.message)
      throw error
    }
  } else if (store) table = store.tables(ref.id, ref.name).table
  else throw new DbnDataError('Imported data sets are not available here.')
  const s = request.settings
  const split = request.split ?? { validation: 0.1, test: 0.1 }
  if (split.validation + split.test >= 1) throw new DbnDataError('The validation and test fractions leave no rows to train on.')
  const data = prepareDbnData(table, {
    ...(request.target !== undefined ? { target: request.target } : {}),
    classifier: s.fineTune === 'classifier',
    visible: s.visible,
    validation: split.validation,
    test: split.test,
    seed: s.seed,
  })
  const plain = (d: IndexedDataset | null): Dataset | null => d && { rows: d.rows, inputs: d.inputs, outputs: d.outputs, x: d.x, y: d.y, ...(d.labels ? { labels: d.labels } : {}) }
  return {
    runId,
    settings: s,
    train: plain(data.train)!,
    validation: plain(data.validation),
    test: plain(data.test),
    labels: data.labels,
    preprocessing: data.preprocessing,
    image: data.image,
    ...options,
  }
}
