/**
 * Export of a dense model to the TensorFlow.js layers format (SPEC §9): a `model.json` with a Keras-style
 * Sequential topology and one little-endian float32 weights file, which `tf.loadLayersModel` reads.
 *
 * Shapes: Layerwise stores W as `[units×fanIn]` (W[j][k] from unit k of the layer below to unit j);
 * Keras' Dense kernel is `[fanIn×units]`, so each kernel is written transposed.
 * Activations map one to one where TF.js has them; leaky ReLU becomes a linear Dense followed by a
 * `LeakyReLU` layer; anything TF.js lacks is refused with the layer and activation named.
 */
import type { ActivationName } from '../types'
import type { NetworkJSON } from '../network'

/** What to write: `model.json` (as an object) and the bytes of the weights file it names. */
export interface TfjsExport {
  modelJson: Record<string, unknown>
  weights: Uint8Array
}

/** The model cannot be expressed in TF.js; the message names the layer and what is missing. */
export class TfjsExportError extends Error {
  override name = 'TfjsExportError'
}

const DIRECT: Partial<Record<ActivationName, string>> = {
  identity: 'linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'relu',
  softplus: 'softplus',
  softmax: 'softmax',
}

/** Converts a network (its JSON form) to the TF.js layers format; `weightsFile` is the name model.json refers to. */
export function toTfjsLayers(network: NetworkJSON, options: { weightsFile?: string; generatedBy?: string } = {}): TfjsExport {
  const weightsFile = options.weightsFile ?? 'weights.bin'
  const layers: Record<string, unknown>[] = []
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = []
  const chunks: Float32Array[] = []
  network.layers.forEach((layer, i) => {
    const n = i + 1
    const name = `dense_${n}`
    const activation = activationOf(layer.activation, layer.alpha, n)
    const config: Record<string, unknown> = {
      units: layer.units,
      activation: activation.dense,
      use_bias: layer.bias,
      name,
      trainable: true,
      dtype: 'float32',
    }
    if (i === 0) config.batch_input_shape = [null, network.inputs]
    layers.push({ class_name: 'Dense', config })
    if (activation.extra) layers.push(activation.extra(n))

    const [units, fanIn] = layer.weights.shape
    const kernel = new Float32Array(units * fanIn)
    // kernel[k][j] = W[j][k]   [fanIn×units] ← [units×fanIn]
    for (let j = 0; j < units; j++) for (let k = 0; k < fanIn; k++) kernel[k * units + j] = layer.weights.data[j * fanIn + k]!
    specs.push({ name: `${name}/kernel`, shape: [fanIn, units], dtype: 'float32' })
    chunks.push(kernel)
    if (layer.bias && layer.biases) {
      specs.push({ name: `${name}/bias`, shape: [units], dtype: 'float32' })
      chunks.push(Float32Array.from(layer.biases.data))
    }
  })
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: options.generatedBy ?? 'Layerwise',
      convertedBy: null,
      modelTopology: {
        class_name: 'Sequential',
        config: { name: 'layerwise', layers },
        keras_version: 'tfjs-layers 4.22.0',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [weightsFile], weights: specs }],
    },
    weights: concatLittleEndian(chunks),
  }
}

function activationOf(name: ActivationName, alpha: number | undefined, layer: number): { dense: string; extra?: (n: number) => Record<string, unknown> } {
  const direct = DIRECT[name]
  if (direct) return { dense: direct }
  if (name === 'leakyRelu') {
    const a = alpha ?? 0.01
    return { dense: 'linear', extra: (n) => ({ class_name: 'LeakyReLU', config: { alpha: a, name: `leaky_re_lu_${n}`, trainable: true, dtype: 'float32' } }) }
  }
  if (name === 'elu') {
    // TF.js implements ELU only with α = 1 ("Non-default alpha value … is not supported").
    if ((alpha ?? 1) === 1) return { dense: 'elu' }
    throw new TfjsExportError(`Layer ${layer} uses ELU with α = ${alpha}; TensorFlow.js supports ELU only with α = 1.`)
  }
  throw new TfjsExportError(`Layer ${layer} uses the ${name} activation, which TensorFlow.js does not have; only identity, sigmoid, tanh, ReLU, leaky ReLU, ELU (α = 1), softplus and softmax can be exported.`)
}

/** Packs float32 arrays into one little-endian byte buffer (the TF.js weights file layout). */
function concatLittleEndian(chunks: Float32Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0)
  const bytes = new Uint8Array(total * 4)
  const view = new DataView(bytes.buffer)
  let offset = 0
  for (const chunk of chunks) for (let i = 0; i < chunk.length; i++, offset += 4) view.setFloat32(offset, chunk[i]!, true)
  return bytes
}
