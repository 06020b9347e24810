import { describe, expect, it } from 'vitest'
import { runTimedRounds } from '../../../src/main/estimator/timed-rounds'

describe('runTimedRounds', () => {
  /** Shapes and anchor windows that take exactly the time they are given, on a fake clock; the order they ran in. */
  function run(shapes: string[], budgetMs: number, anchor: boolean) {
    let t = 0
    const log: string[] = []
    const slices: number[] = []
    runTimedRounds(
      shapes,
      (s, ms) => {
        log.push(s)
        slices.push(ms)
        t += ms
      },
      anchor
        ? (ms) => {
            log.push('A')
            t += ms
          }
        : null,
      { now: () => t, started: 0, budgetMs, rounds: 5, anchorShare: 0.3, anchorWindows: 5 },
    )
    return { log, slices, t }
  }

  it('visits every shape in each of the rounds, in turn, with an equal share of the time left: 2 shapes × 5 rounds of 100 ms', () => {
    const { log, slices, t } = run(['a', 'b'], 1000, false)
    expect(log.join('')).toBe('ababababab')
    for (const ms of slices) expect(ms).toBeCloseTo(100, 9)
    expect(t).toBeCloseTo(1000, 9)
  })

  it('spreads the anchor’s windows evenly between the visits and gives them their share of the budget: 5 windows, 300 of 1,000 ms', () => {
    const { log, slices, t } = run(['a', 'b'], 1000, true)
    // 10 visits, 5 windows: one after every second visit
    expect(log.join('')).toBe('abAabAabAabAabA')
    for (const ms of slices) expect(ms).toBeCloseTo(70, 9)
    expect(t).toBeCloseTo(1000, 9)
  })
})
