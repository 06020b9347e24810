import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { joulesBetween, readRapl } from '../../../src/main/estimator/power'

function fakePowercap(zones: Record<string, [number, number]>): string {
  const root = mkdtempSync(join(tmpdir(), 'powercap-'))
  for (const [name, [uj, max]] of Object.entries(zones)) {
    mkdirSync(join(root, name))
    writeFileSync(join(root, name, 'energy_uj'), `${uj}\n`)
    writeFileSync(join(root, name, 'max_energy_range_uj'), `${max}\n`)
  }
  return root
}

describe('readRapl', () => {
  it('reads the package zones and ignores sub-zones and other control types', () => {
    const root = fakePowercap({ 'intel-rapl:0': [1000, 5000], 'intel-rapl:0:0': [10, 5000], 'intel-rapl:1': [7, 5000], 'dtpm': [1, 1] })
    const r = readRapl(root, () => 42)
    expect(r).toEqual({
      at: 42,
      zones: [
        { name: 'intel-rapl:0', microjoules: 1000, maxRangeMicrojoules: 5000 },
        { name: 'intel-rapl:1', microjoules: 7, maxRangeMicrojoules: 5000 },
      ],
    })
  })

  it('answers null where there is no powercap directory', () => {
    expect(readRapl('/nonexistent/powercap')).toBeNull()
  })

  it('answers null when a counter cannot be read', () => {
    const root = fakePowercap({ 'intel-rapl:0': [1, 2] })
    writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), 'permission denied?')
    expect(readRapl(root)).toBeNull()
  })
})

describe('joulesBetween', () => {
  it('sums the packages: (3,000,000 − 1,000,000) + (500,000 − 0) µJ = 2.5 J', () => {
    const a = { at: 0, zones: [{ name: 'p0', microjoules: 1_000_000, maxRangeMicrojoules: 1e9 }, { name: 'p1', microjoules: 0, maxRangeMicrojoules: 1e9 }] }
    const b = { at: 1, zones: [{ name: 'p0', microjoules: 3_000_000, maxRangeMicrojoules: 1e9 }, { name: 'p1', microjoules: 500_000, maxRangeMicrojoules: 1e9 }] }
    expect(joulesBetween(a, b)).toBe(2.5)
  })

  it('allows the counter to wrap once: 900 → 100 with a range of 1000 µJ is 200 µJ', () => {
    const a = { at: 0, zones: [{ name: 'p0', microjoules: 900, maxRangeMicrojoules: 1000 }] }
    const b = { at: 1, zones: [{ name: 'p0', microjoules: 100, maxRangeMicrojoules: 1000 }] }
    expect(joulesBetween(a, b)).toBeCloseTo(200e-6, 15)
  })
})
