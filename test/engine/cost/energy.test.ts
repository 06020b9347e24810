import { describe, expect, it } from 'vitest'
import { DEFAULT_CARBON_INTENSITY, energyOf, equivalents, HARDWARE_PRESETS, joulesToKwh, kwhToJoules } from '../../../src/engine/cost'

describe('energy units', () => {
  it('converts 3.6 MJ to 1 kWh and back', () => {
    expect(joulesToKwh(3.6e6)).toBe(1)
    expect(kwhToJoules(0.5)).toBe(1.8e6)
  })

  it('computes E = P·t·PUE: 100 W for 1 h at PUE 1.5 is 540 kJ = 0.15 kWh', () => {
    const e = energyOf(3600, { watts: 100, pue: 1.5, carbonGramsPerKwh: 400 })
    expect(e.joules).toBe(540_000)
    expect(e.kWh).toBeCloseTo(0.15, 12)
    expect(e.co2Grams).toBeCloseTo(60, 10)
  })

  it('turns 0.48 kWh into 2 LED bulb days, 32 phone charges and, at 480 g/kWh, 0.9216 km by car', () => {
    const e = energyOf(0.48 * 3.6e6, { watts: 1, pue: 1, carbonGramsPerKwh: DEFAULT_CARBON_INTENSITY.value })
    const [bulb, phone, car] = equivalents(e)
    expect(bulb.value).toBeCloseTo(2, 10)
    expect(phone.value).toBeCloseTo(32, 10)
    expect(car.value).toBeCloseTo((0.48 * 480) / 250, 10)
    expect(car.assumption).toMatch(/250 g CO₂\/km/)
  })

  it('lists the five presets of the spec with their powers', () => {
    expect(HARDWARE_PRESETS.map((p) => p.watts)).toEqual([30, 95, 250, 400, 700])
    expect(HARDWARE_PRESETS[0].range).toEqual([15, 45])
    expect(HARDWARE_PRESETS[1].range).toEqual([65, 125])
  })
})
