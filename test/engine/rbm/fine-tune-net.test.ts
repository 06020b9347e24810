import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { FineTuneNet, randomDense, type FineActivation, type FineLoss } from '../../../src/engine/rbm/fine-tune-net'

const k = naiveKernels

function net(out: FineActivation, loss: FineLoss, seed: number): FineTuneNet {
  const rng = new Rng(seed)
  const layers = [randomDense(k, 3, 4, 'sigmoid', rng, 1), randomDense(k, 4, 2, 'sigmoid', rng, 1), randomDense(k, 2, 3, out, rng, 1)]
  for (const l of layers) l.b.forEach((_, i) => (l.b[i] = 0.5 * rng.normal()))
  return new FineTuneNet(k, layers, loss)
}

const x = Float32Array.from([0.2, 0.9, 0.1, 0.7, 0.3, 0.5])
const targets: Record<FineLoss, Float32Array> = {
  bce: Float32Array.from([1, 0, 1, 0, 0, 1]),
  mse: Float32Array.from([0.3, -1, 2, 0.5, 0.1, 0.9]),
  cce: Float32Array.from([0, 1, 0, 1, 0, 0]),
}

/** One parameter replaced by a float64 value (a float32 array cannot hold keep ± 1e-6 exactly). */
interface Override {
  array: Float32Array
  index: number
  value: number
}

/** The batch loss in float64, written independently of the engine: A_l = f(A_{l−1}·W_l + b_l), W_l `[in×out]`. */
function referenceLoss(n: FineTuneNet, t: Float32Array, o: Override): number {
  const read = (a: Float32Array, i: number): number => (a === o.array && i === o.index ? o.value : a[i])
  let a: number[][] = [Array.from(x.subarray(0, 3)), Array.from(x.subarray(3, 6))]
  for (const L of n.layers) {
    a = a.map((row) => {
      const z = Array.from({ length: L.outputs }, (_, j) => read(L.b, j) + row.reduce((s, v, i) => s + v * read(L.W, i * L.outputs + j), 0))
      if (L.activation === 'sigmoid') return z.map((v) => 1 / (1 + Math.exp(-v)))
      if (L.activation === 'identity') return z
      const m = Math.max(...z)
      const e = z.map((v) => Math.exp(v - m))
      const sum = e.reduce((p, q) => p + q, 0)
      return e.map((v) => v / sum)
    })
  }
  let loss = 0
  a.forEach((row, r) =>
    row.forEach((y, j) => {
      const tj = t[r * row.length + j]
      if (n.loss === 'bce') loss -= tj * Math.log(y) + (1 - tj) * Math.log(1 - y)
      else if (n.loss === 'mse') loss += (y - tj) ** 2
      else loss -= tj * Math.log(y)
    }),
  )
  return loss / a.length
}

/** Largest relative error |a − n| / max(|a| + |n|, 1e-6) between backprop and float64 central differences. */
function worstRelativeError(n: FineTuneNet, t: Float32Array, corrupt = 1): number {
  n.forward(x, 2)
  n.backward(x, t, 2)
  let worst = 0
  const h = 1e-6
  for (const L of n.layers) {
    for (const [p, g] of [
      [L.W, L.dW],
      [L.b, L.db],
    ] as const) {
      for (let i = 0; i < p.length; i++) {
        const numeric = (referenceLoss(n, t, { array: p, index: i, value: p[i] + h }) - referenceLoss(n, t, { array: p, index: i, value: p[i] - h })) / (2 * h)
        const analytic = g[i] * corrupt
        worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-6))
      }
    }
  }
  return worst
}

describe('FineTuneNet backward against float64 central differences of a reference forward pass', () => {
  const cases: [FineActivation, FineLoss][] = [
    ['sigmoid', 'bce'],
    ['identity', 'mse'],
    ['sigmoid', 'mse'],
    ['softmax', 'cce'],
  ]
  for (const [out, loss] of cases) {
    it(`∂loss/∂W and ∂loss/∂b match for ${out} output with ${loss}`, () => {
      expect(worstRelativeError(net(out, loss, 1), targets[loss])).toBeLessThan(1e-4)
    })
  }

  it('the check fails for a deliberately wrong gradient (10% too large)', () => {
    expect(worstRelativeError(net('sigmoid', 'bce', 2), targets.bce, 1.1)).toBeGreaterThan(0.02)
  })

  it('refuses a loss that does not fit the output layer', () => {
    const rng = new Rng(3)
    expect(() => new FineTuneNet(k, [randomDense(k, 2, 2, 'identity', rng)], 'bce')).toThrow(/sigmoid output/)
    expect(() => new FineTuneNet(k, [randomDense(k, 2, 2, 'sigmoid', rng)], 'cce')).toThrow(/softmax output/)
  })
})
