/**
 * The one error type of data import and preparation (SPEC §2): every bad input ends in a `DataError`
 * whose message names the file and, where it applies, the line and column, so the UI can show it as is.
 */

/** What went wrong, for callers that react differently (e.g. `cancelled` is not shown as a failure). */
export type DataErrorCode =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'syntax'
  | 'ragged'
  | 'non-finite'
  | 'no-rows'
  | 'no-feature'
  | 'single-class'
  | 'bad-target'
  | 'bad-option'
  | 'idx-magic'
  | 'idx-size'
  | 'count-mismatch'
  | 'gzip'
  | 'unsupported'
  | 'mismatch'
  | 'cancelled'
  /** A failure that is not a known kind of bad input (a bug to fix); still reported with the file name. */
  | 'internal'

/** Where in which file the problem is. Lines and columns count from 1. */
export interface DataErrorWhere {
  file?: string
  line?: number
  /** Data row (from 1), for formats without lines, such as JSON items or table rows. */
  row?: number
  /** Column number, from 1. */
  column?: number
  columnName?: string
}

/** A `DataError` as plain data, to cross a worker or IPC boundary (`DataError.fromJSON` rebuilds it). */
export interface DataErrorJSON extends DataErrorWhere {
  name: 'DataError'
  code: DataErrorCode
  message: string
  detail: string
}

/** A bad file or bad settings, described for a person. Never thrown for programming errors. */
export class DataError extends Error {
  readonly code: DataErrorCode
  /** The message without its location prefix. */
  readonly detail: string
  readonly file?: string
  readonly line?: number
  readonly row?: number
  readonly column?: number
  readonly columnName?: string

  /** `detail` is the sentence after the location prefix, e.g. `expected 4 fields but found 3`. */
  constructor(code: DataErrorCode, detail: string, where: DataErrorWhere = {}) {
    super(formatWhere(where) + detail)
    this.name = 'DataError'
    this.code = code
    this.detail = detail
    this.file = where.file
    this.line = where.line
    this.row = where.row
    this.column = where.column
    this.columnName = where.columnName
  }

  toJSON(): DataErrorJSON {
    const { code, message, detail, file, line, row, column, columnName } = this
    return { name: 'DataError', code, message, detail, file, line, row, column, columnName }
  }

  static fromJSON(j: DataErrorJSON): DataError {
    return new DataError(j.code, j.detail, { file: j.file, line: j.line, row: j.row, column: j.column, columnName: j.columnName })
  }
}

/** `data.csv, line 3, column 2 ("age"): ` — the prefix of every located message. */
function formatWhere(where: DataErrorWhere): string {
  const parts: string[] = []
  if (where.file !== undefined) parts.push(where.file)
  if (where.line !== undefined) parts.push(`line ${where.line}`)
  if (where.row !== undefined) parts.push(`row ${where.row}`)
  const name = where.columnName !== undefined ? `"${where.columnName}"` : undefined
  if (where.column !== undefined) parts.push(`column ${where.column}` + (name ? ` (${name})` : ''))
  else if (name !== undefined) parts.push(`column ${name}`)
  return parts.length > 0 ? parts.join(', ') + ': ' : ''
}

/** A user value quoted for a message, shortened to `max` characters so a huge cell cannot flood the UI. */
export function quote(value: unknown, max = 40): string {
  const text = String(value)
  return JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text)
}

/** True for a `DataError`, also one that crossed a worker boundary as a plain object with `name`. */
export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError
}
