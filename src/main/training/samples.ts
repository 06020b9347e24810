/**
 * The samples behind one confusion-matrix cell (SPEC §5: "click a cell to list its samples"): the
 * job manager keeps each finished run's per-row predictions and source rows, and this module turns a
 * cell into at most `MAX_SAMPLES` table rows (or images) so the reply stays small.
 */
import { cellText, type Table } from '../data'
import type { CellSamples, SampleDto, SamplesRequest, SplitName } from '../../shared/dto'
import type { SplitPredictions } from '../../shared/engine-protocol'

/** A reply lists at most this many samples. */
export const MAX_SAMPLES = 200

/** What a finished run leaves behind for `training:samples`. */
export interface RunDetails {
  table: Table
  /** Per split, the table row of each of its rows. */
  sources: Partial<Record<SplitName, Int32Array>>
  predictions: Partial<Record<SplitName, SplitPredictions>>
}

/** The rows of `details` whose actual class is `request.actual` and predicted class `request.predicted`. */
export function cellSamples(details: RunDetails, request: SamplesRequest): CellSamples | null {
  const predictions = details.predictions[request.split]
  const sources = details.sources[request.split]
  if (!predictions || !sources) return null
  const limit = Math.min(request.limit ?? MAX_SAMPLES, MAX_SAMPLES)
  const { table } = details
  const pixels = table.image ? table.image.width * table.image.height * table.image.channels : 0
  const columns = table.columns.slice(pixels)
  const samples: SampleDto[] = []
  let total = 0
  for (let r = 0; r < predictions.actual.length; r++) {
    if (predictions.actual[r] !== request.actual || predictions.predicted[r] !== request.predicted) continue
    total++
    if (samples.length >= limit) continue
    const row = sources[r] ?? r
    const sample: SampleDto = { row, values: columns.map((c) => cellText(c, row)) }
    if (pixels > 0) sample.pixels = greyLevels(table, row, pixels)
    samples.push(sample)
  }
  return { total, columns: columns.map((c) => c.name), samples, image: table.image ?? null }
}

/** Pixels of one image row as grey levels 0…255: values in [0, 1] are scaled by 255, larger ranges by their maximum. */
function greyLevels(table: Table, row: number, pixels: number): number[] {
  const values = new Array<number>(pixels)
  let max = 0
  for (let p = 0; p < pixels; p++) {
    const column = table.columns[p]
    const v = column && column.type === 'numeric' ? column.values[row] : 0
    values[p] = Number.isFinite(v) ? v : 0
    if (values[p] > max) max = values[p]
  }
  const factor = max <= 1 ? 255 : 255 / max
  return values.map((v) => Math.round(Math.max(0, v) * factor))
}
