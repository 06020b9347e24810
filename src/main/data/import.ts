/**
 * The import service (SPEC §2): bytes + file name in, `Table` out, or a `DataError`. Electron reads the
 * dropped path, web mode uploads the bytes; both call this. It needs Node but not Electron, so it also
 * runs in a worker thread (`import-worker.ts`) and in the CLI.
 */
import { DataError } from '../../engine/data/errors'
import { describeColumnsStepwise, type ColumnSchema } from '../../engine/data/schema'
import type { Table } from '../../engine/data/table'
import { checkSize, DEFAULT_MAX_BYTES, gunzip, isGzip, Ticker, type ImportOptions } from './bytes'
import { parseDelimited } from './csv'
import { idxTable, isLabels, looksLikeIdx, parseIdx, type IdxArray } from './idx'
import { parseJson } from './json'

/** One file as bytes, with the name used for format detection and in messages. */
export interface ImportFile {
  name: string
  bytes: Uint8Array
}

export type ImportFormat = 'csv' | 'tsv' | 'json' | 'idx'

export interface ImportResult {
  /** The data set (training data when a test file came with it). */
  table: Table
  /** A separate test set: the second CSV of a train + test pair, or the t10k pair of four IDX files. */
  test?: Table
  format: ImportFormat
  /** The file names that went in, in the order used: table first, then test. */
  files: string[]
  /** With the `describe` option: `describeColumns(table)`, to pass to `inferSchema` as `columns`. */
  columns?: ColumnSchema[]
}

/** Imports one file. Any failure is a `DataError`. */
export async function importFile(file: ImportFile, options: ImportOptions = {}): Promise<ImportResult> {
  return importFiles([file], options)
}

/**
 * Imports files dropped together: one data file; an IDX image + label pair (or two pairs: train and
 * `t10k`/test); or two CSV/TSV/JSON files as train + test (the one with "test" in its name is the test set).
 */
export async function importFiles(files: ImportFile[], options: ImportOptions = {}): Promise<ImportResult> {
  try {
    const result = await importUnchecked(files, options)
    return options.describe ? { ...result, columns: await describeTable(result.table, new Ticker(options, result.files.join(', '))) } : result
  } catch (e) {
    if (e instanceof DataError) throw e
    // Anything else is a bug met on odd input: the user still gets a message, and the fuzz tests
    // fail on the `internal` code, so such a path gets fixed rather than hidden.
    const name = files.map((f) => f.name).join(', ')
    throw new DataError('internal', `the file could not be read (${e instanceof Error ? e.message : String(e)})`, { file: name })
  }
}

async function importUnchecked(files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  if (files.length === 0) throw new DataError('empty', 'no file was given')
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const plain: ImportFile[] = []
  for (const f of files) {
    checkSize(f.bytes.length, f.name, maxBytes)
    if (f.bytes.length === 0) throw new DataError('empty', 'the file is empty', { file: f.name })
    const bytes = isGzip(f.bytes) ? await gunzip(f.bytes, f.name, maxBytes, new Ticker(options, f.name)) : f.bytes
    plain.push({ name: f.name, bytes })
  }
  const formats = plain.map((f) => detectFormat(f))
  if (formats.includes('idx')) {
    if (!formats.every((f) => f === 'idx')) throw new DataError('unsupported', 'IDX files cannot be combined with CSV or JSON files', { file: files.map((f) => f.name).join(', ') })
    return importIdx(plain, options)
  }
  if (plain.length > 2) throw new DataError('unsupported', `${plain.length} files were given; drop one data file, or a train and a test file`)
  const tables: Table[] = []
  for (const f of plain) tables.push(await parseOne(f, detectFormat(f), options))
  if (tables.length === 1) return { table: tables[0], format: formats[0], files: [plain[0].name] }
  const testAt = /test/i.test(baseName(plain[1].name)) || !/test/i.test(baseName(plain[0].name)) ? 1 : 0
  const [train, test] = testAt === 1 ? tables : [tables[1], tables[0]]
  checkSameColumns(train, test)
  return { table: train, test, format: formats[0], files: [train.name, test.name] }
}

