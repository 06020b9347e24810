/**
 * Turns a data reference from a request into engine-ready splits, with the same preparation code as
 * the CLI (`prepareData`: preprocessing fitted on the training split only, seeded stratified split).
 */
import type { Dataset, Task } from '../../engine/types'
import type { BuiltinInfo, StartTrainingRequest } from '../../shared/dto'
import { UserError } from '../api/dispatch'
import { isDataError, listBuiltins as listDataBuiltins, loadBuiltin, prepareData, type FittedPreprocessing, type Table } from '../data'

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

/** Below this many rows a data set is not split: it trains and is tested on every row (a logic gate has 4). */
const MIN_ROWS_TO_SPLIT = 20

/** The built-in data sets a user can pick. */
export function listBuiltins(): BuiltinInfo[] {
  return listDataBuiltins()
}

/** Loads and encodes the data a request refers to; any problem becomes a message for the user. */
export async function prepareTrainingData(request: StartTrainingRequest): Promise<PreparedData> {
  try {
    return prepare(await loadBuiltin(request.data.name, { seed: request.data.seed, noise: request.data.noise }), request)
  } catch (error) {
    if (isDataError(error)) throw new UserError(error.message)
    throw error
  }
}

function prepare(table: Table, request: StartTrainingRequest): PreparedData {
  const { network } = request
  const outputs = network.layers[network.layers.length - 1]!.units
  const small = table.rows < MIN_ROWS_TO_SPLIT
  const split = small ? { train: 1, val: 0, test: 0 } : { train: 1 - (request.split?.validation ?? 0.15) - (request.split?.test ?? 0.15), val: request.split?.validation ?? 0.15, test: request.split?.test ?? 0.15 }
  const prepared = prepareData(table, { split, seed: request.settings.seed, outputs: outputs === 1 ? 1 : undefined })
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
    test: small ? train : test.rows > 0 ? test : null,
    labels: preprocessing.target.labels ?? null,
    preprocessing,
    table,
  }
}
