/** The bar chart of time per RBM of a DBN run: the layer model beside the calibrated model (+ fine-tuning). */
import type { EChartsCoreOption } from '../../echarts'
import { FLOP_MODEL_COLOUR, LAYER_MODEL_COLOUR, timeBarsOption } from './time-bars-option'
import type { DbnEstimateReply } from '../../../../shared/dbn-estimate'

export function dbnChartOption(estimate: DbnEstimateReply | null): EChartsCoreOption {
  const rbms = estimate?.cost.rbms ?? []
  const layer = estimate?.layerModel.time
  const flop = estimate?.flopModel?.time ?? null
  const categories = rbms.map((r) => `RBM ${r.index}: ${r.visible}→${r.hidden}`)
  const layerData: (number | null)[] = rbms.map((_, i) => layer?.rbms[i] ?? null)
  // the calibrated bar of an RBM holds its epochs (updates + monitors) and the propagation to the next RBM
  const flopData: (number | null)[] = rbms.map((_, i) => (flop ? (flop.rbms[i] ?? 0) + (flop.propagate[i] ?? 0) : null))
  if (estimate?.cost.fineTune) {
    categories.push(`fine-tune ${estimate.cost.fineTune.kind}`)
    layerData.push(layer?.fineTune ?? null)
    flopData.push(flop ? flop.fineTune : null)
  }
  const series: object[] = [{ name: 'layer model', type: 'bar', color: LAYER_MODEL_COLOUR, data: layerData }]
  if (flop) series.push({ name: 'calibrated model', type: 'bar', color: FLOP_MODEL_COLOUR, data: flopData })
  const values = [...layerData, ...(flop ? flopData : [])].filter((v): v is number => v !== null && v > 0)
  // Log scale from a power of ten at least 2× below the smallest bar (so it shows): the models can differ by orders of magnitude.
  const floor = values.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...values) / 2)) : 1e-3
  return timeBarsOption(categories, series, floor)
}
