import { describe, expect, it } from 'vitest'
import { boundaryCells, boundaryOption, cellColour, classColour } from '../../../src/renderer/src/composables/use-boundary'
import type { DecisionBoundaryDto } from '../../../src/shared/dto'

const boundary: DecisionBoundaryDto = {
  size: 2, x: [-1, 1], y: [0, 4], names: ['x1', 'x2'], predicted: [0, 1, 1, 0], confidence: [1, 0.5, 0.75, 1], epoch: 7,
}

describe('decision boundary colours', () => {
  it('paints a certain cell in its class colour at the strongest opacity', () => {
    expect(cellColour(0, 1, 2)).toBe('rgba(59,111,216,0.600)')
  })

  it('paints a coin flip (confidence 1/K) at the palest opacity', () => {
    expect(cellColour(1, 0.5, 2)).toBe('rgba(224,123,57,0.080)')
  })

  it('gives each class its own colour', () => {
    expect(new Set([0, 1, 2, 3].map(classColour)).size).toBe(4)
  })
})

describe('boundaryCells', () => {
  it('places cell j·size + i at grid column i and row j', () => {
    const cells = boundaryCells(boundary, 2)
    expect(cells.map((c) => c.value.slice(0, 2))).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]])
    expect(cells[1]!.itemStyle.color).toBe(cellColour(1, 0.5, 2))
  })
})

describe('boundaryOption', () => {
  const points = { train: [[-0.5, 1, 0], [0.5, 3, 1]] as [number, number, number][], test: [[0, 2, 1]] as [number, number, number][], labels: ['no', 'yes'] }
  const option = boundaryOption(boundary, points, ['no', 'yes']) as { series: { name: string; type: string; data: unknown[]; symbol?: string }[]; xAxis: { min?: number; max?: number }[] }

  it('draws the heat map under the points', () => {
    expect(option.series[0]!.type).toBe('heatmap')
    expect(option.series[0]!.data).toHaveLength(4)
  })

  it('splits the points by split and actual class, test points as hollow diamonds', () => {
    expect(option.series.find((s) => s.name === 'train · yes')!.data).toEqual([[0.5, 3]])
    const test = option.series.find((s) => s.name === 'test · yes')!
    expect(test.data).toEqual([[0, 2]])
    expect(test.symbol).toBe('diamond')
  })

  it('spans the value axes over the grid range in data units', () => {
    expect([option.xAxis[1]!.min, option.xAxis[1]!.max]).toEqual([-1, 1])
  })
})
