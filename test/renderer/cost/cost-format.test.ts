import { describe, expect, it } from 'vitest'
import { formatCount, formatJoules, formatPercent, formatSeconds, formatSmall } from '../../../src/renderer/src/components/cost/cost-format'

describe('cost formats', () => {
  it('picks the time unit: µs, ms, s, min, h, days', () => {
    expect([4e-6, 0.0042, 12.5, 150, 9000, 400_000].map(formatSeconds)).toEqual(['4 µs', '4.20 ms', '12.5 s', '2.50 min', '2.50 h', '4.63 days'])
  })

  it('writes energy with a prefix and counts with SI letters', () => {
    expect([0.12, 3.5, 3900, 5.4e6].map(formatJoules)).toEqual(['120 mJ', '3.50 J', '3.90 kJ', '5.40 MJ'])
    expect([999, 101_770, 2.47e11].map(formatCount)).toEqual(['999', '102k', '247G'])
  })

  it('keeps three digits of small and large numbers', () => {
    expect([0, 1.08e-3, 2.1e-7, 48_750, 0.5].map(formatSmall)).toEqual(['0', '0.00108', '2.10e-7', '48,750', '0.500'])
  })

  it('signs percentages with a real minus', () => {
    expect([12.34, -4, null].map(formatPercent)).toEqual(['+12.3 %', '−4.0 %', '–'])
  })
})
