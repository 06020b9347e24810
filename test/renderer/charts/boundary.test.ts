import { describe, expect, it } from 'vitest'
import { boundaryOption, boundaryPixels, cellAlpha, classColour } from '../../../src/renderer/src/composables/use-boundary'
import type { DecisionBoundaryDto } from '../../../src/shared/dto'

// Cells are row-major from the lowest y: (i=0, j=0) is bottom left.
const boundary: DecisionBoundaryDto = {
  size: 2, x: [-1, 1], y: [0, 4], names: ['x1', 'x2'], predicted: [0, 1, 1, 0], confidence: [1, 0.5, 0.75, 1], epoch: 7,
}
const pixel = (pixels: Uint8ClampedArray, p: number) => Array.from(pixels.slice(p * 4, p * 4 + 4))

describe('decision boundary colours', () => {
  it('gives a certain cell the strongest opacity, 0.6', () => {
    expect(cellAlpha(1, 2)).toBeCloseTo(0.6, 12)
  })

  it('gives a coin flip (confidence 1/K) the palest opacity, 0.08', () => {
    expect(cellAlpha(0.5, 2)).toBeCloseTo(0.08, 12)
    expect(cellAlpha(0.25, 4)).toBeCloseTo(0.08, 12)
  })

  it('gives each class its own colour', () => {
    expect(new Set([0, 1, 2, 3].map(classColour)).size).toBe(4)
  })
})

describe('boundaryPixels', () => {
  const pixels = boundaryPixels(boundary, 2)

  it('puts the top grid row (highest y) first, as images do', () => {
    // Image pixel 0 = cell (0, 1): class 1 at confidence 0.75 → α = 0.08 + 0.52·0.5 = 0.34 over white.
    const [r, g, b] = [224, 123, 57].map((c) => Math.round(255 - 0.34 * (255 - c)))
    expect(pixel(pixels, 0)).toEqual([r, g, b, 255])
  })

  it('blends a certain class-0 cell at α = 0.6 over white', () => {
    // Image pixel 2 = cell (0, 0), class 0 (#3b6fd8), confidence 1.
    expect(pixel(pixels, 2)).toEqual([Math.round(255 - 0.6 * 196), Math.round(255 - 0.6 * 144), Math.round(255 - 0.6 * 39), 255])
  })
})

describe('boundaryOption', () => {
  const points = { train: [[-0.5, 1, 0], [0.5, 3, 1]] as [number, number, number][], test: [[0, 2, 1]] as [number, number, number][], labels: ['no', 'yes'] }
  const option = boundaryOption(boundary, points, ['no', 'yes']) as { series: { name: string; type: string; data: unknown[]; symbol?: string }[]; xAxis: { min?: number; max?: number } }

  it('draws the grid image under the points, spanning the grid range', () => {
    expect(option.series[0]!.type).toBe('custom')
    expect(option.series[0]!.data).toEqual([[-1, 4, 1, 0]])
  })

  it('splits the points by split and actual class, test points as hollow diamonds', () => {
    expect(option.series.find((s) => s.name === 'train · yes')!.data).toEqual([[0.5, 3]])
    const test = option.series.find((s) => s.name === 'test · yes')!
    expect(test.data).toEqual([[0, 2]])
    expect(test.symbol).toBe('diamond')
  })

  it('spans the value axes over the grid range in data units', () => {
    expect([option.xAxis.min, option.xAxis.max]).toEqual([-1, 1])
  })
})
