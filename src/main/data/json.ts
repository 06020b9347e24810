/**
 * JSON import (SPEC §2): an array of row objects (`[{"x": 1, "label": "a"}, …]`), an array of rows
 * (`[[1, 2, 0], …]`, columns `column1…`), or `{ "inputs": [[…]], "outputs": [[…]] }` where one-hot or
 * single-column outputs become the target column.
 */
import { DataError, type DataErrorWhere } from '../../engine/data/errors'
import type { Column, Table } from '../../engine/data/table'
import { lineColumn, Ticker, type ImportOptions } from './bytes'
import { ColumnBuilder } from './column-builder'
import { MAX_COLUMNS } from './csv'

/**
 * Share of the parse phase's progress bar given to `JSON.parse`, which runs as one call without progress
 * (100 MB take about 1 s of CPU); building the columns from its rows fills the rest, with progress.
 */
const PARSED = 0.3
/** Rows between two progress ticks while building columns. */
const TICK_ROWS = 4096

export async function parseJson(bytes: Uint8Array, file: string, options: ImportOptions = {}): Promise<Table> {
  const ticker = new Ticker(options, file)
  await ticker.tick('parse', 0)
  const text = new TextDecoder('utf-8').decode(bytes)
  if (text.trim() === '') throw new DataError('empty', 'the file is empty', { file })
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw syntaxError(e, text, file)
  }
  await ticker.tick('parse', PARSED)
  const rows = (r: number, n: number): Promise<void> => ticker.tick('parse', PARSED + ((1 - PARSED) * r) / n, r)
  if (Array.isArray(doc)) return fromArray(doc, file, rows)
  if (isRecord(doc) && 'inputs' in doc) return fromInputsOutputs(doc.inputs, doc.outputs, file)
  throw new DataError('unsupported', 'expected an array of rows or an object { "inputs": [[…]], "outputs": [[…]] }', { file })
}

/** Reports `r` of `n` rows built (and gives a cancellation a chance). */
type RowTicker = (r: number, n: number) => Promise<void>

async function fromArray(items: unknown[], file: string, tick: RowTicker): Promise<Table> {
  if (items.length === 0) throw new DataError('no-rows', 'the array has no rows', { file })
  if (Array.isArray(items[0])) return fromRowArrays(items, file, tick)
  const builders = new Map<string, ColumnBuilder>()
  // one `where` for all cells, read only on an error
  const at = { row: 0, key: '' }
  const where = (): DataErrorWhere => ({ file, row: at.row, columnName: at.key })
  for (let r = 0; r < items.length; r++) {
    if (r % TICK_ROWS === 0 && r > 0) await tick(r, items.length)
    const item = items[r]
    if (!isRecord(item)) {
      throw new DataError('unsupported', `the item is ${describe(item)}, but every item must be an object of column: value`, { file, row: r + 1 })
    }
    for (const key of Object.keys(item)) {
      let b = builders.get(key)
      if (!b && builders.size >= MAX_COLUMNS) {
        throw new DataError('unsupported', `the rows have more than ${MAX_COLUMNS.toLocaleString('en')} different keys`, { file, row: r + 1 })
      }
      if (!b) {
        // A key first seen in a later row: the rows before it are missing that value.
        b = new ColumnBuilder(key, items.length)
        for (let k = 0; k < r; k++) b.pushValue(null, () => ({ file }))
        builders.set(key, b)
      }
    }
    at.row = r + 1
    for (const [key, b] of builders) {
      at.key = key
      b.pushValue(item[key], where)
    }
  }
  if (builders.size === 0) throw new DataError('no-feature', 'the row objects have no keys', { file })
  return { name: file, rows: items.length, columns: [...builders.values()].map((b) => b.finish()) }
}

