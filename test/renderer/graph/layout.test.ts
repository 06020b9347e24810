import { describe, expect, it } from 'vitest'
import { autoLayout } from '../../../src/renderer/src/graph/layout'
import { net342 } from './helpers'

describe('autoLayout', () => {
  it('puts the layers of a chain left to right in data-flow order, on one row', () => {
    const positions = autoLayout(net342())
    const [a, b, c] = ['n0', 'n1', 'n2'].map((id) => positions.get(id)!)
    expect(a!.x < b!.x && b!.x < c!.x).toBe(true)
    expect(new Set([a!.y, b!.y, c!.y]).size).toBe(1)
  })
})
