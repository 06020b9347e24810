import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/engine'

/** mulberry32 as commonly published (bryc/code PRNGs), written independently of the engine. */
function mulberry32(a: number): () => number {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('Rng', () => {
  it('is mulberry32', () => {
    const ref = mulberry32(1234)
    const rng = new Rng(1234)
    for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(ref())
  })

  it('fill(out, n) writes the next n values of next() and leaves the generator where n calls would', () => {
    const ref = mulberry32(77)
    const rng = new Rng(77)
    const out = new Float64Array(10)
    rng.fill(out, 7)
    for (let i = 0; i < 7; i++) expect(out[i]).toBe(ref())
    expect(out[7]).toBe(0)
    expect(rng.next()).toBe(ref())
    rng.fill(out)
    for (let i = 0; i < 10; i++) expect(out[i]).toBe(ref())
  })

  it('shuffles by Fisher–Yates: for i = n−1…1, j = ⌊next()·(i+1)⌋, swap', () => {
    const ref = mulberry32(1234)
    const expected = Array.from({ length: 50 }, (_, i) => i)
    for (let i = expected.length - 1; i > 0; i--) {
      const j = Math.floor(ref() * (i + 1))
      ;[expected[i], expected[j]] = [expected[j], expected[i]]
    }
    const a = Int32Array.from({ length: 50 }, (_, i) => i)
    new Rng(1234).shuffle(a)
    expect(Array.from(a)).toEqual(expected)
    const plain = Array.from({ length: 50 }, (_, i) => i)
    new Rng(1234).shuffle(plain)
    expect(plain).toEqual(expected)
  })

  it('draws integers in [0, n) and normals with mean 0 and variance 1', () => {
    const rng = new Rng(5)
    const counts = new Array(7).fill(0)
    for (let i = 0; i < 7000; i++) counts[rng.int(7)]++
    counts.forEach((c) => expect(c).toBeGreaterThan(850))
    let s = 0
    let s2 = 0
    const n = 20000
    for (let i = 0; i < n; i++) {
      const x = rng.normal()
      s += x
      s2 += x * x
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03)
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03)
  })

  it('is reproducible and seed-dependent', () => {
    const a = new Rng(9)
    const b = new Rng(9)
    const c = new Rng(10)
    const sa = Array.from({ length: 5 }, () => a.normal())
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(sa)
    expect(Array.from({ length: 5 }, () => c.normal())).not.toEqual(sa)
  })
})
