/**
 * Model JSON of the RBM family (SPEC §9, docs/model-format.md §9) under the same envelope as the
 * dense models: `{ format: 'layerwise-model', version: 1, kind: 'rbm' | 'dbn' | 'autoencoder' |
 * 'dbn-classifier', … }`. Fine-tuned networks are stored as the dense engine's `NetworkJSON`
 * (weights `[units×fanIn]`), so any loader of dense models can run them. Loading validates every field
 * and refuses anything else with a message naming the field; save → load → save is byte-identical.
 */
import type { Kernels, Preprocessing } from '../types'
import type { DenseLayerJSON, NetworkJSON } from '../network'
import { MODEL_FORMAT, MODEL_LIMITS, MODEL_VERSION } from '../serialize'
import { Rbm } from './rbm'
import { Dbn } from './dbn'
import { FineTuneNet, type DenseParams, type FineActivation, type FineLoss } from './fine-tune-net'
import type { Autoencoder, DbnClassifier } from './autoencoder'
import type { VisibleKind } from './rbm-math'
import { ModelFormatError, arr, count, obj, oneOf, onlyKeys, paramLimit, plainJson, str, tensor, type JsonObject } from './json-checks'

export { MODEL_FORMAT, MODEL_VERSION }
export type DbnModelKind = 'rbm' | 'dbn' | 'autoencoder' | 'dbn-classifier'
const KINDS: readonly DbnModelKind[] = ['rbm', 'dbn', 'autoencoder', 'dbn-classifier']
const VISIBLE: readonly VisibleKind[] = ['bernoulli', 'gaussian']

/** Optional parts shared by every kind: the data transform, the training settings and the final metrics. */
export interface ModelMeta {
  preprocessing?: Preprocessing
  training?: Record<string, unknown>
  metrics?: Record<string, unknown>
}

/** A loaded (or to-be-saved) model of the RBM family. */
export type DbnFamilyModel =
  | ({ kind: 'rbm'; rbm: Rbm } & ModelMeta)
  | ({ kind: 'dbn'; dbn: Dbn } & ModelMeta)
  | ({ kind: 'autoencoder'; autoencoder: Autoencoder; pretrained: Dbn | null } & ModelMeta)
  | ({ kind: 'dbn-classifier'; classifier: DbnClassifier; pretrained: Dbn | null } & ModelMeta)

export interface TensorJSON {
  shape: number[]
  data: number[]
}

/** One RBM: W `[nVisible×nHidden]` (W[i][j] joins visible i and hidden j), b `[nVisible]`, c `[nHidden]`. */
export interface RbmJSON {
  visible: VisibleKind
  nVisible: number
  nHidden: number
  weights: TensorJSON
  visibleBias: TensorJSON
  hiddenBias: TensorJSON
}

function data(a: Float32Array, path: string): number[] {
  const out = Array.from(a)
  const bad = out.findIndex((x) => !Number.isFinite(x))
  if (bad >= 0) throw new Error(`Cannot save the model: ${path}[${bad}] is ${out[bad]} (the training diverged)`)
  return out
}

export function rbmToJSON(r: Rbm, path = 'rbm'): RbmJSON {
  return {
    visible: r.visible,
    nVisible: r.nVisible,
    nHidden: r.nHidden,
    weights: { shape: [r.nVisible, r.nHidden], data: data(r.W, `${path}.weights`) },
    visibleBias: { shape: [r.nVisible], data: data(r.b, `${path}.visibleBias`) },
    hiddenBias: { shape: [r.nHidden], data: data(r.c, `${path}.hiddenBias`) },
  }
}

export function rbmFromJSON(v: unknown, kernels: Kernels, path = 'rbm'): Rbm {
  const o = obj(v, path)
  onlyKeys(o, ['visible', 'nVisible', 'nHidden', 'weights', 'visibleBias', 'hiddenBias'], path)
  const visible = oneOf(o.visible, VISIBLE, `${path}.visible`)
  const nVisible = count(o.nVisible, `${path}.nVisible`)
  const nHidden = count(o.nHidden, `${path}.nHidden`)
  paramLimit(nVisible * nHidden, `${path}.weights`)
  const r = new Rbm(kernels, { nVisible, nHidden, visible })
  r.W.set(tensor(o.weights, [nVisible, nHidden], `${path}.weights`))
  r.b.set(tensor(o.visibleBias, [nVisible], `${path}.visibleBias`))
  r.c.set(tensor(o.hiddenBias, [nHidden], `${path}.hiddenBias`))
  return r
}

