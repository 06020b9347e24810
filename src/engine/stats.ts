/** Small order statistics shared by the engine and its hosts (pure). */

/** Median of a list: the middle value, or the mean of the two middle ones; NaN when the list is empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((p, q) => p - q)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
