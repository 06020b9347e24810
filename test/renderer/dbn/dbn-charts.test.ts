import { describe, expect, it } from 'vitest'
import { monitorOption, overfitting, rocOption, scoreBins, binCentres } from '../../../src/renderer/src/components/dbn/use-dbn-charts'
import type { DbnPretrainEpochDto } from '../../../src/shared/dbn'

const epoch = (layer: number, e: number, train: number, val: number | null): DbnPretrainEpochDto => ({
  layer,
  epoch: e,
  reconstructionError: 0.1 / e,
  pseudoLogLikelihood: -100 + e,
  freeEnergyTrain: train,
  freeEnergyVal: val,
  seconds: 1,
  samplesPerSecond: 100,
  momentum: 0.5,
  learningRate: 0.05,
})

describe('overfitting', () => {
  it('flags a free-energy gap that grew from 1 to 30 on training energy −100', () => {
    expect(overfitting([epoch(1, 1, -100, -99), epoch(1, 2, -100, -90), epoch(1, 3, -100, -70)])).toBe(true)
  })

  it('does not flag a steady gap', () => {
    expect(overfitting([epoch(1, 1, -100, -99), epoch(1, 2, -100, -99), epoch(1, 3, -100, -99)])).toBe(false)
  })

  it('does not flag without validation rows', () => {
    expect(overfitting([epoch(1, 1, -100, null), epoch(1, 2, -100, null), epoch(1, 3, -100, null)])).toBe(false)
  })

  it('only compares epochs of the last layer', () => {
    expect(overfitting([epoch(1, 1, -100, -99), epoch(1, 2, -100, -60), epoch(2, 1, -10, -9.9), epoch(2, 2, -10, -9.9), epoch(2, 3, -10, -9.9)])).toBe(false)
  })
})

describe('monitorOption', () => {
  it('labels each point with its layer and epoch', () => {
    const option = monitorOption([epoch(1, 1, -100, -99), epoch(2, 1, -50, -49)]) as { xAxis: { data: string[] } }
    expect(option.xAxis.data).toEqual(['L1·1', 'L2·1'])
  })

  it('draws training and validation free energy on one chart with reconstruction error and PLL', () => {
    const option = monitorOption([epoch(1, 1, -100, -99)]) as { series: { name: string; data: unknown[] }[] }
    expect(option.series.map((s) => s.name)).toEqual(['reconstruction error', 'pseudo-log-likelihood', 'free energy (train)', 'free energy (validation)'])
    expect(option.series[3]!.data).toEqual([-99])
  })

  it('titles the chart as overfitting when the gap widens', () => {
    const option = monitorOption([epoch(1, 1, -100, -99), epoch(1, 2, -100, -90), epoch(1, 3, -100, -70)]) as { title?: { text: string } }
    expect(option.title?.text).toContain('overfitting')
  })
})

describe('score histogram and ROC', () => {
  it('counts scores per group in equal bins over their range', () => {
    // range [0, 4], 4 bins of width 1: 0 → bin 0, 1.5 → bin 1, 4 → last bin
    const h = scoreBins([0, 1.5, 4, 3.9], [0, 1, 1, 0], 4, 2)
    expect(h.counts).toEqual([[1, 0, 0, 1], [0, 1, 0, 1]])
    expect(h.thresholdBin).toBe(2)
    expect(h.edges).toEqual([0, 1, 2, 3, 4])
  })

  it('puts the bin centres of a histogram half a bin in', () => {
    expect(binCentres({ min: 0, max: 1, counts: [3, 4] })).toEqual([0.25, 0.75])
  })

  it('draws the ROC points, the diagonal, and the threshold point, with the AUC in the title', () => {
    const option = rocOption([0, 0.5, 1], [0, 1, 1], 0.75, { fpr: 0.5, tpr: 1 }) as { title: { text: string }; series: { data: unknown[] }[] }
    expect(option.title.text).toBe('ROC, AUC 0.750')
    expect(option.series[0]!.data).toEqual([[0, 0], [0.5, 1], [1, 1]])
    expect(option.series[2]!.data).toEqual([[0.5, 1]])
  })
})

describe('monitorOption across layers', () => {
  it('draws each layer as its own line segment, so layers are never joined', () => {
    const option = monitorOption([epoch(1, 1, -100, -99), epoch(2, 1, -50, -49)]) as { series: { name: string; data: unknown[] }[] }
    const recon = option.series.filter((s) => s.name === 'reconstruction error')
    expect(recon.map((s) => s.data)).toEqual([[0.1, null], [null, 0.1]])
  })
})
