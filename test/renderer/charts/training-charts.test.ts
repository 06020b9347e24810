import { describe, expect, it } from 'vitest'
import { gradientChartOption, learningRateOption, metricChartOption, MAX_DRAWN_POINTS, PLOT_COLUMNS } from '../../../src/renderer/src/composables/use-training-charts'
import { defaultControls } from '../../../src/renderer/src/composables/use-chart-controls'
import type { EpochStats } from '../../../src/shared/dto'

interface Series { name: string; type: string; data: [number, number][] }
const seriesOf = (option: object) => (option as { series: Series[] }).series
const named = (option: object, name: string) => seriesOf(option).find((s) => s.name === name)

const epoch = (n: number, loss: number, grads: number[] = [1e-4, 1e-2]): EpochStats => ({
  epoch: n, trainLoss: loss, trainAccuracy: 0.5, valLoss: loss + 0.1, valAccuracy: 0.4, seconds: 0.1, samplesPerSecond: 100, gradMeanAbs: grads, learningRate: 0.1,
})
const epochs = [epoch(1, 1), epoch(2, 0.5), epoch(3, 0)]
const input = (changes: Partial<ReturnType<typeof defaultControls>> = {}, batchY: number[] = []) => ({
  metric: 'loss' as const, epochs, batchX: batchY.map((_, i) => i / 10), batchY, past: [], controls: { ...defaultControls(), ...changes },
})

describe('metricChartOption', () => {
  it('draws training and validation loss per epoch', () => {
    const option = metricChartOption(input())
    expect(named(option, 'training')!.data).toEqual([[1, 1], [2, 0.5], [3, 0]])
    expect(named(option, 'validation')!.data).toEqual([[1, 1.1], [2, 0.6], [3, 0.1]])
  })

  it('uses a log y axis and drops values a log axis cannot draw', () => {
    const option = metricChartOption(input({ logScale: true }))
    expect((option as { yAxis: { type: string } }).yAxis.type).toBe('log')
    expect(named(option, 'training')!.data).toEqual([[1, 1], [2, 0.5]])
  })

  it('draws per-batch points raw and smoothed, the smoothed one with the EMA weight', () => {
    const option = metricChartOption(input({ resolution: 'batch', smoothing: 0.6 }, [1, 0]))
    expect(named(option, 'training (per batch)')!.data).toEqual([[0, 1], [0.1, 0]])
    expect(named(option, 'training (smoothed)')!.data[1]![1]).toBeCloseTo(0.375, 12)
  })

  it('draws one smoothed point and at most two raw points (the min and the max) per pixel column of a 100,000-batch run', () => {
    const ys = Array.from({ length: 100_000 }, (_, i) => 1 / (1 + i))
    const option = metricChartOption(input({ resolution: 'batch' }, ys))
    expect(named(option, 'training (smoothed)')!.data).toHaveLength(PLOT_COLUMNS)
    expect(named(option, 'training (per batch)')!.data.length).toBeLessThanOrEqual(2 * PLOT_COLUMNS)
  })

  it('keeps a one-batch spike of a 100,000-batch run in the raw curve', () => {
    const ys = Array.from({ length: 100_000 }, (_, i) => (i === 61_234 ? 9 : 1))
    const option = metricChartOption(input({ resolution: 'batch' }, ys))
    expect(named(option, 'training (per batch)')!.data).toContainEqual([6123.4, 9])
  })

  it('leaves the downsampling to this module, not to ECharts on every frame', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => 1 / (1 + i))
    const option = metricChartOption(input({ resolution: 'batch' }, ys))
    expect(seriesOf(option).filter((s) => 'sampling' in s)).toEqual([])
  })

  it('overlays earlier runs only while comparison is on', () => {
    const past = [{ label: 'run 1', epochs: [epoch(1, 2)] }]
    expect(named(metricChartOption({ ...input(), past }), 'run 1')!.data).toEqual([[1, 2]])
    expect(named(metricChartOption({ ...input({ compare: false }), past }), 'run 1')).toBeUndefined()
  })

  it('plots accuracy from the accuracy fields', () => {
    const option = metricChartOption({ ...input(), metric: 'accuracy' })
    expect(named(option, 'training')!.data[0]).toEqual([1, 0.5])
  })
})

describe('gradientChartOption', () => {
  it('draws one series per weight layer of mean |∂C/∂W| on a log axis', () => {
    const option = gradientChartOption([epoch(1, 1, [1e-5, 1e-3, 1e-1]), epoch(2, 1, [2e-5, 2e-3, 2e-1])])
    expect(seriesOf(option).map((s) => s.name)).toEqual(['layer 1', 'layer 2', 'layer 3'])
    expect(named(option, 'layer 1')!.data).toEqual([[1, 1e-5], [2, 2e-5]])
    expect((option as { yAxis: { type: string } }).yAxis.type).toBe('log')
  })

  it('labels the log axis by powers of ten the same way above and below 0.001', () => {
    const option = gradientChartOption([epoch(1, 1, [1e-5, 1e-1])]) as { yAxis: { axisLabel: { formatter: (v: number) => string } } }
    const label = option.yAxis.axisLabel.formatter
    expect([0.1, 0.01, 0.001, 1e-4, 1e-5, 2.5e-6].map(label)).toEqual(['0.1', '0.01', '0.001', '1e-4', '1e-5', '2.5e-6'])
  })
})

describe('learningRateOption', () => {
  it('draws the learning rate in force per epoch', () => {
    expect(seriesOf(learningRateOption(epochs))[0]!.data).toEqual([[1, 0.1], [2, 0.1], [3, 0.1]])
  })
})

describe('long runs', () => {
  const many = Array.from({ length: 50_000 }, (_, i) => epoch(i + 1, 1 / (i + 1), [1e-6 * (i + 1), 1e-2]))

  it('draws at most two points per pixel column per epoch series of a 50,000-epoch run', () => {
    expect(named(metricChartOption({ ...input(), epochs: many }), 'training')!.data.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS)
  })

  it('draws at most two gradient points per pixel column and layer, keeping the first and last epoch', () => {
    const data = named(gradientChartOption(many), 'layer 1')!.data
    expect(data.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS)
    expect(data[0]![0]).toBe(1)
    expect(data.at(-1)![0]).toBe(50_000)
  })
})