async function fromRowArrays(items: unknown[], file: string, tick: RowTicker): Promise<Table> {
  const first = items[0] as unknown[]
  if (first.length > MAX_COLUMNS) throw new DataError('unsupported', `row 1 has ${first.length} values; at most ${MAX_COLUMNS.toLocaleString('en')} columns are supported`, { file })
  const builders = first.map((_, c) => new ColumnBuilder(`column${c + 1}`, items.length))
  if (builders.length === 0) throw new DataError('no-feature', 'the rows have no values', { file })
  const at = { row: 0, column: 0 }
  const where = (): DataErrorWhere => ({ file, row: at.row, column: at.column })
  for (let r = 0; r < items.length; r++) {
    if (r % TICK_ROWS === 0 && r > 0) await tick(r, items.length)
    const row = items[r]
    if (!Array.isArray(row)) throw new DataError('unsupported', `the row is ${describe(row)}, not an array like row 1`, { file, row: r + 1 })
    if (row.length !== builders.length) throw new DataError('ragged', `found ${row.length} values but row 1 has ${builders.length}`, { file, row: r + 1 })
    at.row = r + 1
    for (let c = 0; c < row.length; c++) {
      at.column = c + 1
      builders[c].pushValue(row[c], where)
    }
  }
  return { name: file, rows: items.length, columns: builders.map((b) => b.finish()) }
}

function fromInputsOutputs(inputs: unknown, outputs: unknown, file: string): Table {
  const x = matrix(inputs, 'inputs', file)
  if (outputs === undefined) throw new DataError('unsupported', '"inputs" is there but "outputs" is missing', { file })
  const y = matrix(outputs, 'outputs', file)
  if (x.rows !== y.rows) throw new DataError('count-mismatch', `"inputs" has ${x.rows} rows but "outputs" has ${y.rows}`, { file })
  if (x.rows === 0) throw new DataError('no-rows', '"inputs" has no rows', { file })
  const columns: Column[] = x.cols.map((values, i) => ({ name: `x${i + 1}`, type: 'numeric', values }))
  if (y.cols.length === 1) {
    columns.push({ name: 'y', type: 'numeric', values: y.cols[0] })
  } else {
    const labels = oneHotLabels(y.cols, y.rows)
    if (!labels) {
      throw new DataError('unsupported', `"outputs" has ${y.cols.length} columns that are not one-hot; only one target column (or one-hot classes) is supported`, { file })
    }
    columns.push({ name: 'class', type: 'categorical', values: labels })
  }
  return { name: file, rows: x.rows, columns }
}

/** A rectangular array of finite numbers as columns. */
function matrix(value: unknown, key: string, file: string): { rows: number; cols: Float64Array[] } {
  if (!Array.isArray(value)) throw new DataError('unsupported', `"${key}" must be an array of rows, not ${describe(value)}`, { file })
  const rows = value.length
  const width = Array.isArray(value[0]) ? value[0].length : 1
  if (width > MAX_COLUMNS) throw new DataError('unsupported', `"${key}" rows have ${width} values; at most ${MAX_COLUMNS.toLocaleString('en')} are supported`, { file })
  const cols = Array.from({ length: width }, () => new Float64Array(rows))
  value.forEach((row: unknown, r) => {
    const cells = Array.isArray(row) ? row : [row]
    if (cells.length !== width) throw new DataError('ragged', `"${key}" row ${r + 1} has ${cells.length} values but row 1 has ${width}`, { file })
    cells.forEach((v: unknown, c) => {
      if (typeof v !== 'number') throw new DataError('unsupported', `"${key}" row ${r + 1}, value ${c + 1} is ${describe(v)}, not a number`, { file })
      if (!Number.isFinite(v)) throw new DataError('non-finite', `"${key}" row ${r + 1}, value ${c + 1} is not a finite number`, { file })
      cols[c][r] = v
    })
  })
  if (width === 0) throw new DataError('no-feature', `"${key}" rows have no values`, { file })
  return { rows, cols }
}

/** Class index of each row when every row has exactly one 1 and the rest 0. */
function oneHotLabels(cols: Float64Array[], rows: number): string[] | null {
  const labels = new Array<string>(rows)
  for (let r = 0; r < rows; r++) {
    let hot = -1
    for (let c = 0; c < cols.length; c++) {
      const v = cols[c][r]
      if (v === 1 && hot === -1) hot = c
      else if (v !== 0) return null
    }
    if (hot === -1) return null
    labels[r] = String(hot)
  }
  return labels
}

function syntaxError(e: unknown, text: string, file: string): DataError {
  const message = e instanceof Error ? e.message : String(e)
  const at = /position (\d+)/.exec(message)
  const where = at ? lineColumn(text, Number(at[1])) : {}
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '')
  return new DataError('syntax', `not valid JSON (${reason.slice(0, 120)})`, { file, ...where })
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}
