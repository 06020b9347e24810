/** Applies a model's stored preprocessing to a table, exactly as at training time. */
import type { ModelJSON } from '../engine'
import type { Dataset, Task } from '../engine/types'
import { applyPreprocessing, isDataError, type IndexedDataset, type Table } from '../main/data'
import { CliError } from './cli-error'

export function encodeForModel(model: ModelJSON, table: Table, requireTarget: boolean): { data: IndexedDataset & Dataset; task: Task; labels: string[] | null } {
  const pre = model.preprocessing
  if (!pre) throw new CliError('the model has no preprocessing section, so raw rows cannot be encoded for it (was it saved by Layerwise?).')
  try {
    const data = applyPreprocessing(pre, table, { requireTarget })
    if (data.inputs !== model.network.inputs) throw new CliError(`the data encodes to ${data.inputs} inputs but the model takes ${model.network.inputs}.`)
    return { data, task: pre.target.task, labels: pre.target.labels ?? null }
  } catch (error) {
    if (isDataError(error)) throw new CliError(error.message)
    throw error
  }
}
