/**
 * Input density of a data set: the fraction of its input values that are nonzero. The engine's input
 * layer multiplies over the nonzeros only when a batch has at most 25 % of them (src/engine/layers/dense.ts),
 * so the estimate and the calibration need it (MNIST pixels: about 19 %).
 */
import type { Dataset } from '../../engine/types'

/** Rows sampled for the per-row profile, at most. */
export const MAX_PROFILE_ROWS = 4096

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
  const rowDensities = Array.from({ length: count }, (_, i) => perRow[Math.floor((i * rows) / count)])
  return { inputDensity: total / (rows * inputs), rowDensities }
}
