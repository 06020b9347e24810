/** The bar chart of time per layer: the layer model beside the calibrated FLOP model (+ its overhead). */
import type { EChartsCoreOption } from '../../echarts'
import type { EstimateReply } from '../../../../shared/dto'
import { formatSeconds } from './cost-format'

export const LAYER_MODEL_COLOUR = '#8a94a8'
export const FLOP_MODEL_COLOUR = '#3b6fd8'

export function layerChartOption(estimate: EstimateReply | null): EChartsCoreOption {
  const layers = estimate?.cost.layers ?? []
  const categories = layers.map((l) => `${l.index}: ${l.fanIn}→${l.units}`)
  const flop = estimate?.flopModel?.time ?? null
  if (flop) categories.push('overhead')
  const layerData = layers.map((_, i) => estimate!.layerModel.time.layers[i]!)
  const series: object[] = [{ name: 'layer model', type: 'bar', color: LAYER_MODEL_COLOUR, data: flop ? [...layerData, 0] : layerData }]
  if (flop) series.push({ name: 'FLOP model (calibrated)', type: 'bar', color: FLOP_MODEL_COLOUR, data: [...flop.layers, flop.overhead] })
  return {
    animation: false,
    grid: { left: 64, right: 12, top: 30, bottom: 38 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => formatSeconds(Number(v)),
    },
    xAxis: { type: 'category', data: categories, axisLabel: { fontSize: 10, interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', name: 'time of the run', nameTextStyle: { fontSize: 10, align: 'left' }, axisLabel: { fontSize: 10, formatter: (v: number) => formatSeconds(v) } },
    series,
  }
}
