/**
 * Input density of a data set: the fraction of its input values that are nonzero. The engine's input
 * layer multiplies over the nonzeros only when a batch has at most 25 % of them (src/engine/layers/dense.ts),
 * so the estimate and the calibration need it (MNIST pixels: about 19 %). `trainingSample` also takes
 * the rows the calibration trains on from the prepared training split.
 */
import type { Dataset } from '../../engine/types'

/** Rows sampled for the per-row profile, at most. */
export const MAX_PROFILE_ROWS = 4096
/** Rows of the training split given to the calibration, at most. */
export const MAX_SAMPLE_ROWS = 1024

/** Index of the i-th of `count` rows evenly spaced over `rows` (row 0 first). */
const spread = (i: number, rows: number, count: number) => Math.floor((i * rows) / count)

/** The input density of a data set and a sample of its per-row densities (rows evenly spaced). */
export interface DensityProfile {
  /** Fraction of nonzero input values over all rows. */
  inputDensity: number
  /** Fractions of nonzero inputs of up to `maxRows` rows, evenly spaced over the set. */
  rowDensities: number[]
}

/** Measures `data`'s input density (all rows) and samples its per-row densities. */
export function densityOf(data: Pick<Dataset, 'rows' | 'inputs' | 'x'>, maxRows = MAX_PROFILE_ROWS): DensityProfile {
  const { rows, inputs, x } = data
  if (rows <= 0 || inputs <= 0) return { inputDensity: 1, rowDensities: [] }
  const perRow = new Float64Array(rows)
  let total = 0
  for (let r = 0, o = 0; r < rows; r++) {
    let n = 0
    for (let k = 0; k < inputs; k++, o++) if (x[o] !== 0) n++
    perRow[r] = n / inputs
    total += n
  }
  const count = Math.min(rows, Math.max(1, Math.floor(maxRows)))
  const rowDensities = Array.from({ length: count }, (_, i) => perRow[spread(i, rows, count)])
  return { inputDensity: total / (rows * inputs), rowDensities }
}

/** A data set's exact ρ and up to `maxRows` of its input rows (evenly spaced, copied) with their densities. */
export interface TrainingSample extends DensityProfile {
  /** The rows, each `inputs` long; `rowDensities[i]` is the density of `rows[i]`. */
  rows: Float32Array[]
}

/** ρ over all of `data`'s rows, and `maxRows` of its rows evenly spread over it (the same rows as `densityOf`'s profile). */
export function trainingSample(data: Pick<Dataset, 'rows' | 'inputs' | 'x'>, maxRows = MAX_SAMPLE_ROWS): TrainingSample {
  const profile = densityOf(data, maxRows)
  const count = profile.rowDensities.length
  const rows = Array.from({ length: count }, (_, i) => {
    const r = spread(i, data.rows, count)
    return data.x.slice(r * data.inputs, (r + 1) * data.inputs)
  })
  return { ...profile, rows }
}
