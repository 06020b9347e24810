/**
 * ECharts option of the decision boundary (SPEC §7): the network's class per grid cell as a heat map
 * (class colour, paler where the network is unsure) with the data points on top; training points
 * filled circles, test points hollow diamonds, both in the colour of their actual class.
 */
import type { EChartsCoreOption } from '../echarts'
import type { BoundaryPointsDto, DecisionBoundaryDto } from '../../../shared/dto'

/** Per-class colours, shared with the confusion matrix and the legends. */
export const CLASS_COLOURS = ['#3b6fd8', '#e07b39', '#2e9e5b', '#c43c5c', '#8a5cd1', '#b8912f', '#2aa5b5', '#7a8699', '#d35fb7', '#5b7f2e']

export const classColour = (k: number): string => CLASS_COLOURS[k % CLASS_COLOURS.length]!

/** Confidence levels are drawn in this many steps (so a 64×64 grid reuses a few colour strings). */
const LEVELS = 16

/**
 * Cell colour: the class colour with opacity rising from 0.08 (a coin flip between `classes`) to 0.6
 * (certain), so the boundary itself shows as a pale band.
 */
export function cellColour(cls: number, confidence: number, classes: number): string {
  const chance = 1 / Math.max(2, classes)
  const certainty = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)))
  const level = Math.round(certainty * LEVELS) / LEVELS
  const hex = classColour(cls)
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  return `rgba(${r},${g},${b},${(0.08 + 0.52 * level).toFixed(3)})`
}

export interface BoundaryCell {
  value: [number, number, number]
  itemStyle: { color: string; borderColor: string; borderWidth: number }
}

/** Heat map cells as ECharts data items `[i, j, confidence]` with their own colour. */
export function boundaryCells(boundary: DecisionBoundaryDto, classes: number): BoundaryCell[] {
  const { size, predicted, confidence } = boundary
  const cells = new Array<BoundaryCell>(size * size)
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const c = j * size + i
      const color = cellColour(predicted[c]!, confidence[c]!, classes)
      // A border in the cell's own colour hides the anti-aliasing seams between neighbouring cells.
      cells[c] = { value: [i, j, confidence[c]!], itemStyle: { color, borderColor: color, borderWidth: 0.6 } }
    }
  }
  return cells
}

/** The whole chart: a category grid for the heat map and value axes in data units for the points, on one plot area. */
export function boundaryOption(boundary: DecisionBoundaryDto, points: BoundaryPointsDto | null, labels: string[]): EChartsCoreOption {
  const classes = Math.max(2, labels.length, ...boundary.predicted.map((c) => c + 1))
  const name = (k: number) => labels[k] ?? `class ${k}`
  const indices = Array.from({ length: boundary.size }, (_, i) => i)
  const pointNames = (which: 'train' | 'test') => (points?.[which].length ? Array.from({ length: classes }, (_, k) => `${which} · ${name(k)}`) : [])
  const valueAxis = (range: [number, number], title: string, position: 'bottom' | 'left') => ({
    type: 'value', position, min: range[0], max: range[1], name: title, nameLocation: 'middle', nameGap: position === 'left' ? 34 : 22,
    axisLabel: { formatter: (v: number) => String(Number(v.toPrecision(2))), showMinLabel: false, showMaxLabel: false },
    splitLine: { show: false },
  })
  const pointSeries = (which: 'train' | 'test') =>
    Array.from({ length: classes }, (_, k) => ({
      name: `${which} · ${name(k)}`,
      type: 'scatter',
      xAxisIndex: 1,
      yAxisIndex: 1,
      symbol: which === 'train' ? 'circle' : 'diamond',
      symbolSize: which === 'train' ? 5 : 7,
      itemStyle: which === 'train' ? { color: classColour(k), borderColor: '#fff', borderWidth: 0.5 } : { color: '#fff', borderColor: classColour(k), borderWidth: 1.5 },
      data: (points?.[which] ?? []).filter((p) => p[2] === k).map((p) => [p[0], p[1]]),
      z: which === 'train' ? 3 : 4,
    }))
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 28, bottom: 36 },
    legend: { top: 2, type: 'scroll', textStyle: { fontSize: 11 }, data: [...pointNames('train'), ...pointNames('test')] },
    tooltip: { trigger: 'item', formatter: (p: { seriesType: string; seriesName: string; value: number[] }) =>
      p.seriesType === 'heatmap' ? `network: ${(p.value[2]! * 100).toFixed(0)}% sure` : `${p.seriesName}: (${p.value[0]!.toPrecision(3)}, ${p.value[1]!.toPrecision(3)})` },
    xAxis: [
      { type: 'category', data: indices, show: false, boundaryGap: true },
      valueAxis(boundary.x, boundary.names[0], 'bottom'),
    ],
    yAxis: [
      { type: 'category', data: indices, show: false, boundaryGap: true },
      valueAxis(boundary.y, boundary.names[1], 'left'),
    ],
    series: [
      { name: 'decision', type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: boundaryCells(boundary, classes), progressive: 0, emphasis: { disabled: true } },
      ...pointSeries('train'),
      ...pointSeries('test'),
    ],
  }
}
