/**
 * The model file of SPEC §9 (documented in docs/model-format.md). Every kind shares one envelope
 * `{ format: 'layerwise-model', version: 1, kind }`; this file defines kind 'mlp'. The JSON shapes
 * are types here, separate from the runtime classes (STYLE §15); `parseModel` validates untrusted
 * input completely and refuses anything else with a `ModelFormatError`.
 */
import { ACTIVATIONS } from './activations'
import { boolean, fail, finite, integer, numbers, object, oneOf, plain, shape, string, strings } from './json-check'
import { Network, type DenseLayerJSON, type NetworkJSON } from './network'
import type { ActivationName, FeatureColumn, FloatArray, KernelsOf, LossName, OptimizerName, Preprocessing, Task, TrainSettings } from './types'

export { ModelFormatError } from './json-check'

/** The format name every Layerwise model file starts with. */
export const MODEL_FORMAT = 'layerwise-model'
/** The only version this build reads and writes. */
export const MODEL_VERSION = 1
/** Kinds of model under the envelope. */
export const MODEL_KINDS = ['mlp', 'rbm', 'dbn', 'autoencoder', 'dbn-classifier'] as const
/** One of `MODEL_KINDS`. */
export type ModelKind = (typeof MODEL_KINDS)[number]

/** Limits that keep a hostile or broken file from exhausting memory. */
export const MODEL_LIMITS = { layers: 64, units: 65536, params: 50_000_000, features: 100_000, labels: 100_000 } as const

/** The envelope fields every model file has. */
export interface ModelEnvelope {
  format: typeof MODEL_FORMAT
  version: typeof MODEL_VERSION
  kind: ModelKind
}

/** A multilayer-perceptron model file (kind 'mlp'). */
export interface ModelJSON extends ModelEnvelope {
  kind: 'mlp'
  network: NetworkJSON
  preprocessing?: Preprocessing
  training?: TrainSettings
  metrics?: Record<string, unknown>
}

/** Optional parts stored beside the network. */
export interface ModelExtras {
  preprocessing?: Preprocessing
  training?: TrainSettings
  metrics?: Record<string, unknown>
}

/**
 * The model file of a network (a plain object: `JSON.stringify` it to save). The extras are
 * validated and copied in canonical key order; an invalid one throws `ModelFormatError`.
 */
export function serializeModel<A extends FloatArray>(net: Network<A>, extras: ModelExtras = {}): ModelJSON {
  const model: ModelJSON = { format: MODEL_FORMAT, version: MODEL_VERSION, kind: 'mlp', network: net.toJSON() }
  // the parsers' copies fix key order and validate, so save → load → save is byte-identical
  if (extras.preprocessing) model.preprocessing = parsePreprocessing(extras.preprocessing, net.inputs, net.outputs)
  if (extras.training) model.training = parseTraining(extras.training)
  if (extras.metrics) model.metrics = parseMetrics(extras.metrics)
  return model
}

/**
 * Checks the envelope of any model file (a JSON string or an already parsed value) and returns its
 * kind and top-level object; the kind's own parser checks the rest.
 */
export function checkEnvelope(json: unknown): { kind: ModelKind; model: Record<string, unknown> } {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json)
    } catch (e) {
      fail(`The model file is not valid JSON: ${(e as Error).message}`)
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('The model file must hold a JSON object')
  const o = value as Record<string, unknown>
  if (o.format !== MODEL_FORMAT) {
    fail(`This is not a Layerwise model: format is ${JSON.stringify(o.format) ?? 'missing'}, expected "${MODEL_FORMAT}"`)
  }
  if (o.version !== MODEL_VERSION) {
    fail(`Unsupported model version ${JSON.stringify(o.version) ?? '(missing)'}: this Layerwise reads version ${MODEL_VERSION}`)
  }
  const kind = oneOf(o.kind, 'kind', MODEL_KINDS)
  return { kind, model: o }
}

const LOSSES: readonly LossName[] = ['mse', 'bce', 'cce']
const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression']
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']
const USES_ALPHA: readonly ActivationName[] = ['leakyRelu', 'elu', 'softExponential']

