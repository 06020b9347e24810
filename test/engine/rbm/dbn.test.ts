import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { Dbn, DbnTrainer } from '../../../src/engine/rbm/dbn'
import { Rbm } from '../../../src/engine/rbm/rbm'
import { tinyBinaryData } from './helpers'

const k = naiveKernels
const sig = (x: number): number => 1 / (1 + Math.exp(-x))

/** σ(x·W + c) row by row, in float64, independent of the engine code. */
function probsByFormula(rbm: Rbm, x: ArrayLike<number>, rows: number): number[] {
  const out: number[] = []
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < rbm.nHidden; j++) {
      let a = rbm.c[j]
      for (let i = 0; i < rbm.nVisible; i++) a += x[r * rbm.nVisible + i] * rbm.W[i * rbm.nHidden + j]
      out.push(sig(a))
    }
  }
  return out
}

describe('greedy stacking', () => {
  it("layer k+1 is trained on layer k's hidden probabilities", () => {
    const d = tinyBinaryData()
    const t = new DbnTrainer(k, { rows: d.rows, cols: d.cols, data: d.x }, { layers: [4, 3], rbm: { epochs: 2, batchSize: 6 } }, new Rng(1))
    expect(t.currentInput.data).toBe(d.x)
    let r = t.step()
    while (!r.layerEnd) r = t.step()
    expect(r.layer).toBe(1)
    expect(t.layer).toBe(2)
    const expected = probsByFormula(t.trained[0], d.x, d.rows)
    const got = Array.from(t.currentInput.data)
    expect(t.currentInput.cols).toBe(4)
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 5))
    // probabilities, not samples
    expect(got.some((g) => g > 0.01 && g < 0.99)).toBe(true)
    const dbn = t.run()
    expect(dbn.sizes).toEqual([6, 4, 3])
  })

  it('reports every epoch of every layer, then done', () => {
    const d = tinyBinaryData()
    const t = new DbnTrainer(k, { rows: d.rows, cols: d.cols, data: d.x }, { layers: [4, 2], rbm: { epochs: 3, batchSize: 8 }, overrides: [{ epochs: 2 }] }, new Rng(2), { rows: 4, cols: 6, data: d.x.slice(0, 24) })
    const seen: string[] = []
    t.run((layer, s) => seen.push(`${layer}:${s.epoch}`))
    expect(seen).toEqual(['1:1', '1:2', '2:1', '2:2', '2:3'])
    expect(t.done).toBe(true)
    expect(t.step().stopReason).toEqual({ kind: 'epochs' })
  })

  it('stop() during layer 1 ends the whole run', () => {
    const d = tinyBinaryData()
    const t = new DbnTrainer(k, { rows: d.rows, cols: d.cols, data: d.x }, { layers: [4, 2], rbm: { epochs: 3, batchSize: 8 } }, new Rng(3))
    t.step()
    t.stop()
    const r = t.step()
    expect(r.done).toBe(true)
    expect(r.stopReason).toEqual({ kind: 'stopped' })
    expect(t.trained).toHaveLength(1)
  })

  it('up/down passes are the mean-field conditionals layer by layer', () => {
    const rng = new Rng(4)
    const a = Rbm.random(k, { nVisible: 5, nHidden: 3, visible: 'bernoulli' }, rng, 1)
    const b = Rbm.random(k, { nVisible: 3, nHidden: 2, visible: 'bernoulli' }, rng, 1)
    const dbn = new Dbn([a, b])
    const x = Float32Array.from([1, 0, 1, 0, 1])
    const h1 = probsByFormula(a, x, 1)
    const h2 = probsByFormula(b, h1, 1)
    Array.from(dbn.up(x, 1)).forEach((v, i) => expect(v).toBeCloseTo(h2[i], 5))
    expect(() => new Dbn([a, a])).toThrow(/3 hidden units/)
  })
})
