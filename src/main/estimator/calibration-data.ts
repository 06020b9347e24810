/**
 * The synthetic data the calibration trains on (src/main/estimator/calibrate.ts): N rows like the user's
 * (sample rows of their prepared data as they are, or rows at their input density, else dense), with targets that suit the loss.
 */
import type { Rng } from '../../engine/random'
import type { Dataset, NetworkSpec } from '../../engine/types'

/** Rows of a synthetic data set: the user's N, at least one batch of `batch`, at most `maxFloats` floats. */
export function dataRows(spec: NetworkSpec, samples: number, batch: number, maxFloats: number): number {
  const width = spec.inputs + spec.layers[spec.layers.length - 1].units
  return Math.max(batch, Math.min(samples, Math.floor(maxFloats / width)))
}

/** The first ⌊rows/m⌋·m rows of `data` (same arrays), so that every epoch ends on a whole batch of m. */
export function wholeBatches(data: Dataset, m: number): Dataset {
  return { ...data, rows: Math.floor(data.rows / m) * m }
}

/** The per-row densities synthetic input rows draw from, or null for dense rows. */
export function densityProfile(options: { inputDensity?: number; rowDensities?: readonly number[] }): number[] | null {
  const rows = (options.rowDensities ?? []).filter((d) => Number.isFinite(d)).map((d) => Math.min(1, Math.max(0, d)))
  if (options.inputDensity === undefined && rows.length > 0) return rows.every((d) => d >= 1) ? null : rows
  const rho = options.inputDensity === undefined || !Number.isFinite(options.inputDensity) ? 1 : Math.min(1, Math.max(0, options.inputDensity))
  if (rho >= 1) return null
  // rows of the data, rescaled to the given mean; else every row at ρ
  const mean = rows.length > 0 ? rows.reduce((s, d) => s + d, 0) / rows.length : 0
  return mean > 0 ? rows.map((d) => Math.min(1, (d * rho) / mean)) : [rho]
}

/**
 * Random inputs and targets of `n` rows that suit the loss. With a density `profile`, row r is nonzero
 * at each input with probability profile[r mod length] (values in [0.05, 1), zeros exactly 0), like
 * image pixels; without one every input is nonzero, uniform in [−1, 1). `density` is the fraction of
 * nonzero inputs generated.
 */
export function syntheticData(
  spec: NetworkSpec,
  n: number,
  rng: Rng,
  profile: readonly number[] | null = null,
  templates: readonly Float32Array[] | null = null,
): Dataset & { density: number } {
  const outputs = spec.layers[spec.layers.length - 1].units
  const x = new Float32Array(n * spec.inputs)
  let nonzero = x.length
  if (templates && templates.length > 0) {
    nonzero = 0
    for (let r = 0; r < n; r++) {
      const row = templates[rng.int(templates.length)]
      x.set(row, r * spec.inputs)
      for (let k = 0; k < row.length; k++) if (row[k] !== 0) nonzero++
    }
  } else if (!profile || profile.length === 0) {
    for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1
  } else {
    nonzero = 0
    // a random draw of rows of the profile, spread over the epoch like a shuffled data set
    for (let r = 0, o = 0; r < n; r++) {
      const p = profile[rng.int(profile.length)]
      for (let k = 0; k < spec.inputs; k++, o++) {
        if (rng.next() < p) {
          x[o] = 0.05 + 0.95 * rng.next()
          nonzero++
        }
      }
    }
  }
  const y = new Float32Array(n * outputs)
  for (let r = 0; r < n; r++) {
    if (spec.loss === 'cce') y[r * outputs + rng.int(outputs)] = 1
    else for (let j = 0; j < outputs; j++) y[r * outputs + j] = spec.loss === 'bce' ? (rng.next() < 0.5 ? 0 : 1) : rng.next()
  }
  return { rows: n, inputs: spec.inputs, outputs, x, y, density: x.length > 0 ? nonzero / x.length : 1 }
}

/**
 * The sample rows that are `inputs` long and finite as float32, copied unchanged: they are rows of the
 * prepared training data, so their magnitudes are those the trainer sees (the cost of `Math.tanh`,
 * `Math.exp` depends on its argument). Null when there are none.
 */
export function usableRows(rows: readonly ArrayLike<number>[] | undefined, inputs: number): Float32Array[] | null {
  const ok: Float32Array[] = []
  for (const r of rows ?? []) {
    if (r.length !== inputs) continue
    const row = Float32Array.from(r)
    if (row.every((v) => Number.isFinite(v))) ok.push(row)
  }
  return ok.length > 0 ? ok : null
}
