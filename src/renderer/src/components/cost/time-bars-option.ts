/** The Cost tab's bar charts of time (per layer, per RBM): both models' bars on a log axis of seconds. */
import type { EChartsCoreOption } from '../../echarts'
import { formatSeconds } from './cost-format'

export const LAYER_MODEL_COLOUR = '#8a94a8'
export const FLOP_MODEL_COLOUR = '#3b6fd8'

/** A bar chart of seconds over `categories`, one bar series per model, on a log axis starting at `floor` seconds. */
export function timeBarsOption(categories: string[], series: object[], floor: number): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 64, right: 12, top: 30, bottom: 38 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (v === null || v === undefined ? '–' : formatSeconds(Number(v))),
    },
    xAxis: { type: 'category', data: categories, axisLabel: { fontSize: 10, interval: 0, hideOverlap: true } },
    yAxis: { type: 'log', min: floor, startValue: floor, axisLabel: { fontSize: 10, formatter: (v: number) => formatSeconds(v) } },
    series,
  }
}
