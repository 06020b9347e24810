/**
 * Export of a kept model to files (SPEC §9): the Layerwise model JSON, or the TensorFlow.js layers
 * format (`model.json` + `weights.bin`, which `tf.loadLayersModel` reads) for the models with a dense
 * network (mlp, autoencoder, dbn-classifier). RBM stacks have no TF.js equivalent and are refused.
 */
import { TfjsExportError, toTfjsLayers } from '../../engine/export/tfjs'
import type { ExportedFile, ModelFileFormat } from '../../shared/models'
import { APP_VERSION } from '../version'
import { UserError } from '../api/dispatch'
import { modelText, networkOf, type LoadedModel } from './model-file'

/** The weights file name `model.json` refers to. */
export const TFJS_WEIGHTS_FILE = 'weights.bin'

/** A file-name stem from a model name: letters, digits, '-' and '_' only. */
export function fileStem(name: string): string {
  const stem = name
    .replace(/\.(layerwise-model\.)?json$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return stem || 'model'
}

/** Null when the model can be exported to TF.js; else the reason why not. */
export function tfjsRefusal(model: LoadedModel): string | null {
  const net = networkOf(model)
  if (!net) return `A ${model.kind === 'rbm' ? 'single RBM' : 'DBN stack'} has no TensorFlow.js layers equivalent; export it as Model JSON.`
  try {
    toTfjsLayers(net)
    return null
  } catch (error) {
    if (error instanceof TfjsExportError) return error.message
    throw error
  }
}

/** The files of an export: one JSON file, or model.json and weights.bin. */
export function exportFiles(model: LoadedModel, name: string, format: ModelFileFormat): ExportedFile[] {
  if (format === 'json') return [{ name: `${fileStem(name)}.layerwise-model.json`, mime: 'application/json', text: modelText(model) }]
  const refusal = tfjsRefusal(model)
  const net = networkOf(model)
  if (refusal || !net) throw new UserError(refusal ?? 'This model has no network to export.')
  const { modelJson, weights } = toTfjsLayers(net, { weightsFile: TFJS_WEIGHTS_FILE, generatedBy: `Layerwise ${APP_VERSION}` })
  return [
    { name: 'model.json', mime: 'application/json', text: JSON.stringify(modelJson) },
    { name: TFJS_WEIGHTS_FILE, mime: 'application/octet-stream', base64: Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64') },
  ]
}
