/**
 * IDX files (the MNIST format, http://yann.lecun.com/exdb/mnist/): a 4-byte magic `0x00 0x00 type dims`,
 * `dims` big-endian uint32 sizes, then the values row-major. Images are `[n×rows×cols]` (idx3), labels
 * `[n]` (idx1). Unsigned-byte images are scaled to [0, 1].
 */
import { DataError } from '../../engine/data/errors'
import type { Column, Table } from '../../engine/data/table'
import type { Ticker } from './bytes'
import { MAX_COLUMNS } from './csv'

const TYPES: Record<number, { name: string; size: number }> = {
  0x08: { name: 'unsigned byte', size: 1 },
  0x09: { name: 'signed byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
}

export interface IdxArray {
  file: string
  type: number
  dims: number[]
  /** Values in file order, as numbers (bytes scaled only later, by `idxImagesTable`). */
  values: Float32Array | Uint8Array
}

/** Whether the bytes start like an IDX file (used to tell IDX from other formats). */
export function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] in TYPES && bytes[3] >= 1 && bytes[3] <= 4
}

/** Reads and checks an IDX file: magic number, then the sizes against the file length. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DataError('idx-size', `the file has ${bytes.length} bytes, too short for an IDX header`, { file })
  if (!looksLikeIdx(bytes)) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')
    throw new DataError('idx-magic', `wrong magic number 0x${magic}: an IDX file starts with 0x0000, a type byte (08, 09, 0B–0E) and 1–4 dimensions (MNIST: 0x00000803 images, 0x00000801 labels)`, { file })
  }
  const type = bytes[2]
  const nd = bytes[3]
  const headerLength = 4 + 4 * nd
  if (bytes.length < headerLength) throw new DataError('idx-size', `the file has ${bytes.length} bytes, too short for a header of ${nd} dimensions`, { file })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false))
  const { size } = TYPES[type]
  const count = dims.reduce((a, b) => a * b, 1)
  const expected = headerLength + count * size
  if (expected !== bytes.length) {
    throw new DataError('idx-size', `the header says ${dims.join('×')} values of ${size} byte${size > 1 ? 's' : ''} (${expected} bytes with the header) but the file has ${bytes.length} bytes`, { file })
  }
  if (dims[0] === 0) throw new DataError('no-rows', 'the file holds 0 items', { file })
  if (type === 0x08) return { file, type, dims, values: bytes.subarray(headerLength) }
  const values = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    const at = headerLength + i * size
    const v =
      type === 0x09 ? view.getInt8(at)
      : type === 0x0b ? view.getInt16(at, false)
      : type === 0x0c ? view.getInt32(at, false)
      : type === 0x0d ? view.getFloat32(at, false)
      : view.getFloat64(at, false)
    values[i] = v
    // Doubles beyond ±3.4e38 overflow float32 storage: as unusable as an Infinity in the file.
    if (!Number.isFinite(values[i])) throw new DataError('non-finite', `value ${i + 1} (${v}) is not a finite float32 number`, { file })
  }
  return { file, type, dims, values }
}

/** Whether an IDX array is a label vector (1 dimension) rather than images or rows. */
export function isLabels(a: IdxArray): boolean {
  return a.dims.length === 1
}

/** Images transposed into pixel columns between two progress ticks (60,000 MNIST images take about 0.2 s). */
const TICK_ROWS = 2048

/**
 * Images (and optionally their labels) as a table: one Float32 column per pixel, `pixel0…`, then `label`.
 * Unsigned-byte pixels are divided by 255. `ticker` gets the parse progress by rows.
 */
export async function idxTable(images: IdxArray, labels: IdxArray | undefined, name: string, ticker?: Ticker): Promise<Table> {
  if (images.dims.length < 2) throw new DataError('unsupported', 'expected images (3 dimensions) or rows (2 dimensions), found a label vector', { file: images.file })
  const n = images.dims[0]
  if (labels && labels.dims[0] !== n) {
    throw new DataError('count-mismatch', `${images.file} holds ${n} images but ${labels.file} holds ${labels.dims[0]} labels`, { file: images.file })
  }
  const width = images.values.length / n
  if (width > MAX_COLUMNS) {
    throw new DataError('unsupported', `each item has ${width} values (${images.dims.slice(1).join('×')}); at most ${MAX_COLUMNS.toLocaleString('en')} are supported`, { file: images.file })
  }
  if (width === 0) throw new DataError('no-feature', `the images have no pixels (sizes ${images.dims.join('×')})`, { file: images.file })
  const scale = images.type === 0x08 ? 1 / 255 : 1
  const pixels = Array.from({ length: width }, () => new Float32Array(n))
  const src = images.values
  for (let r0 = 0; r0 < n; r0 += TICK_ROWS) {
    const r1 = Math.min(n, r0 + TICK_ROWS)
    for (let r = r0; r < r1; r++) {
      const base = r * width
      for (let p = 0; p < width; p++) pixels[p][r] = src[base + p] * scale
    }
    await ticker?.tick('parse', r1 / n, r1)
  }
  const columns: Column[] = pixels.map((values, p) => ({ name: `pixel${p}`, type: 'numeric', values }))
  if (labels) columns.push({ name: 'label', type: 'categorical', values: Array.from(labels.values, (v) => String(v)) })
  const [h, w, c] = [images.dims[1], images.dims[2] ?? 1, images.dims[3] ?? 1]
  return { name, rows: n, columns, ...(images.dims.length >= 3 ? { image: { width: w, height: h, channels: c } } : {}) }
}
