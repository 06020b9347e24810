/**
 * Built-in toy data sets (SPEC §2): the logic gates and seeded 2-D generators in the spirit of the
 * TensorFlow Playground. Every generator is a pure function of (seed, noise, count): the same options
 * give the same table. `noise` is the standard deviation of Gaussian jitter, in input units.
 */
import { Rng } from '../random'
import { DataError } from './errors'
import type { Table } from './table'

export interface ToyOptions {
  /** Seed of the generator (default 1). */
  seed?: number
  /** σ of the Gaussian noise (default 0.1; blobs add it to their spread of 0.2). */
  noise?: number
  /** Number of rows (default 400; ignored by the gates). */
  count?: number
  /** Number of blobs (default 3). */
  classes?: number
}

export type ToyName = 'and' | 'or' | 'nand' | 'xor' | 'circles' | 'moons' | 'spirals' | 'blobs' | 'line' | 'flu'

/** Names and one-line descriptions, in menu order. */
export const TOYS: readonly { name: ToyName; title: string; description: string }[] = [
  { name: 'and', title: 'AND', description: 'Logic gate: y = x1 ∧ x2 (4 rows).' },
  { name: 'or', title: 'OR', description: 'Logic gate: y = x1 ∨ x2 (4 rows).' },
  { name: 'nand', title: 'NAND', description: 'Logic gate: y = ¬(x1 ∧ x2) (4 rows).' },
  { name: 'xor', title: 'XOR', description: 'Logic gate: y = x1 ⊕ x2 (4 rows); not linearly separable.' },
  { name: 'circles', title: 'Circles', description: 'A disc (r ≤ 0.5, class 1) inside a ring (0.7 ≤ r ≤ 1, class 0).' },
  { name: 'moons', title: 'Two moons', description: 'Two interleaved half circles.' },
  { name: 'spirals', title: 'Two spirals', description: 'Two interleaved spirals of 1.75 turns.' },
  { name: 'blobs', title: 'Gaussian blobs', description: 'K Gaussian clusters (σ = 0.2 + noise) with centres on the unit circle.' },
  { name: 'line', title: 'Regression line', description: 'y = 0.8·x + 0.2 + noise, x uniform in [−1, 1].' },
  {
    name: 'flu',
    title: 'Flu risk',
    description:
      'x1 = time of year in [0, 1] (0 = 1 January), x2 = time spent with others in [0, 1]; ' +
      'flu = 1 when season·(0.25 + 0.75·x2) + noise > 0.35, where season = (1 + cos 2πx1)/2 peaks in midwinter.',
  },
]

/** Generates toy `name` as a table with numeric inputs `x1`, `x2` and target `y` (`label` for classes). */
export function generateToy(name: ToyName, options: ToyOptions = {}): Table {
  const seed = options.seed ?? 1
  const noise = options.noise ?? 0.1
  const count = options.count ?? 400
  if (!Number.isFinite(noise) || noise < 0) throw new DataError('bad-option', `noise must be ≥ 0 (got ${noise})`)
  if (!Number.isInteger(count) || count < 2 || count > 1_000_000) throw new DataError('bad-option', `count must be an integer from 2 to 1,000,000 (got ${count})`)
  const rng = new Rng(seed)
  switch (name) {
    case 'and':
      return gate(name, (a, b) => a & b)
    case 'or':
      return gate(name, (a, b) => a | b)
    case 'nand':
      return gate(name, (a, b) => 1 - (a & b))
    case 'xor':
      return gate(name, (a, b) => a ^ b)
    case 'circles':
      return points(name, count, (i) => {
        const inner = i % 2 === 1
        const r = inner ? 0.5 * Math.sqrt(rng.next()) : 0.7 + 0.3 * rng.next()
        const t = 2 * Math.PI * rng.next()
        return [r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), inner ? 1 : 0]
      })
    case 'moons':
      // scikit-learn make_moons: (cos t, sin t) and (1 − cos t, 0.5 − sin t), t ∈ [0, π].
      return points(name, count, (i) => {
        const upper = i % 2 === 0
        const t = Math.PI * rng.next()
        const x = upper ? Math.cos(t) : 1 - Math.cos(t)
        const y = upper ? Math.sin(t) : 0.5 - Math.sin(t)
        return [x + noise * rng.normal(), y + noise * rng.normal(), upper ? 0 : 1]
      })
    case 'spirals':
      // r = s, θ = 1.75·2π·s + kπ for s uniform in [0, 1] and arm k ∈ {0, 1}.
      return points(name, count, (i) => {
        const k = i % 2
        const s = rng.next()
        const t = 1.75 * 2 * Math.PI * s + k * Math.PI
        return [s * Math.sin(t) + noise * rng.normal(), s * Math.cos(t) + noise * rng.normal(), k]
      })
    case 'blobs': {
      const k = options.classes ?? 3
      if (!Number.isInteger(k) || k < 2 || k > 20) throw new DataError('bad-option', `blobs need 2 to 20 classes (got ${k})`)
      const spread = 0.2 + noise
      return points(name, count, (i) => {
        const c = i % k
        const a = (2 * Math.PI * c) / k
        return [Math.cos(a) + spread * rng.normal(), Math.sin(a) + spread * rng.normal(), c]
      })
    }
    case 'line':
      return regressionLine(count, noise, rng)
    case 'flu':
      return points(name, count, () => {
        const x1 = rng.next()
        const x2 = rng.next()
        const season = (1 + Math.cos(2 * Math.PI * x1)) / 2
        return [x1, x2, season * (0.25 + 0.75 * x2) + noise * rng.normal() > 0.35 ? 1 : 0]
      })
    default:
      throw new DataError('bad-option', `there is no toy data set "${String(name)}"`)
  }
}

/** The four rows of a two-input truth table. */
function gate(name: string, f: (a: number, b: number) => number): Table {
  const x1 = Float64Array.of(0, 0, 1, 1)
  const x2 = Float64Array.of(0, 1, 0, 1)
  const y = Float64Array.from({ length: 4 }, (_, i) => f(x1[i], x2[i]))
  return {
    name,
    rows: 4,
    columns: [
      { name: 'x1', type: 'numeric', values: x1 },
      { name: 'x2', type: 'numeric', values: x2 },
      { name: 'y', type: 'numeric', values: y },
    ],
  }
}

/** `count` rows of (x1, x2, class); classes alternate by row so every class gets ⌊count/K⌋ or one more. */
function points(name: string, count: number, draw: (i: number) => [number, number, number]): Table {
  const x1 = new Float64Array(count)
  const x2 = new Float64Array(count)
  const label = new Float64Array(count)
  for (let i = 0; i < count; i++) [x1[i], x2[i], label[i]] = draw(i)
  return {
    name,
    rows: count,
    columns: [
      { name: 'x1', type: 'numeric', values: x1 },
      { name: 'x2', type: 'numeric', values: x2 },
      { name: 'label', type: 'numeric', values: label },
    ],
  }
}

function regressionLine(count: number, noise: number, rng: Rng): Table {
  const x = new Float64Array(count)
  const y = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    x[i] = 2 * rng.next() - 1
    y[i] = 0.8 * x[i] + 0.2 + noise * rng.normal()
  }
  return {
    name: 'line',
    rows: count,
    columns: [
      { name: 'x', type: 'numeric', values: x },
      { name: 'y', type: 'numeric', values: y },
    ],
  }
}