function stackFromJSON(v: unknown, kernels: Kernels, path: string): Dbn {
  const layers = arr(v, path)
  if (layers.length === 0) throw new ModelFormatError(path, 'expected at least one RBM')
  if (layers.length > MODEL_LIMITS.layers) throw new ModelFormatError(path, `${layers.length} RBMs, beyond the limit ${MODEL_LIMITS.layers}`)
  const rbms = layers.map((l, i) => rbmFromJSON(l, kernels, `${path}[${i}]`))
  try {
    return new Dbn(rbms)
  } catch (e) {
    throw new ModelFormatError(path, (e as Error).message)
  }
}

/** A fine-tuned network as the dense engine's NetworkJSON: weights transposed to `[units×fanIn]`. */
export function netToJSON(net: FineTuneNet, path = 'network'): NetworkJSON {
  return {
    inputs: net.inputs,
    loss: net.loss,
    layers: net.layers.map((L, l): DenseLayerJSON => {
      const Wt = new Float32Array(L.W.length)
      for (let i = 0; i < L.inputs; i++) for (let j = 0; j < L.outputs; j++) Wt[j * L.inputs + i] = L.W[i * L.outputs + j]
      return {
        type: 'dense',
        units: L.outputs,
        activation: L.activation,
        bias: true,
        weights: { shape: [L.outputs, L.inputs], data: data(Wt, `${path}.layers[${l}].weights`) },
        biases: { shape: [L.outputs], data: data(L.b, `${path}.layers[${l}].biases`) },
      }
    }),
  }
}

const FINE_ACTIVATIONS: readonly FineActivation[] = ['sigmoid', 'identity', 'softmax']

export function netFromJSON(v: unknown, kernels: Kernels, losses: readonly FineLoss[], path = 'network'): FineTuneNet {
  const o = obj(v, path)
  onlyKeys(o, ['inputs', 'loss', 'layers'], path)
  let fanIn = count(o.inputs, `${path}.inputs`)
  const loss = oneOf(o.loss, losses, `${path}.loss`)
  const layers = arr(o.layers, `${path}.layers`)
  if (layers.length === 0) throw new ModelFormatError(`${path}.layers`, 'expected at least one layer')
  if (layers.length > MODEL_LIMITS.layers) throw new ModelFormatError(`${path}.layers`, `${layers.length} layers, beyond the limit ${MODEL_LIMITS.layers}`)
  const params = layers.map((lv, l): DenseParams => {
    const p = `${path}.layers[${l}]`
    const L = obj(lv, p)
    onlyKeys(L, ['type', 'units', 'activation', 'bias', 'weights', 'biases'], p)
    oneOf(L.type, ['dense'], `${p}.type`)
    if (L.bias !== true) throw new ModelFormatError(`${p}.bias`, 'layers of this model kind always have a bias (true)')
    const units = count(L.units, `${p}.units`)
    paramLimit(units * fanIn, `${p}.weights`)
    const activation = oneOf(L.activation, FINE_ACTIVATIONS, `${p}.activation`)
    const Wt = tensor(L.weights, [units, fanIn], `${p}.weights`)
    const W = kernels.alloc(units * fanIn)
    for (let j = 0; j < units; j++) for (let i = 0; i < fanIn; i++) W[i * units + j] = Wt[j * fanIn + i]
    const b = kernels.alloc(units)
    b.set(tensor(L.biases, [units], `${p}.biases`))
    const d: DenseParams = { inputs: fanIn, outputs: units, activation, W, b }
    fanIn = units
    return d
  })
  try {
    return new FineTuneNet(kernels, params, loss)
  } catch (e) {
    throw new ModelFormatError(path, (e as Error).message)
  }
}

/** The JSON value of a model (key order fixed, so the text is reproducible). */
export function dbnModelToJSON(m: DbnFamilyModel): JsonObject {
  const head = { format: MODEL_FORMAT, version: MODEL_VERSION, kind: m.kind }
  let body: JsonObject
  switch (m.kind) {
    case 'rbm':
      body = { rbm: rbmToJSON(m.rbm) }
      break
    case 'dbn':
      body = { layers: m.dbn.layers.map((r, i) => rbmToJSON(r, `layers[${i}]`)) }
      break
    case 'autoencoder':
      body = {
        visible: m.autoencoder.visible,
        codeDepth: m.autoencoder.codeDepth,
        network: netToJSON(m.autoencoder.net),
        pretrained: m.pretrained ? m.pretrained.layers.map((r, i) => rbmToJSON(r, `pretrained[${i}]`)) : null,
      }
      break
    case 'dbn-classifier':
      body = {
        classes: m.classifier.classes,
        network: netToJSON(m.classifier.net),
        pretrained: m.pretrained ? m.pretrained.layers.map((r, i) => rbmToJSON(r, `pretrained[${i}]`)) : null,
      }
      break
  }
  const meta: JsonObject = {}
  if (m.preprocessing !== undefined) meta.preprocessing = m.preprocessing
  if (m.training !== undefined) meta.training = m.training
  if (m.metrics !== undefined) meta.metrics = m.metrics
  return { ...head, ...body, ...meta }
}

