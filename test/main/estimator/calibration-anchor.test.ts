import { describe, expect, it } from 'vitest'
import { flopModelTime, networkCost, type FlopModelFit } from '../../../src/engine/cost'
import type { Trainer } from '../../../src/engine/trainer'
import { AnchorTimer, MAX_CORRECTION } from '../../../src/main/estimator/calibration-anchor'

const net = { inputs: 4, layers: [{ units: 3, activation: 'softmax' as const }], loss: 'cce' as const }
// a model of 1 ms per batch of 10 rows: a = 1e-3 s, everything else 0
const fit: FlopModelFit = {
  perBatch: 1e-3,
  perLayer: 0,
  perParameter: 0,
  perRow: 0,
  flopsPerSecond: Infinity,
  perElement: 0,
  perSplitBatch: 0,
  perSplitParameter: 0,
  threads: 2,
  rmsRelativeError: 0,
  skipsZeros: false,
}

/** What a trainer's step returns, for a batch of loss 0.5. */
const stepResult = { batch: { epoch: 1, batch: 0, batchesPerEpoch: 5, loss: 0.5, accuracy: null }, epochEnd: null, stop: null }

/** A trainer whose every step advances the fake clock by `ms` (its wall and CPU time alike). */
function fakeTrainer(clock: { t: number }, ms: number, threads: 1 | 2): Trainer {
  return { step: () => ((clock.t += ms), stepResult), done: false, threads, batchesPerEpoch: 5 } as unknown as Trainer
}

describe('AnchorTimer', () => {
  it('is Σ seconds / Σ batches of its windows over the model: 2 ms per batch against 1 ms → κ = 2', () => {
    const clock = { t: 0 }
    const timer = new AnchorTimer([fakeTrainer(clock, 2, 1)], net, 10, 1, { now: () => clock.t, cpuNow: () => clock.t })
    for (let w = 0; w < 3; w++) timer.window(10)
    const a = timer.result(fit, 'sgd')
    expect(flopModelTime(networkCost(net), { samples: 10, batchSize: 10, epochs: 1 }, fit).seconds).toBeCloseTo(1e-3, 15)
    // 10 ms windows of 2 ms batches: 5 batches each
    expect([a?.windows, a?.steps, a?.threads, a?.samples]).toEqual([3, 15, 1, 50])
    expect(a?.seconds).toBeCloseTo(2e-3, 15)
    expect(a?.correction).toBeCloseTo(2, 12)
  })

  it('takes the faster of the split and the one-thread way, as the trainer’s A/B policy settles on it', () => {
    const clock = { t: 0 }
    const split = fakeTrainer(clock, 0.8, 2)
    const solo = fakeTrainer(clock, 1.5, 1)
    const timer = new AnchorTimer([split, solo], net, 10, 1, { now: () => clock.t, cpuNow: () => clock.t })
    timer.window(12)
    const a = timer.result(fit, 'sgd')
    // 6 ms each: ⌈6/0.8⌉ = 8 split batches, 4 one-thread batches
    expect([a?.threads, a?.steps]).toEqual([2, 8])
    expect(a?.correction).toBeCloseTo(0.8, 12)
  })

  it('counts a one-thread window’s CPU time when the wall clock ran longer (another process held the core)', () => {
    const clock = { t: 0, cpu: 0 }
    const trainer = { step: () => ((clock.t += 3), (clock.cpu += 1), stepResult), done: false, threads: 1, batchesPerEpoch: 1 } as unknown as Trainer
    const timer = new AnchorTimer([trainer], net, 10, 1, { now: () => clock.t, cpuNow: () => clock.cpu })
    timer.window(9)
    expect(timer.result(fit, 'sgd')?.seconds).toBeCloseTo(1e-3, 15)
    // and it kept a third of a core busy: 1 ms of CPU per 3 ms of wall time
    expect(timer.result(fit, 'sgd')?.cpuShare).toBeCloseTo(1 / 3, 12)
  })

  it(`keeps κ within [1/${MAX_CORRECTION}, ${MAX_CORRECTION}], and is null before any window`, () => {
    const clock = { t: 0 }
    const slow = new AnchorTimer([fakeTrainer(clock, 7, 1)], net, 10, 1, { now: () => clock.t, cpuNow: () => clock.t })
    expect(slow.result(fit, 'sgd')).toBeNull()
    slow.window(7)
    expect(slow.result(fit, 'sgd')?.correction).toBe(MAX_CORRECTION)
    const fast = new AnchorTimer([fakeTrainer(clock, 0.1, 1)], net, 10, 1, { now: () => clock.t, cpuNow: () => clock.t })
    fast.window(1)
    expect(fast.result(fit, 'sgd')?.correction).toBe(1 / MAX_CORRECTION)
  })
})
