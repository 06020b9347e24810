import { describe, expect, it } from 'vitest'
import { sameExceptData, seriesDataOf, seriesKeyOf } from '../../../src/renderer/src/composables/use-chart-updates'
import { gradientChartOption, learningRateOption, metricChartOption } from '../../../src/renderer/src/composables/use-training-charts'
import { defaultControls } from '../../../src/renderer/src/composables/use-chart-controls'
import type { EpochStats } from '../../../src/shared/dto'

const epoch = (n: number): EpochStats => ({
  epoch: n, trainLoss: 1 / n, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, seconds: 0.1, samplesPerSecond: 100, gradMeanAbs: [1e-3, 1e-2], learningRate: 0.1,
})
const run = (n: number) => Array.from({ length: n }, (_, i) => epoch(i + 1))
const lossOption = (n: number, logScale = false) =>
  metricChartOption({ metric: 'loss', epochs: run(n), batchX: [], batchY: [], past: [], controls: { ...defaultControls(), logScale } })

describe('sameExceptData', () => {
  it('holds for two options that differ only in series data', () => {
    const tick = () => 't'
    const a = { xAxis: { axisLabel: { formatter: tick } }, series: [{ name: 'a', type: 'line', data: [1] }] }
    const b = { xAxis: { axisLabel: { formatter: tick } }, series: [{ name: 'a', type: 'line', data: [1, 2] }] }
    expect(sameExceptData(a, b)).toBe(true)
  })

  it('fails for a new function, which may draw differently', () => {
    const a = { series: [{ name: 'a', type: 'custom', renderItem: () => 1, data: [1] }] }
    const b = { series: [{ name: 'a', type: 'custom', renderItem: () => 2, data: [1] }] }
    expect(sameExceptData(a, b)).toBe(false)
  })

  it('fails for another axis type', () => {
    expect(sameExceptData({ yAxis: { type: 'value' } }, { yAxis: { type: 'log' } })).toBe(false)
  })

  it('fails for one more series', () => {
    expect(sameExceptData({ series: [{ name: 'a' }] }, { series: [{ name: 'a' }, { name: 'b' }] })).toBe(false)
  })
})

describe('streaming training charts', () => {
  it('lets the loss chart of a growing run update its data only', () => {
    expect(sameExceptData(lossOption(3), lossOption(4))).toBe(true)
  })

  it('redraws the loss chart whole when its axis turns logarithmic', () => {
    expect(sameExceptData(lossOption(3), lossOption(3, true))).toBe(false)
  })

  it('lets the gradient and learning-rate charts of a growing run update their data only', () => {
    expect(sameExceptData(gradientChartOption(run(3)), gradientChartOption(run(4)))).toBe(true)
    expect(sameExceptData(learningRateOption(run(3)), learningRateOption(run(4)))).toBe(true)
  })
})

describe('seriesKeyOf and seriesDataOf', () => {
  it('name the series by type and name, and list their data in order', () => {
    const option = { series: [{ name: 'a', type: 'line', data: [1] }, { name: 'b', type: 'bar', data: [2] }] }
    expect(seriesKeyOf(option)).toBe('line:a|bar:b')
    expect(seriesDataOf(option)).toEqual([{ data: [1] }, { data: [2] }])
  })
})
