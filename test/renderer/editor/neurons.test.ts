import { describe, expect, it } from 'vitest'
import { matches, neuronGeometry } from '../../../src/renderer/src/composables/use-neurons'
import type { NetworkSpec, WeightSnapshotDto } from '../../../src/shared/dto'

const spec: NetworkSpec = { inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'mse' }
const weights: WeightSnapshotDto = { layers: [{ units: 1, fanIn: 2, w: [0.5, -2], b: [0] }] }

describe('neurons view geometry', () => {
  it('draws every unit and every weight', () => {
    const g = neuronGeometry({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'cce' }, null)
    expect(g.units).toHaveLength(9)
    expect(g.links).toHaveLength(3 * 4 + 4 * 2)
  })

  it('colours a weight by its sign', () => {
    const [a, b] = neuronGeometry(spec, weights).links
    expect([a!.color, b!.color]).toEqual(['#3b6fd8', '#d64535'])
  })

  it('makes the largest |w| the thickest line', () => {
    const [a, b] = neuronGeometry(spec, weights).links
    expect(b!.width).toBe(5)
    expect(a!.width).toBeCloseTo(0.4 + 4.6 * 0.25)
  })

  it('ignores weights of a network of another shape', () => {
    expect(matches({ ...spec, inputs: 3 }, weights)).toBe(false)
    expect(neuronGeometry({ ...spec, inputs: 3 }, weights).links.every((l) => l.w === null)).toBe(true)
  })
})
