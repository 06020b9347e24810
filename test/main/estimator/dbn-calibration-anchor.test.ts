import { describe, expect, it } from 'vitest'
import { DbnAnchorTimer, MAX_CORRECTION } from '../../../src/main/estimator/dbn-calibration-anchor'

/** A step that advances the fake clock by `ms` (its wall and CPU time alike). */
const stepOf = (clock: { t: number }, ms: number) => () => {
  clock.t += ms
}

describe('DbnAnchorTimer', () => {
  it('is Σ seconds / Σ batches of each RBM over its model: 2 ms and 0.5 ms batches against 1 ms → κ = 2 and 0.5', () => {
    const clock = { t: 0 }
    const timer = new DbnAnchorTimer([stepOf(clock, 2), stepOf(clock, 0.5)], 64, { now: () => clock.t, cpuNow: () => clock.t })
    for (let w = 0; w < 3; w++) timer.window(20)
    const a = timer.result([1e-3, 1e-3])
    // each window gives each RBM 10 ms: 5 batches of 2 ms, 20 of 0.5 ms
    expect([a.batchSize, a.windows, a.steps]).toEqual([64, 3, [15, 60]])
    expect(a.seconds?.[0]).toBeCloseTo(2e-3, 15)
    expect(a.seconds?.[1]).toBeCloseTo(5e-4, 15)
    expect(a.corrections[0]).toBeCloseTo(2, 12)
    expect(a.corrections[1]).toBeCloseTo(0.5, 12)
  })

  it('is the mean over windows, not a median: windows of 1 ms, 1 ms and 4 ms batches (3 batches each) → 2 ms', () => {
    const clock = { t: 0 }
    let ms = 1
    const timer = new DbnAnchorTimer([() => void (clock.t += ms)], 10, { now: () => clock.t, cpuNow: () => clock.t })
    timer.window(3)
    timer.window(3)
    ms = 4
    timer.window(12)
    const a = timer.result([1e-3])
    expect(a.steps).toEqual([9])
    // (3 + 3 + 12) ms / 9 batches = 2 ms; the median window would say 1 ms
    expect(a.seconds?.[0]).toBeCloseTo(2e-3, 15)
    expect(a.corrections[0]).toBeCloseTo(2, 12)
  })

  it('counts a window’s CPU time when the wall clock ran longer (another process held the core)', () => {
    const clock = { t: 0, cpu: 0 }
    const step = () => {
      clock.t += 3
      clock.cpu += 1
    }
    const timer = new DbnAnchorTimer([step], 8, { now: () => clock.t, cpuNow: () => clock.cpu })
    timer.window(9)
    expect(timer.result([1e-3]).seconds?.[0]).toBeCloseTo(1e-3, 15)
  })

  it('runs at least one whole batch per RBM in a window shorter than a batch', () => {
    const clock = { t: 0 }
    const timer = new DbnAnchorTimer([stepOf(clock, 5)], 8, { now: () => clock.t, cpuNow: () => clock.t })
    timer.window(1)
    expect(timer.result([5e-3]).steps).toEqual([1])
  })

  it(`keeps κ within [1/${MAX_CORRECTION}, ${MAX_CORRECTION}], and answers 1 before any window or without a model`, () => {
    const clock = { t: 0 }
    const timer = new DbnAnchorTimer([stepOf(clock, 7), stepOf(clock, 0.1), stepOf(clock, 1)], 8, { now: () => clock.t, cpuNow: () => clock.t })
    expect(timer.result([1e-3, 1e-3, 1e-3]).corrections).toEqual([1, 1, 1])
    timer.window(21)
    expect(timer.result([1e-3, 1e-3, 0]).corrections).toEqual([MAX_CORRECTION, 1 / MAX_CORRECTION, 1])
  })
})
