/**
 * Validators for untrusted JSON (model files): each returns a clean copy of what it accepts and throws
 * a `ModelFormatError` naming the exact path and what was expected. Shared by every model kind.
 */

/** A model file that cannot be loaded; the message says where and why. */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ModelFormatError'
  }
}

/** Largest finite float32: a weight beyond it would load as Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38
/** Keys that could reach an object's prototype; never accepted anywhere in a model file. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** Nesting limit of free-form parts (metrics, settings). */
const MAX_DEPTH = 16

/** Throws `ModelFormatError` with `message`. */
export function fail(message: string): never {
  throw new ModelFormatError(message)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
  return typeof v === 'object' ? 'an object' : String(v)
}

/** A plain object whose keys are all in `allowed` (and include `required`); returns it. */
export function object(v: unknown, path: string, allowed: readonly string[], required: readonly string[] = allowed): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${path} must be an object, got ${describe(v)}`)
  const o = v as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (FORBIDDEN_KEYS.has(key)) fail(`${path} has the forbidden key "${key}"`)
    if (!allowed.includes(key)) fail(`${path} has the unexpected key "${key}" (allowed: ${allowed.join(', ')})`)
  }
  for (const key of required) if (!Object.hasOwn(o, key)) fail(`${path}.${key} is missing`)
  return o
}

/** A finite number (within float32 range when `float32`). */
export function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path} must be a finite number, got ${describe(v)}`)
  return v
}

/** An integer in [min, max]. */
export function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${path} must be an integer, got ${describe(v)}`)
  if (v < min || v > max) fail(`${path} is ${v}, outside the limit ${min}…${max}`)
  return v
}

/** A string. */
export function string(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(`${path} must be a string, got ${describe(v)}`)
  return v
}

/** true or false. */
export function boolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(`${path} must be true or false, got ${describe(v)}`)
  return v
}

/** One of the listed strings. */
export function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !values.includes(v as T)) fail(`${path} must be one of ${values.join(', ')}, got ${describe(v)}`)
  return v as T
}

/** An array of `length` finite float32 numbers (length checked first, so a huge array fails fast). */
export function numbers(v: unknown, path: string, length: number): number[] {
  if (!Array.isArray(v)) fail(`${path} must be an array of numbers, got ${describe(v)}`)
  if (v.length !== length) fail(`${path} has ${v.length} numbers, expected ${length}`)
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${path}[${i}] must be a finite number, got ${describe(x)}`)
    if (Math.abs(x) > FLOAT32_MAX) fail(`${path}[${i}] is ${x}, beyond the float32 range`)
  }
  return (v as number[]).slice()
}

/** An array of strings. */
export function strings(v: unknown, path: string, maxLength: number): string[] {
  if (!Array.isArray(v)) fail(`${path} must be an array of strings, got ${describe(v)}`)
  if (v.length > maxLength) fail(`${path} has ${v.length} entries, more than the limit ${maxLength}`)
  return v.map((s, i) => string(s, `${path}[${i}]`))
}

/** An array of exactly these integers: a shape. */
export function shape(v: unknown, path: string, expected: readonly number[]): number[] {
  if (!Array.isArray(v) || v.length !== expected.length || v.some((d, i) => d !== expected[i])) {
    fail(`${path} is ${JSON.stringify(v)}, expected [${expected.join(',')}]`)
  }
  return expected.slice()
}

/**
 * Any JSON value (free-form metrics or settings): finite numbers, no forbidden keys; a deep copy in
 * key order. As in `JSON.stringify`, object keys holding `undefined` are dropped.
 */
export function plain(v: unknown, path: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) fail(`${path} is nested deeper than ${MAX_DEPTH} levels`)
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return finite(v, path)
  if (Array.isArray(v)) return v.map((x, i) => plain(x, `${path}[${i}]`, depth + 1))
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) fail(`${path} has the forbidden key "${key}"`)
      const value = (v as Record<string, unknown>)[key]
      // like JSON.stringify: a key whose value is undefined is left out
      if (value !== undefined) out[key] = plain(value, `${path}.${key}`, depth + 1)
    }
    return out
  }
  return fail(`${path} is ${describe(v)}, not a JSON value`)
}
