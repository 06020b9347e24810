/** The bar chart of time per layer: the layer model beside the calibrated FLOP model (+ its overhead). */
import type { EChartsCoreOption } from '../../echarts'
import { FLOP_MODEL_COLOUR, LAYER_MODEL_COLOUR, timeBarsOption } from './time-bars-option'
import type { EstimateReply } from '../../../../shared/dto'

export function layerChartOption(estimate: EstimateReply | null): EChartsCoreOption {
  const layers = estimate?.cost.layers ?? []
  const categories = layers.map((l) => `${l.index}: ${l.fanIn}→${l.units}`)
  const flop = estimate?.flopModel?.time ?? null
  if (flop) categories.push('overhead')
  const layerData = layers.map((_, i) => estimate!.layerModel.time.layers[i]!)
  // Log scale: the two models can differ by orders of magnitude; a missing bar is null, not 0.
  const series: object[] = [{ name: 'layer model', type: 'bar', color: LAYER_MODEL_COLOUR, data: flop ? [...layerData, null] : layerData }]
  if (flop) series.push({ name: 'FLOP model (calibrated)', type: 'bar', color: FLOP_MODEL_COLOUR, data: [...flop.layers, flop.overhead] })
  const values = [...layerData, ...(flop ? [...flop.layers, flop.overhead] : [])].filter((v) => v > 0)
  // Bars start at the power of ten below the smallest bar, so each grows up from the axis.
  const floor = values.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 1e-3
  return timeBarsOption(categories, series, floor)
}
