import { Rng, type Dataset } from '../../src/engine'

/** Two Gaussian blobs in 2-D, one-hot (2 outputs) or 0/1 (1 output) targets, seeded. */
export function blobs(rows: number, seed: number, outputs: 1 | 2 = 2, flip = false): Dataset {
  const rng = new Rng(seed)
  const x = new Float32Array(rows * 2)
  const y = new Float32Array(rows * outputs)
  const labels = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    const c = r % 2
    x[r * 2] = (c ? 1 : -1) + 0.7 * rng.normal()
    x[r * 2 + 1] = (c ? 1 : -1) + 0.7 * rng.normal()
    const label = flip ? 1 - c : c
    labels[r] = label
    if (outputs === 1) y[r] = label
    else y[r * 2 + label] = 1
  }
  return { rows, inputs: 2, outputs, x, y, labels }
}

/** y = 3x₁ − 2x₂ + 0.5 + noise, seeded. */
export function line(rows: number, seed: number, scale = 1): Dataset {
  const rng = new Rng(seed)
  const x = new Float32Array(rows * 2)
  const y = new Float32Array(rows)
  for (let r = 0; r < rows; r++) {
    x[r * 2] = scale * (rng.next() * 2 - 1)
    x[r * 2 + 1] = scale * (rng.next() * 2 - 1)
    y[r] = 3 * x[r * 2] - 2 * x[r * 2 + 1] + 0.5 + 0.1 * rng.normal()
  }
  return { rows, inputs: 2, outputs: 1, x, y }
}
