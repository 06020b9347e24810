/**
 * Seeded train / validation / test split (SPEC §2), stratified for classification: every class is
 * divided in the same proportions, so a rare class is not missing from the test split by bad luck.
 */
import { Rng } from '../random'
import { DataError } from './errors'

/** Fractions of the rows in each split; they are normalised to sum to 1. */
export interface SplitFractions {
  train: number
  val: number
  test: number
}

/** Row indices of each split, each in a seeded random order. */
export interface SplitIndices {
  train: Int32Array
  val: Int32Array
  test: Int32Array
}

/**
 * Splits the rows `rows` (indices into a table). With `labels` (class index per entry of `rows`), each
 * class is split on its own: ⌊n_c·f_test⌉ to test, ⌊n_c·f_val⌉ to validation, the rest (at least one) to
 * training. Same rows, labels, fractions and seed give the same split.
 */
export function splitRows(rows: Int32Array, fractions: SplitFractions, seed: number, labels?: Int32Array): SplitIndices {
  const { train: ft, val: fv, test: fs } = fractions
  const total = ft + fv + fs
  if (![ft, fv, fs].every((f) => Number.isFinite(f) && f >= 0) || !(total > 0) || !(ft > 0)) {
    throw new DataError('bad-option', `split fractions must be ≥ 0 with a training share > 0 (got ${ft} / ${fv} / ${fs})`)
  }
  const rng = new Rng(seed)
  const groups: Int32Array[] = []
  if (labels) {
    const byClass = new Map<number, number[]>()
    for (let i = 0; i < rows.length; i++) {
      const g = byClass.get(labels[i])
      if (g) g.push(rows[i])
      else byClass.set(labels[i], [rows[i]])
    }
    for (const k of [...byClass.keys()].sort((a, b) => a - b)) groups.push(Int32Array.from(byClass.get(k) ?? []))
  } else {
    groups.push(Int32Array.from(rows))
  }
  const train: number[] = []
  const val: number[] = []
  const test: number[] = []
  for (const g of groups) {
    rng.shuffle(g)
    const n = g.length
    let nTest = Math.round((n * fs) / total)
    let nVal = Math.round((n * fv) / total)
    // Training keeps at least one row of every class.
    while (nTest + nVal > n - 1 && nTest + nVal > 0) {
      if (nVal >= nTest && nVal > 0) nVal--
      else nTest--
    }
    for (let i = 0; i < n; i++) (i < nTest ? test : i < nTest + nVal ? val : train).push(g[i])
  }
  const out = { train: Int32Array.from(train), val: Int32Array.from(val), test: Int32Array.from(test) }
  rng.shuffle(out.train)
  rng.shuffle(out.val)
  rng.shuffle(out.test)
  return out
}
