/** Number formatting of the Data view: short, but exact for small integers. */

/** `12`, `0.125`, `1.23e+6`: at most four significant digits, integers below 10⁶ in full. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v)
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2)
  return String(Number(v.toPrecision(4)))
}

/** `1,234,567` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** Words for a task. */
export const TASK_TITLES = { binary: 'binary classification', multiclass: 'multi-class classification', regression: 'regression' } as const

/** Short words for a task (menus). */
export const TASK_SHORT = { binary: 'binary', multiclass: 'multi-class', regression: 'regression' } as const
