/**
 * ECharts option of the decision boundary (SPEC §7): the network's class per grid cell as an image
 * (class colour, paler where the network is unsure) stretched over the data range, with the data
 * points on top; training points filled circles, test points hollow diamonds, in their actual class's colour.
 */
import type { EChartsCoreOption } from '../echarts'
import type { BoundaryPointsDto, DecisionBoundaryDto } from '../../../shared/dto'

/** Per-class colours, shared with the confusion matrix and the legends. */
export const CLASS_COLOURS = ['#3b6fd8', '#e07b39', '#2e9e5b', '#c43c5c', '#8a5cd1', '#b8912f', '#2aa5b5', '#7a8699', '#d35fb7', '#5b7f2e']

export const classColour = (k: number): string => CLASS_COLOURS[k % CLASS_COLOURS.length]!

/**
 * Opacity of a cell's class colour over white: from 0.08 (a coin flip between `classes`) to 0.6
 * (certain), so the boundary itself shows as a pale band.
 */
export function cellAlpha(confidence: number, classes: number): number {
  const chance = 1 / Math.max(2, classes)
  const certainty = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)))
  return 0.08 + 0.52 * certainty
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]

/**
 * The grid as opaque RGBA pixels `[size×size×4]`, top row first (image order, so the highest y comes
 * first): each cell is its class colour blended over white with `cellAlpha`.
 */
export function boundaryPixels(boundary: DecisionBoundaryDto, classes: number): Uint8ClampedArray<ArrayBuffer> {
  const { size, predicted, confidence } = boundary
  const pixels = new Uint8ClampedArray(size * size * 4)
  const colours = Array.from({ length: classes }, (_, k) => rgb(classColour(k)))
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const c = j * size + i
      const [r, g, b] = colours[predicted[c]!] ?? [128, 128, 128]
      const a = cellAlpha(confidence[c]!, classes)
      const p = ((size - 1 - j) * size + i) * 4
      pixels[p] = Math.round(255 - a * (255 - r))
      pixels[p + 1] = Math.round(255 - a * (255 - g))
      pixels[p + 2] = Math.round(255 - a * (255 - b))
      pixels[p + 3] = 255
    }
  }
  return pixels
}

/** The grid drawn on a `size×size` canvas (scaled smoothly by the chart); null where there is no 2-D canvas (tests). */
export function boundaryImage(boundary: DecisionBoundaryDto, classes: number): HTMLCanvasElement | null {
  const canvas = document.createElement('canvas')
  canvas.width = boundary.size
  canvas.height = boundary.size
  const ctx = canvas.getContext?.('2d')
  if (!ctx || typeof ImageData === 'undefined') return null
  ctx.putImageData(new ImageData(boundaryPixels(boundary, classes), boundary.size, boundary.size), 0, 0)
  return canvas
}

/** The whole chart: a category grid for the heat map and value axes in data units for the points, on one plot area. */
export function boundaryOption(boundary: DecisionBoundaryDto, points: BoundaryPointsDto | null, labels: string[]): EChartsCoreOption {
  const classes = Math.max(2, labels.length, ...boundary.predicted.map((c) => c + 1))
  const image = boundaryImage(boundary, classes)
  const name = (k: number) => labels[k] ?? `class ${k}`
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
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: number[] }) => `${p.seriesName}: (${p.value[0]!.toPrecision(3)}, ${p.value[1]!.toPrecision(3)})` },
    xAxis: valueAxis(boundary.x, boundary.names[0], 'bottom'),
    yAxis: valueAxis(boundary.y, boundary.names[1], 'left'),
    series: [
      {
        // One image of the whole grid, stretched over the plot area: far cheaper than 4,096 heat-map cells.
        name: 'decision',
        type: 'custom',
        silent: true,
        z: 1,
        data: [[boundary.x[0], boundary.y[1], boundary.x[1], boundary.y[0]]],
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
          const [x0, y0] = api.coord([api.value(0), api.value(1)])
          const [x1, y1] = api.coord([api.value(2), api.value(3)])
          return image ? { type: 'image', style: { image, x: x0, y: y0, width: x1! - x0!, height: y1! - y0! } } : { type: 'group', children: [] }
        },
      },
      ...pointSeries('train'),
      ...pointSeries('test'),
    ],
  }
}