function parseLayer(v: unknown, path: string, fanIn: number, last: boolean): DenseLayerJSON {
  const o = object(v, path, ['type', 'units', 'activation', 'alpha', 'bias', 'weights', 'biases'], ['type', 'units', 'activation', 'bias', 'weights', 'biases'])
  if (o.type !== 'dense') fail(`${path}.type is ${JSON.stringify(o.type)}, only "dense" layers exist in version 1`)
  const units = integer(o.units, `${path}.units`, 1, MODEL_LIMITS.units)
  const activation = oneOf(o.activation, `${path}.activation`, ACTIVATIONS)
  if (activation === 'softmax' && !last) fail(`${path}.activation is softmax, which is only valid on the output layer`)
  const bias = boolean(o.bias, `${path}.bias`)
  const w = object(o.weights, `${path}.weights`, ['shape', 'data'])
  const layer: DenseLayerJSON = { type: 'dense', units, activation, bias, weights: { shape: [units, fanIn], data: [] }, biases: null }
  if (o.alpha !== undefined) {
    if (!USES_ALPHA.includes(activation)) fail(`${path}.alpha is set, but ${activation} has no α (only ${USES_ALPHA.join(', ')})`)
    layer.alpha = finite(o.alpha, `${path}.alpha`)
  } else if (USES_ALPHA.includes(activation)) {
    fail(`${path}.alpha is missing: ${activation} needs its α`)
  }
  shape(w.shape, `${path}.weights.shape`, [units, fanIn])
  layer.weights.data = numbers(w.data, `${path}.weights.data`, units * fanIn)
  if (bias) {
    const b = object(o.biases, `${path}.biases`, ['shape', 'data'])
    shape(b.shape, `${path}.biases.shape`, [units])
    layer.biases = { shape: [units], data: numbers(b.data, `${path}.biases.data`, units) }
  } else if (o.biases !== null) {
    fail(`${path}.biases must be null when bias is false`)
  }
  // key order as serializeModel writes it, so load → save is byte-identical
  const { type, alpha, weights, biases } = layer
  return alpha === undefined ? { type, units, activation, bias, weights, biases } : { type, units, activation, alpha, bias, weights, biases }
}

function parseNetwork(v: unknown): NetworkJSON {
  const o = object(v, 'network', ['inputs', 'loss', 'layers'])
  const inputs = integer(o.inputs, 'network.inputs', 1, MODEL_LIMITS.units)
  const loss = oneOf(o.loss, 'network.loss', LOSSES)
  if (!Array.isArray(o.layers) || o.layers.length === 0) fail('network.layers must be a non-empty array')
  if (o.layers.length > MODEL_LIMITS.layers) fail(`network.layers has ${o.layers.length} layers, more than the limit ${MODEL_LIMITS.layers}`)
  const list: unknown[] = o.layers
  const layers: DenseLayerJSON[] = []
  let fanIn = inputs
  let params = 0
  list.forEach((l, i) => {
    const units = (l as { units?: unknown } | null)?.units
    if (typeof units === 'number') params += units * (fanIn + 1)
    if (params > MODEL_LIMITS.params) fail(`network has more than ${MODEL_LIMITS.params} parameters, beyond the limit`)
    const layer = parseLayer(l, `network.layers[${i}]`, fanIn, i === list.length - 1)
    layers.push(layer)
    fanIn = layer.units
  })
  return { inputs, loss, layers }
}

function parseFeature(v: unknown, path: string): FeatureColumn {
  const o = object(v, path, ['name', 'kind', 'categories', 'fill'], ['name', 'kind'])
  const f: FeatureColumn = { name: string(o.name, `${path}.name`), kind: oneOf(o.kind, `${path}.kind`, ['numeric', 'categorical'] as const) }
  if (o.categories !== undefined) f.categories = strings(o.categories, `${path}.categories`, MODEL_LIMITS.labels)
  if (f.kind === 'categorical' && !f.categories) fail(`${path}.categories is missing for a categorical column`)
  if (o.fill !== undefined) f.fill = typeof o.fill === 'string' ? o.fill : finite(o.fill, `${path}.fill`)
  return f
}

