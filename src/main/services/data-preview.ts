/**
 * The preview of a data set (SPEC §2): first rows, per-column schema with histograms, class balance,
 * image samples, and the input/output widths the network needs, all from the same `inferSchema` and
 * `prepareData` the training run uses, so what the Data view promises is what training gets.
 */
import type { ColumnSchemaDto, DataPreview, DataRef, ImageSampleDto, Task } from '../../shared/dto'
import { findColumn, inferSchema, isDataError, prepareData, previewRows, selectRows, type ColumnSchema, type MissingPolicy, type Table, type TableSchema } from '../../engine/data'
import { splitFractions, type TrainingChoices } from './datasets'

/** Rows in the preview table and images in the sample grid. */
export const HEAD_ROWS = 20
export const IMAGE_SAMPLES = 24
/** The preview table shows at most this many columns. */
const HEAD_COLUMNS = 60
/**
 * Tables above this many rows, or above `PREPARE_CELLS` values, are encoded on an even sample of rows for the
 * preview's checks: at most 20,000 rows, and for wide tables as many as make 1M values but at least 2,000
 * (encoding all 7.8M values of MNIST took most of its preview time).
 */
export const PREPARE_ROWS = 20_000
export const PREPARE_CELLS = 1_000_000
const MIN_PREPARE_ROWS = 2_000

export interface PreviewSource {
  table: Table
  test?: Table
  title: string
  format: DataPreview['format']
  /** `describeColumns(table)` when already made (by the import worker): the preview then skips that pass over every value. */
  columns?: ColumnSchema[]
}

/** Describes `source` under the choices of `ref` (target, task, missing policy, scaling). */
export function buildPreview(source: PreviewSource, ref: DataRef, choices: TrainingChoices): DataPreview {
  const { table, test } = source
  const schema = inferSchema(table, { target: choices.target, task: choices.task, columns: source.columns })
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
    // A large built-in set (MNIST) needs no check: it has no choices and is known to train.
    const sampleRows = Math.max(MIN_PREPARE_ROWS, Math.min(PREPARE_ROWS, Math.floor(PREPARE_CELLS / table.columns.length)))
    const large = table.rows > sampleRows
    const testTable = test && test.rows > sampleRows ? selectRows(test, stride(test.rows, sampleRows)) : test
    if (large) {
      if (ref.kind === 'imported') {
        const sample = selectRows(table, stride(table.rows, sampleRows))
        const split = splitFractions(sample.rows, ref.split, test !== undefined)
        prepareData(sample, { ...choices, target: schema.target, task: schema.task, features: schema.features, split, testTable })
      }
      const features = featureColumns(table, schema)
      ;({ inputs, outputs } = schemaWidths(schema, features))
      dropped = droppedRows(table, schema, features, choices.missing ?? 'drop')
    } else {
      const split = splitFractions(table.rows, ref.kind === 'imported' ? ref.split : undefined, test !== undefined)
      const prepared = prepareData(table, { ...choices, split, testTable })
      ;({ inputs, outputs } = prepared.train)
      dropped = prepared.dropped
    }
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
function schemaWidths(schema: TableSchema, features: readonly number[]): { inputs: number; outputs: number } {
  let inputs = 0
  for (const i of features) {
    const c = schema.columns[i]!
    inputs += c.storage === 'categorical' ? c.distinct : 1
  }
  const classes = schema.classes?.length ?? 0
  return { inputs, outputs: schema.task === 'regression' || classes <= 2 ? 1 : classes }
}

/** `count` row indices spread evenly over `rows` rows. */
function stride(rows: number, count: number): Int32Array {
  const out = new Int32Array(count)
  for (let i = 0; i < count; i++) out[i] = Math.floor((i * rows) / count)
  return out
}

/**
 * The schema's feature columns' indices, by name (the first of equal names, as `findColumn`), from one
 * map of the table's columns: 784 `findColumn` calls over 785 columns were quadratic.
 */
function featureColumns(table: Table, schema: TableSchema): number[] {
  const at = new Map<string, number>()
  table.columns.forEach((c, i) => {
    if (!at.has(c.name)) at.set(c.name, i)
  })
  return schema.features.map((f) => at.get(f) ?? findColumn(table, f))
}

/** Rows `prepareData` leaves out: a missing target, or (policy `drop`) a missing feature value. */
function droppedRows(table: Table, schema: TableSchema, features: readonly number[], missing: MissingPolicy): number {
  const indices = [schema.target, ...(missing === 'drop' ? features : [])]
  if (indices.every((i) => schema.columns[i]!.missing === 0)) return 0
  const columns = indices.map((i) => table.columns[i]!)
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
