/**
 * What the DBN use channels need from a kept model of the RBM family: its stack, what reconstructs,
 * its visible units and width, and raw rows encoded with its stored preprocessing (as at training time).
 */
import { Dbn, type DbnFamilyModel, type Reconstructor } from '../../engine/rbm'
import type { IndexedDataset, Table } from '../data'
import { UserError } from '../api/dispatch'
import { DbnDataError, encodeDbnRows } from '../training/dbn-data'
import type { DbnVisible } from '../../shared/dbn'

/** The RBM stack of a model: itself, or the pretrained stack a fine-tuned network came from (or null). */
export function stackOf(model: DbnFamilyModel): Dbn | null {
  if (model.kind === 'rbm') return new Dbn([model.rbm])
  if (model.kind === 'dbn') return model.dbn
  return model.pretrained
}

/** What reconstructs rows: the RBM/DBN up-down pass or the autoencoder; a classifier does not. */
export function reconstructorOf(model: DbnFamilyModel): Reconstructor | null {
  if (model.kind === 'rbm') return model.rbm
  if (model.kind === 'dbn') return model.dbn
  if (model.kind === 'autoencoder') return model.autoencoder
  return null
}

export function visibleOf(model: DbnFamilyModel): DbnVisible {
  if (model.kind === 'autoencoder') return model.autoencoder.visible
  return stackOf(model)?.visible ?? (model.preprocessing?.scaling === 'zscore' ? 'gaussian' : 'bernoulli')
}

export function inputsOf(model: DbnFamilyModel): number {
  if (model.kind === 'autoencoder') return model.autoencoder.net.layers[0]!.inputs
  if (model.kind === 'dbn-classifier') return model.classifier.net.layers[0]!.inputs
  return stackOf(model)!.nVisible
}

/** Raw rows → the model's inputs (clipped to [0, 1] for Bernoulli units); refuses a width mismatch. */
export function encodeFor(model: DbnFamilyModel, table: Table): IndexedDataset {
  const pre = model.preprocessing
  if (!pre) throw new UserError('The model has no preprocessing section, so rows cannot be encoded for it (was it saved by Layerwise?).')
  let data: IndexedDataset
  try {
    data = encodeDbnRows(pre, table, visibleOf(model))
  } catch (error) {
    if (error instanceof DbnDataError) throw new UserError(error.message)
    throw error
  }
  if (data.inputs !== inputsOf(model)) throw new UserError(`The data encodes to ${data.inputs} inputs but the model takes ${inputsOf(model)}.`)
  if (data.rows === 0) throw new UserError('No rows are left after dropping the rows with missing values.')
  return data
}
