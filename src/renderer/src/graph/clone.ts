/** A deep copy of plain JSON data; unlike `structuredClone` it also copies Vue's reactive proxies. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
