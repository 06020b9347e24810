/**
 * Small validators for loading model JSON: each names the path of the first bad value
 * (e.g. `layers[1].weights.data[7]`) so a broken file gets a clear, specific message. Limits and the
 * error class are the dense models' (src/engine/json-check.ts, serialize.ts), so callers can catch
 * one `ModelFormatError` for every kind.
 */
import { FLOAT32_MAX, ModelFormatError as EngineModelFormatError } from '../json-check'
import { MODEL_LIMITS } from '../serialize'

/** An error in a model file; `path` is where in the JSON the problem is. */
export class ModelFormatError extends EngineModelFormatError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`Invalid model file at ${path || 'top level'}: ${problem}`)
  }
}

/** Keys that could reach an object's prototype; refused anywhere in a model file. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype']
const MAX_DEPTH = 16

export type JsonObject = Record<string, unknown>

export function obj(v: unknown, path: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ModelFormatError(path, `expected an object, got ${describe(v)}`)
  return v as JsonObject
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ModelFormatError(path, `expected an array, got ${describe(v)}`)
  return v
}

/** A positive integer ≤ `max` (default: the unit limit of model files). */
export function count(v: unknown, path: string, max: number = MODEL_LIMITS.units): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ModelFormatError(path, `expected a positive integer, got ${describe(v)}`)
  if (v > max) throw new ModelFormatError(path, `${v} is beyond the limit ${max}`)
  return v
}

/** Refuses a weight matrix beyond the parameter limit before anything is allocated. */
export function paramLimit(n: number, path: string): void {
  if (n > MODEL_LIMITS.params) throw new ModelFormatError(path, `${n} parameters, beyond the limit ${MODEL_LIMITS.params}`)
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ModelFormatError(path, `expected a string, got ${describe(v)}`)
  return v
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ModelFormatError(path, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(v)}`)
  }
  return v as T
}

/** A `{ shape, data }` tensor of exactly `shape`, every value a finite number. */
export function tensor(v: unknown, shape: number[], path: string): number[] {
  const o = obj(v, path)
  const s = arr(o.shape, `${path}.shape`)
  if (s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
    throw new ModelFormatError(`${path}.shape`, `expected [${shape.join(', ')}], got ${JSON.stringify(s)}`)
  }
  const data = arr(o.data, `${path}.data`)
  const n = shape.reduce((a, b) => a * b, 1)
  if (data.length !== n) throw new ModelFormatError(`${path}.data`, `expected ${n} values for shape [${shape.join(', ')}], got ${data.length}`)
  for (let i = 0; i < n; i++) {
    const x = data[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ModelFormatError(`${path}.data[${i}]`, `expected a finite number, got ${describe(x)}`)
    if (Math.abs(x) > FLOAT32_MAX) throw new ModelFormatError(`${path}.data[${i}]`, `${x} does not fit a float32`)
  }
  return data as number[]
}

/** Rejects keys that the format does not define (a typo must not be silently ignored). */
export function onlyKeys(o: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(o)) {
    if (FORBIDDEN_KEYS.includes(key)) throw new ModelFormatError(path, `forbidden field '${key}'`)
    if (!allowed.includes(key)) throw new ModelFormatError(path, `unknown field '${key}' (allowed: ${allowed.join(', ')})`)
  }
}

/** Plain JSON data (no functions, no undefined, finite numbers only), e.g. settings and metrics. */
export function plainJson(v: unknown, path: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new ModelFormatError(path, `nested deeper than ${MAX_DEPTH} levels`)
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ModelFormatError(path, 'expected a finite number')
    return v
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => plainJson(x, `${path}[${i}]`, depth + 1))
    return v
  }
  const o = obj(v, path)
  for (const [k, x] of Object.entries(o)) {
    if (FORBIDDEN_KEYS.includes(k)) throw new ModelFormatError(path, `forbidden field '${k}'`)
    plainJson(x, `${path}.${k}`, depth + 1)
  }
  return o
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`
  if (typeof v === 'object') return 'an object'
  return String(v)
}
