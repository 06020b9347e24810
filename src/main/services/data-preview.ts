/**
 * The preview of a data set (SPEC §2): first rows, per-column schema with histograms, class balance,
 * image samples, and the input/output widths the network needs, all from the same `inferSchema` and
 * `prepareData` the training run uses, so what the Data view promises is what training gets.
 */
import type { ColumnSchemaDto, DataPreview, DataRef, ImageSampleDto, Task } from '../../shared/dto'
import { findColumn, inferSchema, isDataError, prepareData, previewRows, selectRows, type ColumnSchema, type MissingPolicy, type Table, type TableSchema } from '../data'
import { splitFractions, type TrainingChoices } from './datasets'

/** Rows in the preview table and images in the sample grid. */
export const HEAD_ROWS = 20
export const IMAGE_SAMPLES = 24
/** The preview table shows at most this many columns. */
const HEAD_COLUMNS = 60
/** Tables above this many rows are encoded on a sample of this many rows for the preview's widths. */
export const PREPARE_ROWS = 20_000

export interface PreviewSource {
  table: Table
  test?: Table
  title: string
  format: DataPreview['format']
}

/** Describes `source` under the choices of `ref` (target, task, missing policy, scaling). */
export function buildPreview(source: PreviewSource, ref: DataRef, choices: TrainingChoices): DataPreview {
  const { table, test } = source
  const schema = inferSchema(table, { target: choices.target, task: choices.task })
  const image = table.image ?? schema.image ?? null
  const pixels = image ? pixelColumns(table, schema.target, image.width * image.height * image.channels) : []
  const pixelSet = new Set(pixels)
  const headIndex = table.columns.map((_, i) => i).filter((i) => !pixelSet.has(i)).slice(0, HEAD_COLUMNS)
  const rows = previewRows(table, HEAD_ROWS)
  let inputs: number | null = null
  let outputs: number | null = null
  let problem: string | null = null
  let dropped = 0
  try {
    // A large table is checked on an even sample of its rows (encoding a million rows would hold the
    // preview up for seconds), with the features and task of the whole table; its widths then come from
    // the whole table's schema: one input per numeric feature, one per category, one output unit for a
    // binary or regression target, K for K classes.
    const large = table.rows > PREPARE_ROWS
    const sample = large ? selectRows(table, stride(table.rows, PREPARE_ROWS)) : table
    const split = splitFractions(sample.rows, ref.kind === 'imported' ? ref.split : undefined, test !== undefined)
    const testSample = test && test.rows > PREPARE_ROWS ? selectRows(test, stride(test.rows, PREPARE_ROWS)) : test
    const options = large ? { ...choices, target: schema.target, task: schema.task, features: schema.features } : choices
    const prepared = prepareData(sample, { ...options, split, testTable: testSample })
    const widths = large ? schemaWidths(table, schema) : prepared.train
    inputs = widths.inputs
    outputs = widths.outputs
    dropped = large ? droppedRows(table, schema.target, schema.features, choices.missing ?? 'drop') : prepared.dropped
  } catch (error) {
    if (!isDataError(error)) throw error
    problem = error.message
  }
  const targetName = table.columns[schema.target]!.name
  const data: DataRef = ref.kind === 'imported' ? { ...ref, target: targetName } : ref
  return {
    data,
    title: source.title,
    format: source.format,
    rows: table.rows,
    testRows: test ? test.rows : null,
    columns: schema.columns.map(columnDto),
    headColumns: headIndex.map((i) => table.columns[i]!.name),
    head: rows.map((r) => headIndex.map((i) => r[i]!)),
    target: schema.target,
    task: schema.task,
    detectedTask: schema.detectedTask,
    classes: schema.classes ?? null,
    features: schema.features,
    inputs,
    outputs,
    problem,
    dropped,
    image,
    samples: image ? imageSamples(table, pixels, schema.target, schema.columns) : [],
  }
}

/** The default output activation for a task: one sigmoid unit, softmax over K classes, or identity. */
export function outputActivationFor(task: Task, outputs: number): 'sigmoid' | 'softmax' | 'identity' {
  if (task === 'regression') return 'identity'
  return outputs === 1 ? 'sigmoid' : 'softmax'
}

function columnDto(c: ColumnSchema): ColumnSchemaDto {
  return {
    name: c.name,
    kind: c.kind,
    missing: c.missing,
    distinct: c.distinct,
    ...(c.min !== undefined ? { min: c.min, max: c.max, mean: c.mean, std: c.std } : {}),
    ...(c.histogram ? { histogram: c.histogram.counts } : {}),
    ...(c.top ? { top: c.top.slice(0, 8) } : {}),
  }
}

/** Pixel columns: the first `count` of an image table, else every column but the target (28×28 / 8×8 CSV rows). */
function pixelColumns(table: Table, target: number, count: number): number[] {
  const all = table.columns.map((_, i) => i)
  return (table.image ? all : all.filter((i) => i !== target)).slice(0, count)
}

/** The first rows as grey levels 0…255, scaled from the pixel range of the whole table. */
function imageSamples(table: Table, pixels: number[], target: number, columns: ColumnSchema[]): ImageSampleDto[] {
  let lo = Infinity
  let hi = -Infinity
  for (const i of pixels) {
    const c = columns[i]!
    if (c.min !== undefined && c.min < lo) lo = c.min
    if (c.max !== undefined && c.max > hi) hi = c.max
  }
  const span = hi > lo ? hi - lo : 1
  const label = table.columns[target]!
  const out: ImageSampleDto[] = []
  for (let r = 0; r < Math.min(IMAGE_SAMPLES, table.rows); r++) {
    const values = pixels.map((i) => {
      const column = table.columns[i]!
      const v = column.type === 'numeric' ? column.values[r]! : Number(column.values[r])
      return Number.isFinite(v) ? Math.round((255 * (v - lo)) / span) : 0
    })
    const l = label.type === 'numeric' ? (Number.isNaN(label.values[r]) ? null : String(label.values[r])) : label.values[r]!
    out.push({ row: r, label: l, pixels: values })
  }
  return out
}

/** Encoded widths from a schema: one input per numeric feature, one per category; 1 output (binary, regression) or K. */
function schemaWidths(table: Table, schema: TableSchema): { inputs: number; outputs: number } {
  let inputs = 0
  for (const f of schema.features) {
    const c = schema.columns[findColumn(table, f)]!
    inputs += c.storage === 'categorical' ? c.distinct : 1
  }
  const classes = schema.classes?.length ?? 0
  return { inputs, outputs: schema.task === 'regression' || classes <= 2 ? 1 : classes }
}

/** `count` row indices spread evenly over `rows` rows. */
function stride(rows: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => Math.floor((i * rows) / count))
}

/** Rows `prepareData` leaves out: a missing target, or (policy `drop`) a missing feature value. */
function droppedRows(table: Table, target: number, features: string[], missing: MissingPolicy): number {
  const columns = [table.columns[target]!, ...(missing === 'drop' ? features.map((f) => table.columns[findColumn(table, f)]!) : [])]
  const out = new Uint8Array(table.rows)
  for (const c of columns) {
    if (c.type === 'numeric') {
      const v = c.values
      for (let r = 0; r < table.rows; r++) if (v[r] !== v[r]) out[r] = 1
    } else {
      const v = c.values
      for (let r = 0; r < table.rows; r++) if (v[r] === null) out[r] = 1
    }
  }
  let dropped = 0
  for (let r = 0; r < table.rows; r++) dropped += out[r]!
  return dropped
}