function parsePreprocessing(v: unknown, inputs: number, outputs: number): Preprocessing {
  const path = 'preprocessing'
  const o = object(v, path, ['features', 'scaling', 'offset', 'scale', 'target', 'missing', 'outputs'], ['features', 'scaling', 'offset', 'scale', 'target'])
  if (!Array.isArray(o.features)) fail(`${path}.features must be an array`)
  if (o.features.length > MODEL_LIMITS.features) fail(`${path}.features has more than ${MODEL_LIMITS.features} columns`)
  const features = o.features.map((f: unknown, i: number) => parseFeature(f, `${path}.features[${i}]`))
  const encoded = features.reduce((n, f) => n + (f.kind === 'categorical' ? (f.categories?.length ?? 0) : 1), 0)
  if (encoded !== inputs) fail(`${path}.features encode to ${encoded} inputs, but the network has ${inputs}`)
  const scaling = oneOf(o.scaling, `${path}.scaling`, ['none', 'minmax', 'zscore'] as const)
  const offset = numbers(o.offset, `${path}.offset`, inputs)
  const scale = numbers(o.scale, `${path}.scale`, inputs)
  scale.forEach((s, i) => s === 0 && fail(`${path}.scale[${i}] is 0; a scale must be non-zero`))
  const t = object(o.target, `${path}.target`, ['name', 'task', 'labels'], ['name', 'task'])
  const target: Preprocessing['target'] = { name: string(t.name, `${path}.target.name`), task: oneOf(t.task, `${path}.target.task`, TASKS) }
  if (t.labels !== undefined) target.labels = strings(t.labels, `${path}.target.labels`, MODEL_LIMITS.labels)
  const result: Preprocessing = { features, scaling, offset, scale, target }
  if (o.missing !== undefined) result.missing = oneOf(o.missing, `${path}.missing`, ['drop', 'mean', 'mostFrequent'] as const)
  if (o.outputs !== undefined) {
    result.outputs = integer(o.outputs, `${path}.outputs`, 1, MODEL_LIMITS.units)
    if (result.outputs !== outputs) fail(`${path}.outputs is ${result.outputs}, but the network has ${outputs} outputs`)
  }
  return result
}

function parseTraining(v: unknown): TrainSettings {
  const o = plain(v, 'training') as Record<string, unknown>
  if (typeof o !== 'object' || o === null || Array.isArray(o)) fail('training must be an object')
  oneOf(o.optimizer, 'training.optimizer', OPTIMIZERS)
  finite(o.learningRate, 'training.learningRate')
  return o as unknown as TrainSettings
}

function parseMetrics(v: unknown): Record<string, unknown> {
  const m = plain(v, 'metrics')
  if (typeof m !== 'object' || m === null || Array.isArray(m)) fail('metrics must be an object')
  return m as Record<string, unknown>
}

/**
 * Validates an untrusted model file (a JSON string or a parsed value) and returns a clean copy.
 * Throws `ModelFormatError` naming the first problem: wrong format name, unsupported version, other
 * kinds, unexpected or forbidden keys, wrong shapes, non-finite numbers, sizes beyond `MODEL_LIMITS`.
 */
export function parseModel(json: unknown): ModelJSON {
  const { kind, model } = checkEnvelope(json)
  if (kind !== 'mlp') fail(`This is a model of kind "${kind}"; load it with the ${kind} loader, not as a network`)
  const o = object(model, 'model', ['format', 'version', 'kind', 'network', 'preprocessing', 'training', 'metrics'], ['format', 'version', 'kind', 'network'])
  const network = parseNetwork(o.network)
  const out: ModelJSON = { format: MODEL_FORMAT, version: MODEL_VERSION, kind: 'mlp', network }
  if (o.preprocessing !== undefined) out.preprocessing = parsePreprocessing(o.preprocessing, network.inputs, network.layers[network.layers.length - 1].units)
  if (o.training !== undefined) out.training = parseTraining(o.training)
  if (o.metrics !== undefined) out.metrics = parseMetrics(o.metrics)
  return out
}

/** Validates a model file and builds its network (float32, on `kernels`, default TypeScript). */
export function loadNetwork(json: unknown, kernels?: KernelsOf<Float32Array>): { model: ModelJSON; net: Network } {
  const model = parseModel(json)
  return { model, net: Network.fromJSON(model.network, kernels) }
}