/** `describeColumns` of the table in steps, with progress (phase `schema`) and cancellation between steps. */
async function describeTable(table: Table, ticker: Ticker): Promise<ColumnSchema[]> {
  const steps = describeColumnsStepwise(table)
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value
    await ticker.tick('schema', step.value, table.rows)
  }
}

/** Format by content first (IDX magic, JSON brackets), then by extension; CSV otherwise. */
export function detectFormat(f: ImportFile): ImportFormat {
  const name = baseName(f.name)
  if (looksLikeIdx(f.bytes) || /(idx\d|ubyte)$/i.test(name)) return 'idx'
  if (/\.json$/i.test(name)) return 'json'
  if (/\.tsv$/i.test(name)) return 'tsv'
  if (!/\.(csv|txt|data|dat)$/i.test(name)) {
    const first = firstNonSpace(f.bytes)
    if (first === 0x5b || first === 0x7b) return 'json'
  }
  return 'csv'
}

async function parseOne(f: ImportFile, format: ImportFormat, options: ImportOptions): Promise<Table> {
  if (format === 'json') return parseJson(f.bytes, f.name, options)
  return parseDelimited(f.bytes, f.name, options)
}

async function importIdx(files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  const arrays = files.map((f) => parseIdx(f.bytes, f.name))
  const images = arrays.filter((a) => !isLabels(a))
  const labels = arrays.filter(isLabels)
  if (images.length === 0) throw new DataError('unsupported', 'a label file needs its image file: drop both together', { file: labels.map((l) => l.file).join(', ') })
  if (images.length > 2 || labels.length > images.length) {
    throw new DataError('unsupported', 'drop one IDX image file with its label file, or two pairs (train and t10k/test)', { file: files.map((f) => f.name).join(', ') })
  }
  const pairs = images.map((img) => ({ img, lab: matchLabels(img, labels, images.length) }))
  const isTest = (a: IdxArray): boolean => /t10k|test/i.test(baseName(a.file))
  pairs.sort((a, b) => Number(isTest(a.img)) - Number(isTest(b.img)))
  const tables: Table[] = []
  for (const p of pairs) tables.push(await idxTable(p.img, p.lab, p.lab ? `${p.img.file} + ${p.lab.file}` : p.img.file, new Ticker(options, p.img.file)))
  if (tables.length === 2) checkSameColumns(tables[0], tables[1])
  const used = pairs.flatMap((p) => (p.lab ? [p.img.file, p.lab.file] : [p.img.file]))
  return { table: tables[0], ...(tables[1] ? { test: tables[1] } : {}), format: 'idx', files: used }
}

/** The label file of an image file: the only one, or the one whose name matches with images→labels. */
function matchLabels(img: IdxArray, labels: IdxArray[], imageCount: number): IdxArray | undefined {
  if (labels.length === 0) return undefined
  if (imageCount === 1 && labels.length === 1) return labels[0]
  const key = (name: string): string => baseName(name).toLowerCase().replace(/images?|labels?/g, '*').replace(/idx\d/g, 'idx')
  const match = labels.find((l) => key(l.file) === key(img.file))
  if (!match) throw new DataError('mismatch', `no label file matches the image file by name (e.g. train-images-idx3-ubyte ↔ train-labels-idx1-ubyte)`, { file: img.file })
  return match
}

function checkSameColumns(train: Table, test: Table): void {
  const a = train.columns.map((c) => c.name)
  const b = new Set(test.columns.map((c) => c.name))
  const missing = a.filter((n) => !b.has(n))
  const extra = [...b].filter((n) => !a.includes(n))
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length ? `lacks ${missing.slice(0, 5).map((n) => `"${n}"`).join(', ')}` : '', extra.length ? `has extra ${extra.slice(0, 5).map((n) => `"${n}"`).join(', ')}` : '']
    throw new DataError('mismatch', `the test file's columns differ from ${train.name}: it ${parts.filter(Boolean).join(' and ')}`, { file: test.name })
  }
}

/** The file name without folders and without a `.gz` ending. */
function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.gz$/i, '')
}

function firstNonSpace(bytes: Uint8Array): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  for (let i = start; i < Math.min(bytes.length, 4096); i++) {
    const b = bytes[i]
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b
  }
  return -1
}
