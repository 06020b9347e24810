import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/engine/random'
import { addNoise, parseNoise } from '../../../src/engine/rbm/noise'

const x = new Float32Array(4000).fill(0.4)

describe('noise', () => {
  it('salt-and-pepper replaces a fraction `rate` of values by 0 or 1, seeded', () => {
    const y = addNoise({ kind: 'saltpepper', rate: 0.2 }, x, new Rng(1))
    const changed = y.filter((v) => v !== x[0]).length / x.length
    expect(changed).toBeGreaterThan(0.17)
    expect(changed).toBeLessThan(0.23)
    expect(y.every((v) => v === 0 || v === 1 || v === x[0])).toBe(true)
    expect(Array.from(addNoise({ kind: 'saltpepper', rate: 0.2 }, x, new Rng(1)))).toEqual(Array.from(y))
    expect(Array.from(addNoise({ kind: 'saltpepper', rate: 0 }, x, new Rng(1)))).toEqual(Array.from(x))
  })

  it('masking zeroes a fraction `rate`; Gaussian adds σ·N(0,1) and clips to [0,1]', () => {
    const m = addNoise({ kind: 'mask', rate: 0.25 }, x, new Rng(2))
    const zeroed = m.filter((v) => v === 0).length / x.length
    expect(zeroed).toBeGreaterThan(0.22)
    expect(zeroed).toBeLessThan(0.28)
    const g = addNoise({ kind: 'gaussian', sigma: 0.1 }, x, new Rng(3))
    const mean = g.reduce((a, b) => a + b, 0) / g.length
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length)
    expect(mean).toBeCloseTo(0.4, 2)
    expect(sd).toBeCloseTo(0.1, 2)
    const wide = addNoise({ kind: 'gaussian', sigma: 2 }, x, new Rng(4))
    expect(wide.every((v) => v >= 0 && v <= 1)).toBe(true)
    expect(addNoise({ kind: 'gaussian', sigma: 2, clip: false }, x, new Rng(4)).some((v) => v < 0 || v > 1)).toBe(true)
  })

  it('parses the CLI forms and refuses bad ones with the accepted forms', () => {
    expect(parseNoise('saltpepper:0.2')).toEqual({ kind: 'saltpepper', rate: 0.2 })
    expect(parseNoise('gaussian:0.3')).toEqual({ kind: 'gaussian', sigma: 0.3 })
    expect(parseNoise('gaussian:0.3:noclip')).toEqual({ kind: 'gaussian', sigma: 0.3, clip: false })
    expect(parseNoise('mask:0.25')).toEqual({ kind: 'mask', rate: 0.25 })
    expect(() => parseNoise('mask:1.5')).toThrow(/\[0, 1\]/)
    expect(() => parseNoise('speckle:0.1')).toThrow(/unknown kind "speckle".*saltpepper:RATE/)
    expect(() => parseNoise('gaussian')).toThrow(/missing/)
  })
})
