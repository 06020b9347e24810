import { describe, expect, it } from 'vitest'
import { densityOf } from '../../../src/main/estimator/density'

// 3 rows × 4 inputs: 1, 2 and 0 nonzeros → 3 of 12 = 0.25 overall, rows 0.25, 0.5, 0
const x = new Float32Array([0, 1, 0, 0, 0.5, -2, 0, 0, 0, 0, 0, 0])

describe('densityOf', () => {
  it('measures the fraction of nonzero inputs over all rows: 3 of 12 = 0.25', () => {
    expect(densityOf({ rows: 3, inputs: 4, x }).inputDensity).toBe(0.25)
  })

  it('lists each row’s density when the set is small', () => {
    expect(densityOf({ rows: 3, inputs: 4, x }).rowDensities).toEqual([0.25, 0.5, 0])
  })

  it('samples evenly spaced rows beyond maxRows: rows 0 and ⌊1·3/2⌋ = 1 of 3', () => {
    expect(densityOf({ rows: 3, inputs: 4, x }, 2).rowDensities).toEqual([0.25, 0.5])
  })

  it('counts an empty set as dense', () => {
    expect(densityOf({ rows: 0, inputs: 4, x: new Float32Array(0) })).toEqual({ inputDensity: 1, rowDensities: [] })
  })
})
