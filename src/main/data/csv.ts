/**
 * CSV / TSV import with papaparse (SPEC §2): delimiter and header sniffing, quotes, BOM, CRLF.
 * Large files are decoded and parsed in chunks straight into typed columns, yielding to the event loop
 * between chunks for progress and cancellation, so the whole text never exists as one string.
 */
import Papa from 'papaparse'
import { DataError, type DataErrorWhere } from '../../engine/data/errors'
import type { Column, Table } from '../../engine/data/table'
import { textEncoding, Ticker, type ImportOptions } from './bytes'
import { ColumnBuilder } from './column-builder'

/** Bytes decoded and parsed per step: large enough for speed, small enough for progress every ≤ 200 ms on a busy machine. */
const CHUNK_BYTES = 256 * 1024
const SNIFF_ROWS = 50
const SNIFF_CHARS = 65536
/** Wider tables are refused: each column costs an object and a buffer, and no network here is that wide. */
export const MAX_COLUMNS = 100_000

/** Parses delimited text into a table. A `.tsv` name prefers tab as delimiter. */
export async function parseDelimited(bytes: Uint8Array, file: string, options: ImportOptions = {}): Promise<Table> {
  const ticker = new Ticker(options, file)
  const decoder = new TextDecoder(textEncoding(bytes, file))
  const state = new CsvState(file, bytes.length, options)
  const step = Math.max(1, Math.floor(options.chunkBytes ?? CHUNK_BYTES))
  let partial = ''
  for (let at = 0; at < bytes.length || at === 0; at += step) {
    const end = Math.min(bytes.length, at + step)
    const last = end === bytes.length
    const text = partial + decoder.decode(bytes.subarray(at, end), { stream: !last })
    partial = state.feed(text, last, step)
    await ticker.tick('parse', end / bytes.length, state.rows)
    if (last) break
  }
  return state.finish()
}

class CsvState {
  private parser: Papa.Parser | null = null
  private newline = '\n'
  private delimiter = ','
  private sniffed: string[][] = []
  private waitFor = 0
  private columns: ColumnBuilder[] | null = null
  private width = 0
  private line = 1
  private header: boolean | undefined
  /** The cell being read, for `where` (one object for all cells; a closure per cell cost a tenth of the parse). */
  private readonly at = { line: 0, column: 0 }
  private readonly where = (): DataErrorWhere => ({ file: this.file, line: this.at.line, column: this.at.column + 1, columnName: this.columns?.[this.at.column]?.name })
  rows = 0

  constructor(
    private readonly file: string,
    private readonly byteLength: number,
    private readonly options: ImportOptions,
  ) {
    this.header = options.header
  }

  /**
   * Parses the complete rows of `text` in pieces of at most `piece` characters; returns the unfinished
   * tail to prepend to the next chunk.
   */
  feed(text: string, last: boolean, piece: number): string {
    if (!this.parser) {
      // Sniff delimiter and header on the same first 64 KiB whatever the chunk size.
      if (text.length < SNIFF_CHARS && !last) return text
      this.parser = this.makeParser(text)
    }
    let tail = ''
    for (let at = 0; ; at += piece) {
      const end = Math.min(text.length, at + piece)
      const input = tail + text.slice(at, end)
      const final = last && end === text.length
      if (final || input.length >= this.waitFor) {
        tail = this.parse(this.parser, input, final)
        // No row finished (one huge row or quoted field): wait for twice the text before trying again,
        // so re-parsing the growing tail costs O(n) in all, not O(n²).
        this.waitFor = tail.length === input.length ? 2 * input.length : 0
      } else {
        tail = input
      }
      if (end === text.length) return tail
    }
  }

  private parse(parser: Papa.Parser, text: string, last: boolean): string {
    const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>
    const quoted = text.includes('"')
    const rows = result.data
    // A quote error in the unfinished last row is not final: the next piece completes that row.
    const bad = result.errors.find((e) => (e.code === 'MissingQuotes' || e.code === 'InvalidQuotes') && (last || (e.row ?? 0) < rows.length))
    const lines = rowLines(rows, this.line, quoted, this.newline)
    if (bad) {
      const line = lines[Math.min(bad.row ?? 0, lines.length - 1)] ?? this.line
      const what = bad.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'a quoted field has text after its closing quote'
      throw new DataError('syntax', what, { file: this.file, line })
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      if (row.length === 1 && row[0].trim() === '') continue
      if (!this.columns) {
        this.start(row, lines[i])
        if (this.header) continue
      }
      this.push(row, lines[i])
    }
    this.line = lines.length > 0 ? lines[lines.length - 1] + linesIn(rows[rows.length - 1], quoted, this.newline) + 1 : this.line
    return text.slice(result.meta.cursor)
  }

  finish(): Table {
    if (!this.columns) throw new DataError('empty', 'the file has no rows', { file: this.file })
    if (this.rows === 0) throw new DataError('no-rows', 'the file has a header line but no data rows', { file: this.file })
    const columns = this.columns.map((c) => c.finish())
    return { name: this.file, rows: this.rows, columns: this.delimiter === ';' ? columns.map(decimalComma) : columns }
  }

