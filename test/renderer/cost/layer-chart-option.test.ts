import { describe, expect, it } from 'vitest'
import { layerChartOption } from '../../../src/renderer/src/components/cost/layer-chart-option'
import { reply } from './fixtures'

type Bar = { name: string; data: (number | null)[] }
const seriesOf = (o: ReturnType<typeof layerChartOption>) => (o as { series: Bar[] }).series
const yAxisOf = (o: ReturnType<typeof layerChartOption>) => (o as { yAxis: { min: number; startValue: number } }).yAxis

describe('layerChartOption', () => {
  it('draws one bar per layer for the layer model alone before calibration', () => {
    const series = seriesOf(layerChartOption(reply(120, null)))
    expect(series.map((s) => s.name)).toEqual(['layer model'])
    expect(series[0]!.data).toEqual([60, 60])
  })

  it('adds the FLOP model with its overhead as a last category', () => {
    const series = seriesOf(layerChartOption(reply(120, 10)))
    expect(series[1]!.data).toEqual([7, 2, 1])
    expect(series[0]!.data).toEqual([60, 60, null])
  })

  it('starts the log axis at the power of ten below the smallest bar', () => {
    // smallest bar: the FLOP model's overhead 0.1·0.05 = 0.005 s → 0.001
    const axis = yAxisOf(layerChartOption(reply(120, 0.05)))
    expect(axis.min).toBeCloseTo(0.001, 15)
    expect(axis.startValue).toBe(axis.min)
  })
})
