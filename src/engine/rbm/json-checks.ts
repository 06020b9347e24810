/**
 * Small validators for loading model JSON: each names the path of the first bad value
 * (e.g. `layers[1].W.data[7]`) so a broken file gets a clear, specific message.
 */

/** An error in a model file; `path` is where in the JSON the problem is. */
export class ModelFormatError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`Invalid model file at ${path || 'top level'}: ${problem}`)
    this.name = 'ModelFormatError'
  }
}

export type JsonObject = Record<string, unknown>

export function obj(v: unknown, path: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ModelFormatError(path, `expected an object, got ${describe(v)}`)
  return v as JsonObject
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ModelFormatError(path, `expected an array, got ${describe(v)}`)
  return v
}

export function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ModelFormatError(path, `expected a positive integer, got ${describe(v)}`)
  return v
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
    if (typeof data[i] !== 'number' || !Number.isFinite(data[i])) throw new ModelFormatError(`${path}.data[${i}]`, `expected a finite number, got ${describe(data[i])}`)
  }
  return data as number[]
}

/** Rejects keys that the format does not define (a typo must not be silently ignored). */
export function onlyKeys(o: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new ModelFormatError(path, `unknown field '${key}' (allowed: ${allowed.join(', ')})`)
  }
}

/** Plain JSON data (no functions, no undefined, finite numbers only), e.g. settings and metrics. */
export function plainJson(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ModelFormatError(path, 'expected a finite number')
    return v
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => plainJson(x, `${path}[${i}]`))
    return v
  }
  const o = obj(v, path)
  for (const [k, x] of Object.entries(o)) plainJson(x, `${path}.${k}`)
  return o
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`
  if (typeof v === 'object') return 'an object'
  return String(v)
}
