/** The read-only summary of a model (layers, parameter counts, preprocessing, settings, metrics) for the Model view. */
import type { NetworkJSON } from '../../engine'
import type { Rbm } from '../../engine/rbm'
import type { ModelInfo, ModelLayerInfo } from '../../shared/models'
import { modelText, networkOf, preprocessingOf, type LoadedModel } from './model-file'
import { tfjsRefusal } from './model-export'

/** At most this many settings and metrics are listed. */
const MAX_PAIRS = 40

function denseLayers(net: NetworkJSON): ModelLayerInfo[] {
  let fanIn = net.inputs
  return net.layers.map((l) => {
    const info: ModelLayerInfo = { type: 'dense', inputs: fanIn, units: l.units, activation: l.activation, weights: l.units * fanIn, biases: l.bias ? l.units : 0 }
    fanIn = l.units
    return info
  })
}

const rbmLayer = (r: Rbm): ModelLayerInfo => ({
  type: 'rbm',
  inputs: r.nVisible,
  units: r.nHidden,
  activation: r.visible === 'gaussian' ? 'gaussian visible · sigmoid hidden' : 'sigmoid',
  weights: r.nVisible * r.nHidden,
  biases: r.nVisible + r.nHidden,
})

function layersOf(model: LoadedModel): ModelLayerInfo[] {
  const net = networkOf(model)
  if (net) return denseLayers(net)
  if (model.kind === 'mlp') return []
  if (model.dbn.kind === 'rbm') return [rbmLayer(model.dbn.rbm)]
  if (model.dbn.kind === 'dbn') return model.dbn.dbn.layers.map(rbmLayer)
  return []
}

function format(value: unknown): string | null {
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Number(value.toPrecision(4)))
  if (typeof value === 'string' || typeof value === 'boolean') return String(value)
  return null
}

/** Scalar leaves of a free-form object as ("a.b", value) pairs, two levels deep. */
export function flatten(o: Record<string, unknown> | undefined, prefix = '', depth = 0): [string, string][] {
  if (!o) return []
  const out: [string, string][] = []
  for (const [key, value] of Object.entries(o)) {
    if (out.length >= MAX_PAIRS) break
    const name = prefix ? `${prefix}.${key}` : key
    const text = format(value)
    if (text !== null) out.push([name, text])
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 1) out.push(...flatten(value as Record<string, unknown>, name, depth + 1))
  }
  return out.slice(0, MAX_PAIRS)
}

/** The summary of a kept model. */
export function describeModel(model: LoadedModel, meta: { id: string; name: string; source: ModelInfo['source']; addedAt: string }): ModelInfo {
  const layers = layersOf(model)
  const pre = preprocessingOf(model)
  const net = networkOf(model)
  const json = model.json as { training?: Record<string, unknown>; metrics?: Record<string, unknown> }
  const classifier = model.kind === 'mlp' || model.kind === 'dbn-classifier'
  const task = classifier ? (pre?.target.task ?? (model.kind === 'dbn-classifier' ? 'multiclass' : null)) : null
  return {
    ...meta,
    kind: model.kind,
    inputs: layers[0]?.inputs ?? 0,
    outputs: model.kind === 'rbm' || model.kind === 'dbn' || model.kind === 'autoencoder' ? (layers[0]?.inputs ?? 0) : (layers.at(-1)?.units ?? 0),
    loss: net?.loss ?? null,
    layers,
    params: { weights: layers.reduce((n, l) => n + l.weights, 0), biases: layers.reduce((n, l) => n + l.biases, 0) },
    task,
    labels: classifier ? (pre?.target.labels ?? null) : null,
    preprocessing: pre
      ? {
          features: pre.features.map((f) => ({ name: f.name, kind: f.kind, categories: f.categories?.length ?? 0 })),
          scaling: pre.scaling,
          target: pre.target.name,
        }
      : null,
    training: flatten(json.training),
    metrics: flatten(json.metrics),
    tfjs: tfjsRefusal(model),
    bytes: new TextEncoder().encode(modelText(model)).length,
  }
}
