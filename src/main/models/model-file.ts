/**
 * Loading an untrusted model file (SPEC §9): size limit first, then JSON, the envelope, a bound on
 * nesting and text lengths, and the kind's own validator (`parseModel` for networks, `dbnModelFromJSON`
 * for the RBM family). Anything refused becomes a `UserError` whose message names the file and the
 * problem, short enough to show even when the file holds a 50 MB string.
 */
import { checkEnvelope, Network, parseModel, ModelFormatError, type ModelJSON, type NetworkJSON } from '../../engine'
import { dbnModelFromJSON, dbnModelToJSON, type DbnFamilyModel } from '../../engine/rbm'
import type { Kernels, Preprocessing } from '../../engine/types'
import { formatBytes } from '../data'
import { UserError } from '../api/dispatch'

/** Largest model file accepted (the engine's parameter limit, 50 M, would be ~1 GB of JSON: far beyond a useful upload). */
export const MODEL_MAX_BYTES = 128 * 1024 * 1024
/** Longest text anywhere in a model file (names, labels, categories). */
export const MODEL_MAX_STRING = 10_000
/** Deepest nesting anywhere in a model file (the format itself needs 6). */
export const MODEL_MAX_DEPTH = 32
/** Longest message shown for a refused file. */
const MAX_MESSAGE = 300

/** A validated model, ready to predict: the network engine's, or one of the RBM family. */
export type LoadedModel =
  | { kind: 'mlp'; json: ModelJSON; net: Network }
  | { kind: DbnFamilyModel['kind']; json: Record<string, unknown>; dbn: DbnFamilyModel }

/** The canonical JSON text of a loaded model (what export writes). */
export function modelText(model: LoadedModel): string {
  return JSON.stringify(model.json)
}

/** The dense network inside a model (mlp, autoencoder, dbn-classifier), as the model file stores it. */
export function networkOf(model: LoadedModel): NetworkJSON | null {
  if (model.kind === 'mlp') return model.json.network
  const net = model.json.network
  return net && typeof net === 'object' ? (net as NetworkJSON) : null
}

/** The stored data transform of a model, if it has one. */
export function preprocessingOf(model: LoadedModel): Preprocessing | null {
  return (model.kind === 'mlp' ? model.json.preprocessing : model.dbn.preprocessing) ?? null
}

const shorten = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text)

/** Refuses a file: `name: problem`. */
function refuse(name: string, problem: string): never {
  throw new UserError(shorten(`${name}: ${problem}`))
}

/**
 * Walks a parsed value once, without recursion deeper than `MODEL_MAX_DEPTH`, and refuses texts
 * longer than `MODEL_MAX_STRING`. Runs before the kind's validator, so nothing else walks a hostile tree.
 */
function checkBounds(value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    if (value.length > MODEL_MAX_STRING) throw new ModelFormatError(`a text in the file is ${value.length.toLocaleString('en')} characters long, over the limit of ${MODEL_MAX_STRING.toLocaleString('en')}`)
    return
  }
  if (typeof value !== 'object' || value === null) return
  if (depth >= MODEL_MAX_DEPTH) throw new ModelFormatError(`the file is nested deeper than ${MODEL_MAX_DEPTH} levels`)
  if (Array.isArray(value)) {
    // number arrays (weights) are the bulk of a file: skip them element by element cheaply
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i]
      if (typeof x === 'object' || typeof x === 'string') checkBounds(x, depth + 1)
    }
    return
  }
  for (const key of Object.keys(value)) {
    if (key.length > MODEL_MAX_STRING) throw new ModelFormatError(`a key in the file is ${key.length.toLocaleString('en')} characters long`)
    checkBounds((value as Record<string, unknown>)[key], depth + 1)
  }
}

/**
 * Validates the text of a model file and builds what predicts with it. `name` is used in messages.
 * Throws `UserError` for anything that is not a valid Layerwise model of version 1.
 */
export function loadModelText(name: string, text: string, kernels: Kernels): LoadedModel {
  if (text.length > MODEL_MAX_BYTES) refuse(name, `the file is ${formatBytes(text.length)}, over the model limit of ${formatBytes(MODEL_MAX_BYTES)}`)
  if (text.trim() === '') refuse(name, 'the file is empty')
  let value: unknown
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    refuse(name, `The model file is not valid JSON: ${(error as Error).message}`)
  }
  try {
    const { kind } = checkEnvelope(value)
    checkBounds(value)
    if (kind === 'mlp') {
      const json = parseModel(value)
      return { kind, json, net: Network.fromJSON(json.network, kernels) }
    }
    const dbn = dbnModelFromJSON(value, kernels)
    return { kind: dbn.kind, json: dbnModelToJSON(dbn), dbn }
  } catch (error) {
    if (error instanceof ModelFormatError) refuse(name, error.message)
    throw error
  }
}
