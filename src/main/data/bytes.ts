/**
 * Byte-level checks shared by the parsers: size limit, gzip (fflate, streamed so a gzip bomb stops at
 * the limit), binary-garbage detection, text encoding, and the progress/cancellation ticker that lets a
 * long parse yield to the event loop.
 */
import { Gunzip } from 'fflate'
import { DataError } from '../../engine/data/errors'

/** Default import limit: 512 MiB, for the raw file and again for its decompressed contents. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024

export interface ImportProgress {
  file: string
  phase: 'decompress' | 'parse' | 'schema'
  /** 0…1 within this file and phase. */
  fraction: number
  /** Data rows read so far (parse phase). */
  rows: number
}

export interface ImportOptions {
  /** Largest accepted file, in bytes (default `DEFAULT_MAX_BYTES`). */
  maxBytes?: number
  /** Aborting rejects the import with a `DataError` of code `cancelled`. */
  signal?: AbortSignal
  /** Called at most every `progressIntervalMs` (default 100 ms) while parsing. */
  onProgress?: (p: ImportProgress) => void
  progressIntervalMs?: number
  /** CSV/TSV: force the delimiter instead of sniffing it. */
  delimiter?: string
  /** CSV/TSV: force whether the first row holds column names instead of sniffing it. */
  header?: boolean
  /** CSV/TSV: bytes decoded and parsed per step (default 256 KiB); small values test chunk boundaries. */
  chunkBytes?: number
  /** Also describe the columns (`describeColumns`, phase `schema`) into `ImportResult.columns`, with progress. */
  describe?: boolean
}

/** `12.3 MB` style sizes (decimal megabytes, as file managers show them). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`
  return `${n} bytes`
}

export function checkSize(length: number, file: string, maxBytes: number, what = 'is'): void {
  if (length > maxBytes) {
    throw new DataError('too-large', `the file ${what} ${formatBytes(length)}, over the import limit of ${formatBytes(maxBytes)}`, { file })
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/**
 * Yields to the event loop every ~16 ms of work, reports progress at most every `progressIntervalMs`,
 * and turns an aborted signal into a `cancelled` DataError.
 */
export class Ticker {
  private lastYield = performance.now()
  private lastReport = -Infinity

  constructor(
    private readonly options: ImportOptions,
    private readonly file: string,
  ) {}

  async tick(phase: ImportProgress['phase'], fraction: number, rows = 0): Promise<void> {
    this.checkAborted()
    const now = performance.now()
    if (this.options.onProgress && now - this.lastReport >= (this.options.progressIntervalMs ?? 100)) {
      this.lastReport = now
      this.options.onProgress({ file: this.file, phase, fraction: Math.min(1, Math.max(0, fraction)), rows })
    }
    if (now - this.lastYield >= 16) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      this.lastYield = performance.now()
      this.checkAborted()
    }
  }

  checkAborted(): void {
    if (this.options.signal?.aborted) throw new DataError('cancelled', 'the import was cancelled', { file: this.file })
  }
}

/** Decompresses gzip in 1 MiB steps, stopping with a DataError as soon as the output passes `maxBytes`. */
export async function gunzip(bytes: Uint8Array, file: string, maxBytes: number, ticker: Ticker): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let total = 0
  let tooLarge = false
  const inflater = new Gunzip((chunk) => {
    total += chunk.length
    if (total > maxBytes) tooLarge = true
    else parts.push(chunk)
  })
  const step = 1 << 20
  try {
    for (let at = 0; at < bytes.length && !tooLarge; at += step) {
      const end = Math.min(bytes.length, at + step)
      inflater.push(bytes.subarray(at, end), end === bytes.length)
      await ticker.tick('decompress', end / bytes.length)
    }
  } catch (e) {
    if (e instanceof DataError) throw e
    throw new DataError('gzip', `the file is not valid gzip (${e instanceof Error ? e.message : String(e)})`, { file })
  }
  if (tooLarge) throw new DataError('too-large', `the file decompresses to more than the import limit of ${formatBytes(maxBytes)}`, { file })
  if (total === 0) throw new DataError('empty', 'the file is empty once decompressed', { file })
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/**
 * The encoding of a text file, or a DataError for an empty file or binary data. UTF-16 is recognised by
 * its byte-order mark; text that is not valid UTF-8 is read as Windows-1252 (a superset of Latin-1).
 */
export function textEncoding(bytes: Uint8Array, file: string): TextEncoding {
  const utf16: TextEncoding | null = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null
  if (utf16) {
    // A byte-order mark followed by garbage: judge the decoded characters instead of the bytes.
    const text = new TextDecoder(utf16).decode(bytes.subarray(0, 65536))
    let odd = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) odd++
    }
    if (text.trim() === '') throw new DataError('empty', 'the file is empty', { file })
    if (odd > text.length / 100) throw new DataError('binary', 'the file holds binary data, not text', { file })
    return utf16
  }
  const sample = bytes.subarray(0, 65536)
  let control = 0
  let blank = true
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]
    if (b === 0) throw new DataError('binary', 'the file holds binary data (a zero byte), not text', { file })
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
    if (blank && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && !(i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) blank = false
  }
  if (bytes.length === 0 || (blank && bytes.length <= sample.length)) throw new DataError('empty', 'the file is empty', { file })
  if (control > sample.length / 100) throw new DataError('binary', 'the file holds binary data (control characters), not text', { file })
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: bytes.length > sample.length })
    return 'utf-8'
  } catch {
    return 'windows-1252'
  }
}

/** Line and column (from 1) of character offset `pos` in `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: pos - start + 1 }
}
