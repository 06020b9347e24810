import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Dbn, Rbm } from '../../../src/engine/rbm'
import { histogram, layerHistograms } from '../../../src/main/dbn/histograms'

describe('histogram', () => {
  it('counts values in equal bins over their range, the maximum in the last bin', () => {
    expect(histogram([0, 0.1, 0.5, 0.9, 1], 2)).toEqual({ min: 0, max: 1, counts: [2, 3] })
  })

  it('puts equal values in one bin', () => {
    expect(histogram([2, 2, 2], 10)).toEqual({ min: 2, max: 2, counts: [3] })
  })
})

describe('layerHistograms', () => {
  it('histograms the weights and p(h|v) = σ(0) = ½ of a zero RBM over [0, 1]', () => {
    const rbm = new Rbm(naiveKernels, { nVisible: 3, nHidden: 2, visible: 'bernoulli' })
    const h = layerHistograms(new Dbn([rbm]), 1, { rows: 4, cols: 3, data: new Float32Array(12).fill(1) })
    expect(h.weights.counts).toEqual([6])
    expect(h.hidden.counts[10]).toBe(8) // 4 rows × 2 units, all at 0.5 → bin 10 of 20
  })
})
