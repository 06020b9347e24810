/**
 * Turns a data reference from a request into engine-ready splits, with the same preparation code as
 * the CLI (`prepareData`: preprocessing fitted on the training split only, seeded stratified split).
 * Built-in sets are generated or loaded here; imported ones come from the data store by id.
 */
import type { Dataset, Task } from '../../engine/types'
import type { BuiltinInfo, DataRef, StartTrainingRequest } from '../../shared/dto'
import { UserError } from '../api/dispatch'
import { isDataError, prepareData, type FittedPreprocessing, type PrepareOptions, type SplitFractions, type Table } from '../../engine/data'
import { listBuiltins as listDataBuiltins, loadBuiltin } from '../data/builtins'

/** Engine-ready splits of one data set. */
export interface PreparedData {
  task: Task
  train: Dataset
  validation: Dataset | null
  test: Dataset | null
  labels: string[] | null
  preprocessing: FittedPreprocessing | null
  /** The table the splits came from (their rows' `sourceRows` index it), for listing samples. */
  table?: Table
}

/** The tables behind a data reference: the data set and, for a train + test pair, the test file. */
export interface DataTables {
  table: Table
  test?: Table
}

/** Where imported tables are found by id (the data store). */
export interface TableSource {
  /** `name` (the reference's file name) lets the error for a data set that is not loaded name it. */
  tables(id: string, name?: string): DataTables
}

/** The user's choices for a data set that `prepareData` takes. */
export type TrainingChoices = Pick<PrepareOptions, 'target' | 'task' | 'missing' | 'scaling'>

/** Below this many rows a data set is not split: it trains and is tested on every row (a logic gate has 4). */
const MIN_ROWS_TO_SPLIT = 20
const DEFAULT_HOLD_OUT = 0.15

/** The built-in data sets a user can pick. */
export function listBuiltins(): BuiltinInfo[] {
  return listDataBuiltins()
}

/** The choices of a data reference (none for a built-in set: its last column, detected task, defaults). */
export function choicesOf(ref: DataRef): TrainingChoices {
  if (ref.kind === 'builtin') return {}
  return {
    ...(ref.target !== undefined ? { target: ref.target } : {}),
    ...(ref.task ? { task: ref.task } : {}),
    ...(ref.missing ? { missing: ref.missing } : {}),
    ...(ref.scaling ? { scaling: ref.scaling } : {}),
  }
}

/** Train / validation / test fractions for `rows` rows: no split below 20 rows; no test split when a test file came along. */
export function splitFractions(rows: number, hold: { validation: number; test: number } | undefined, hasTestTable: boolean): SplitFractions {
  if (rows < MIN_ROWS_TO_SPLIT) return { train: 1, val: 0, test: 0 }
  const val = hold?.validation ?? DEFAULT_HOLD_OUT
  const test = hasTestTable ? 0 : (hold?.test ?? DEFAULT_HOLD_OUT)
  return { train: 1 - val - test, val, test }
}

/** Loads the tables of a built-in data reference. */
export async function builtinTables(ref: DataRef & { kind: 'builtin' }): Promise<DataTables> {
  return { table: await loadBuiltin(ref.name, { seed: ref.seed, noise: ref.noise }) }
}

/**
 * Loads and encodes the data a request refers to; any problem becomes a message for the user.
 * Imported data needs the store that holds it.
 */
export async function prepareTrainingData(request: StartTrainingRequest, store?: TableSource): Promise<PreparedData> {
  try {
    const { data } = request
    if (data.kind === 'builtin') return prepare(await builtinTables(data), request)
    if (!store) throw new UserError('Imported data sets are not available here.')
    return prepare(store.tables(data.id, data.name), request)
  } catch (error) {
    if (isDataError(error)) throw new UserError(error.message)
    throw error
  }
}

function prepare({ table, test: testTable }: DataTables, request: StartTrainingRequest): PreparedData {
  const { network, data } = request
  const outputs = network.layers[network.layers.length - 1]!.units
  const small = table.rows < MIN_ROWS_TO_SPLIT
  if (request.split && request.split.validation + request.split.test >= 1) throw new UserError('The validation and test fractions leave no rows to train on.')
  const hold = request.split ?? (data.kind === 'imported' ? data.split : undefined)
  const split = splitFractions(table.rows, hold, testTable !== undefined)
  const prepared = prepareData(table, { ...choicesOf(data), split, seed: request.settings.seed, outputs: outputs === 1 ? 1 : undefined, testTable })
  const { train, val, test, preprocessing } = prepared
  const title = `The data set "${table.name}"`
  if (train.inputs !== network.inputs) {
    throw new UserError(`${title} has ${train.inputs} inputs but the network's input layer has ${network.inputs}: set the input width to ${train.inputs}.`)
  }
  if (train.outputs !== outputs) {
    const what = preprocessing.target.task === 'regression' ? 'a regression target (1 output unit)' : `${preprocessing.target.labels?.length ?? 0} classes`
    throw new UserError(`${title} has ${what} but the output layer has ${outputs} units: use ${train.outputs}.`)
  }
  return {
    task: preprocessing.target.task,
    train,
    validation: val.rows > 0 ? val : null,
    // A data set too small to split is tested on its training rows (a gate's whole truth table).
    test: small && !testTable ? train : test.rows > 0 ? test : null,
    labels: preprocessing.target.labels ?? null,
    preprocessing,
    table,
  }
}