  private makeParser(text: string): Papa.Parser {
    const sample = text.slice(0, SNIFF_CHARS)
    const tsv = /\.tsv$/i.test(this.file.replace(/\.gz$/i, ''))
    const forced = this.options.delimiter ?? (tsv && sample.includes('\t') ? '\t' : undefined)
    const sniff = Papa.parse<string[]>(sample, {
      preview: SNIFF_ROWS,
      skipEmptyLines: 'greedy',
      ...(forced ? { delimiter: forced } : { delimitersToGuess: [',', '\t', ';', '|'] }),
    })
    this.newline = sniff.meta.linebreak === '\r\n' || sniff.meta.linebreak === '\r' ? sniff.meta.linebreak : '\n'
    this.delimiter = sniff.meta.delimiter || ','
    // Rows of the sample for the header decision; the last one may be cut off by the sample's end.
    const complete = text.length > sample.length && sniff.data.length < SNIFF_ROWS ? sniff.data.slice(0, -1) : sniff.data
    this.sniffed = complete.length > 0 ? complete : sniff.data
    return new Papa.Parser({ delimiter: this.delimiter, newline: this.newline as '\n' })
  }

  /** Decides the header from the sniffed rows and creates the column builders. */
  private start(first: string[], line: number): void {
    this.header ??= looksLikeHeader(first, this.sniffed.slice(1))
    this.width = first.length
    if (this.width > MAX_COLUMNS) {
      throw new DataError('unsupported', `the first row has ${this.width} fields; at most ${MAX_COLUMNS.toLocaleString('en')} columns are supported`, { file: this.file, line })
    }
    const names = this.header ? uniqueNames(first) : first.map((_, i) => `column${i + 1}`)
    const avgRow = Math.min(SNIFF_CHARS, this.byteLength) / Math.max(1, this.sniffed.length) || 64
    const estimate = Math.min(50_000_000, Math.ceil((this.byteLength / Math.max(8, avgRow)) * 1.1) + 16)
    this.columns = names.map((n) => new ColumnBuilder(n, estimate))
  }

  private push(row: string[], line: number): void {
    const columns = this.columns as ColumnBuilder[]
    if (row.length !== this.width) {
      const what = this.header ? 'the header has' : 'the first row has'
      throw new DataError('ragged', `found ${row.length} field${row.length === 1 ? '' : 's'} but ${what} ${this.width}`, { file: this.file, line })
    }
    this.at.line = line
    for (let c = 0; c < row.length; c++) {
      this.at.column = c
      columns[c].pushText(row[c], this.where)
    }
    this.rows++
  }
}

const DECIMAL_COMMA = /^[+-]?\d+(,\d+)?([eE][+-]?\d+)?$/

/** With `;` as delimiter, a text column of numbers written with a decimal comma (`1,5`) is numeric. */
function decimalComma(column: Column): Column {
  if (column.type !== 'categorical' || !column.values.some((v) => v !== null && v.includes(','))) return column
  if (!column.values.every((v) => v === null || DECIMAL_COMMA.test(v))) return column
  return { name: column.name, type: 'numeric', values: Float64Array.from(column.values, (v) => (v === null ? NaN : Number(v.replace(',', '.')))) }
}

/** Line number of each parsed row: rows are one line each, plus the line breaks inside quoted fields. */
function rowLines(rows: string[][], firstLine: number, quoted: boolean, newline: string): number[] {
  const lines = new Array<number>(rows.length)
  let line = firstLine
  for (let i = 0; i < rows.length; i++) {
    lines[i] = line
    line += 1 + linesIn(rows[i], quoted, newline)
  }
  return lines
}

function linesIn(row: string[] | undefined, quoted: boolean, newline: string): number {
  if (!quoted || !row) return 0
  const mark = newline === '\r' ? '\r' : '\n'
  let n = 0
  for (const cell of row) for (let i = cell.indexOf(mark); i !== -1; i = cell.indexOf(mark, i + 1)) n++
  return n
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

/**
 * Header sniffing in the spirit of Python's `csv.Sniffer.has_header`: a column whose first cell is text
 * while the cells below are numbers votes for a header; numbers above numbers vote against. With only
 * text columns, a first row of distinct names that never recur below is a header.
 */
export function looksLikeHeader(first: string[], rest: string[][]): boolean {
  let yes = 0
  let no = 0
  for (let c = 0; c < first.length; c++) {
    const below = rest.map((r) => r[c]).filter((v): v is string => v !== undefined && v.trim() !== '')
    const belowNumeric = below.length > 0 && below.every((v) => NUMBER.test(v))
    const head = first[c].trim()
    if (!belowNumeric) continue
    if (NUMBER.test(head)) no++
    else if (head !== '') yes++
  }
  if (yes > 0 || no > 0) return yes >= no
  const names = first.map((v) => v.trim())
  if (names.some((v) => v === '' || NUMBER.test(v)) || new Set(names).size !== names.length) return false
  return rest.every((r) => r.every((v, c) => v.trim() !== names[c]))
}

/** Trimmed names; blanks become `columnN`, repeats get `_2`, `_3`. */
function uniqueNames(cells: string[]): string[] {
  const seen = new Map<string, number>()
  return cells.map((cell, i) => {
    const base = cell.trim() || `column${i + 1}`
    const k = seen.get(base) ?? 0
    seen.set(base, k + 1)
    return k === 0 ? base : `${base}_${k + 1}`
  })
}
