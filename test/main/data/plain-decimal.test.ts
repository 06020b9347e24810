import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { plainDecimal } from '../../../src/main/data/column-builder'

describe('plainDecimal', () => {
  it('reads plain decimals, with sign, leading or trailing point', () => {
    expect([plainDecimal('-12.0345'), plainDecimal('+7'), plainDecimal('1.'), plainDecimal('.5'), plainDecimal('007.50')]).toEqual([-12.0345, 7, 1, 0.5, 7.5])
  })

  it('keeps the sign of a negative zero, as +cell does', () => {
    expect(Object.is(plainDecimal('-0.0'), -0)).toBe(true)
  })

  it('answers NaN for anything else, so the caller falls back to +cell', () => {
    for (const cell of ['', '.', '-', '1e5', '0x10', ' 1', '1 ', '1.2.3', 'NaN', 'Infinity', '1234567890123456', '1,5']) {
      expect(plainDecimal(cell)).toBeNaN()
    }
  })

  it('is exactly +cell whenever it gives a number (10,000 random cells)', () => {
    const cell = fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e'), maxLength: 18 })
    fc.assert(
      fc.property(cell, (s) => {
        const v = plainDecimal(s)
        return Number.isNaN(v) || Object.is(v, +s)
      }),
      { numRuns: 10_000 },
    )
  })

  it('reads every double written with 0 to 15 decimals exactly as +cell does (10,000 random numbers)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 15 }), (d, k) => {
        const s = d.toFixed(k)
        const v = plainDecimal(s)
        return s.replace(/[-.]/g, '').length > 15 ? Number.isNaN(v) : Object.is(v, +s)
      }),
      { numRuns: 10_000 },
    )
  })
})