/** The model file text. */
export function saveDbnModel(m: DbnFamilyModel): string {
  return JSON.stringify(dbnModelToJSON(m))
}

/** Parses and validates a model file of the RBM family; throws `ModelFormatError` naming the field. */
export function loadDbnModel(text: string, kernels: Kernels): DbnFamilyModel {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new ModelFormatError('', `not JSON (${(e as Error).message})`)
  }
  return dbnModelFromJSON(value, kernels)
}

export function dbnModelFromJSON(value: unknown, kernels: Kernels): DbnFamilyModel {
  const o = obj(value, '')
  if (o.format !== MODEL_FORMAT) throw new ModelFormatError('format', `expected '${MODEL_FORMAT}', got ${JSON.stringify(o.format)}`)
  if (o.version !== MODEL_VERSION) throw new ModelFormatError('version', `this Layerwise reads version ${MODEL_VERSION}, the file is version ${JSON.stringify(o.version)}`)
  const kind = oneOf(o.kind, KINDS, 'kind')
  const metaKeys = ['format', 'version', 'kind', 'preprocessing', 'training', 'metrics']
  const meta: ModelMeta = {}
  if (o.preprocessing !== undefined) meta.preprocessing = checkPreprocessing(o.preprocessing)
  if (o.training !== undefined) meta.training = obj(plainJson(o.training, 'training'), 'training')
  if (o.metrics !== undefined) meta.metrics = obj(plainJson(o.metrics, 'metrics'), 'metrics')
  const pretrained = (v: unknown): Dbn | null => (v === null ? null : stackFromJSON(v, kernels, 'pretrained'))
  switch (kind) {
    case 'rbm':
      onlyKeys(o, [...metaKeys, 'rbm'], '')
      return { kind, rbm: rbmFromJSON(o.rbm, kernels), ...meta }
    case 'dbn':
      onlyKeys(o, [...metaKeys, 'layers'], '')
      return { kind, dbn: stackFromJSON(o.layers, kernels, 'layers'), ...meta }
    case 'autoencoder': {
      onlyKeys(o, [...metaKeys, 'visible', 'codeDepth', 'network', 'pretrained'], '')
      const visible = oneOf(o.visible, VISIBLE, 'visible')
      const net = netFromJSON(o.network, kernels, ['bce', 'mse'])
      const codeDepth = count(o.codeDepth, 'codeDepth')
      if (codeDepth >= net.layers.length) throw new ModelFormatError('codeDepth', `must be below the ${net.layers.length} layers of the network`)
      return { kind, autoencoder: { net, codeDepth, visible }, pretrained: pretrained(o.pretrained ?? null), ...meta }
    }
    case 'dbn-classifier': {
      onlyKeys(o, [...metaKeys, 'classes', 'network', 'pretrained'], '')
      const classes = count(o.classes, 'classes')
      const net = netFromJSON(o.network, kernels, ['cce'])
      if (net.outputs !== classes) throw new ModelFormatError('network', `the output layer has ${net.outputs} units for ${classes} classes`)
      return { kind, classifier: { net, classes }, pretrained: pretrained(o.pretrained ?? null), ...meta }
    }
  }
}

/** Checks the shape of the stored data transform (types.ts `Preprocessing`). */
function checkPreprocessing(v: unknown): Preprocessing {
  const p = obj(plainJson(v, 'preprocessing'), 'preprocessing')
  oneOf(p.scaling, ['none', 'minmax', 'zscore'], 'preprocessing.scaling')
  const offset = arr(p.offset, 'preprocessing.offset')
  const scale = arr(p.scale, 'preprocessing.scale')
  if (offset.length !== scale.length) throw new ModelFormatError('preprocessing.scale', `${scale.length} values for ${offset.length} offsets`)
  ;[...offset, ...scale].forEach((x, i) => {
    if (typeof x !== 'number') throw new ModelFormatError(i < offset.length ? `preprocessing.offset[${i}]` : `preprocessing.scale[${i - offset.length}]`, 'expected a number')
  })
  arr(p.features, 'preprocessing.features').forEach((f, i) => {
    const fo = obj(f, `preprocessing.features[${i}]`)
    str(fo.name, `preprocessing.features[${i}].name`)
    oneOf(fo.kind, ['numeric', 'categorical'], `preprocessing.features[${i}].kind`)
  })
  const t = obj(p.target, 'preprocessing.target')
  str(t.name, 'preprocessing.target.name')
  oneOf(t.task, ['binary', 'multiclass', 'regression'], 'preprocessing.target.task')
  return p as unknown as Preprocessing
}
