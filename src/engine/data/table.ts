/**
 * A `Table` is data as it came from a file or generator, column by column, before any encoding:
 * numeric columns as typed arrays with NaN for a missing value, categorical columns as strings with
 * `null` for a missing value. It is structured-clone safe, so it crosses worker and IPC boundaries.
 */

/** A column of numbers; NaN marks a missing value. */
export interface NumericColumn {
  name: string
  type: 'numeric'
  values: Float64Array | Float32Array
}

/** A column of strings (class labels, categories); `null` marks a missing value. */
export interface CategoricalColumn {
  name: string
  type: 'categorical'
  values: (string | null)[]
}

export type Column = NumericColumn | CategoricalColumn

/** Shape of image rows: the first `width·height·channels` columns are pixels in row-major order. */
export interface ImageShape {
  width: number
  height: number
  channels: number
}

/** Raw tabular data. Every column has `rows` values. */
export interface Table {
  /** File name or built-in name, used in messages. */
  name: string
  rows: number
  columns: Column[]
  /** Present when rows are images (IDX files, MNIST, 28×28 or 8×8 pixel CSVs). */
  image?: ImageShape
}

/** Strings read as a missing value in text formats (besides the empty string). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  'NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', 'None', 'none', '?', '-', '.',
])

/** Whether entry `row` of `column` is missing. */
export function isMissing(column: Column, row: number): boolean {
  return column.type === 'numeric' ? Number.isNaN(column.values[row]) : column.values[row] === null
}

/** The value of entry `row` as a string (numbers in shortest round-trip form), or null when missing. */
export function cellText(column: Column, row: number): string | null {
  if (column.type === 'categorical') return column.values[row]
  const v = column.values[row]
  return Number.isNaN(v) ? null : String(v)
}

/**
 * Natural order of labels: numbers by value ("2" < "10"), then other strings by code point. Used for
 * class labels and categories so the order, and so the encoding, does not depend on row order.
 */
export function compareLabels(a: string, b: string): number {
  const x = Number(a)
  const y = Number(b)
  const xn = a.trim() !== '' && Number.isFinite(x)
  const yn = b.trim() !== '' && Number.isFinite(y)
  if (xn && yn) return x - y || (a < b ? -1 : a > b ? 1 : 0)
  if (xn !== yn) return xn ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Index of a column given by name or by index (negative counts from the end); -1 when absent. */
export function findColumn(table: Table, ref: string | number): number {
  if (typeof ref === 'number') {
    const i = ref < 0 ? table.columns.length + ref : ref
    return Number.isInteger(i) && i >= 0 && i < table.columns.length ? i : -1
  }
  return table.columns.findIndex((c) => c.name === ref)
}

/** The first `count` rows as text, for the preview table (missing values as empty strings). */
export function previewRows(table: Table, count = 20): string[][] {
  const n = Math.min(count, table.rows)
  const out: string[][] = []
  for (let r = 0; r < n; r++) out.push(table.columns.map((c) => cellText(c, r) ?? ''))
  return out
}

/** A table with only the given rows, in the given order. */
export function selectRows(table: Table, rows: ArrayLike<number>): Table {
  const columns: Column[] = table.columns.map((c) => {
    if (c.type === 'numeric') {
      const values = c.values instanceof Float32Array ? new Float32Array(rows.length) : new Float64Array(rows.length)
      for (let i = 0; i < rows.length; i++) values[i] = c.values[rows[i]]
      return { name: c.name, type: 'numeric', values }
    }
    const values: (string | null)[] = new Array<string | null>(rows.length)
    for (let i = 0; i < rows.length; i++) values[i] = c.values[rows[i]]
    return { name: c.name, type: 'categorical', values }
  })
  return { ...table, rows: rows.length, columns }
}
