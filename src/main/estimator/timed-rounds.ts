/**
 * The schedule both calibrations share (src/main/estimator/calibrate.ts for networks, calibrate-rbm.ts
 * for RBMs and DBNs): `rounds` rounds visit every shape in turn, each visit a timed run of an equal
 * share of the time left, and an anchor's `anchorWindows` windows, `anchorShare` of the budget in all,
 * run between the visits, spread evenly (one window after every visits/windows visits; at least one
 * when a busy machine cut the rounds short).
 *
 * Why interleave: this machine's speed changes by 1.5–1.9× for seconds at a time; a slow phase then
 * hits one round of every shape and some of the anchor's windows, not every round of one shape.
 */

/** Whole steps run for about a given time (at least one), and the wall and process CPU time they took, in ms. */
export interface StepTiming {
  steps: number
  wallMs: number
  cpuMs: number
}

/**
 * Runs `step` until `ms` have passed on `now` (at least once) or `done()`; how many steps, and their
 * wall and CPU time. Every timed run of both calibrations (visits and anchor windows) is one of these.
 */
export function timeSteps(step: () => void, ms: number, now: () => number, cpuNow: () => number, done: () => boolean = () => false): StepTiming {
  const cpuStart = cpuNow()
  const start = now()
  let steps = 0
  do {
    step()
    steps++
  } while (now() - start < ms && !done())
  const wallMs = now() - start
  return { steps, wallMs, cpuMs: cpuNow() - cpuStart }
}

/** Timed runs per shape (the calibrations keep their median). */
export const ROUNDS = 5
/** Share of the budget for the anchor's windows, and how many windows. */
export const ANCHOR_SHARE = 0.3
export const ANCHOR_WINDOWS = 15

export interface RoundsPlan {
  /** Clock in ms, and when the calibration started (the budget counts from there). */
  now: () => number
  started: number
  budgetMs: number
  /** Default `ROUNDS`. */
  rounds?: number
  /** Share of the budget for the anchor's windows (default `ANCHOR_SHARE`; no anchor when `anchorWindow` is null). */
  anchorShare?: number
  /** Default `ANCHOR_WINDOWS`. */
  anchorWindows?: number
}

/**
 * Runs the rounds: `visit(shape, ms)` times one shape for about `ms`, `anchorWindow(ms)` one window of
 * the anchor (null: none). Rounds after the first stop once the budget is spent.
 */
export function runTimedRounds<S>(shapes: readonly S[], visit: (shape: S, ms: number) => void, anchorWindow: ((ms: number) => void) | null, plan: RoundsPlan): void {
  const { now, started, budgetMs, rounds = ROUNDS } = plan
  const windows = anchorWindow ? (plan.anchorWindows ?? ANCHOR_WINDOWS) : 0
  const visits = shapes.length * rounds
  const every = windows > 0 ? visits / windows : Infinity
  let anchorLeft = windows > 0 ? budgetMs * (plan.anchorShare ?? ANCHOR_SHARE) : 0
  let windowsLeft = windows
  const runWindow = () => {
    if (!anchorWindow || windowsLeft === 0) return
    const start = now()
    anchorWindow(anchorLeft / windowsLeft)
    anchorLeft = Math.max(0, anchorLeft - (now() - start))
    windowsLeft--
  }
  let done = 0
  for (let round = 0; round < rounds; round++) {
    // A busy machine can use up the budget early: then the rounds so far are all there is (at least one).
    if (round > 0 && now() - started >= budgetMs - anchorLeft) break
    for (const shape of shapes) {
      const slice = Math.max(0, budgetMs - anchorLeft - (now() - started)) / (visits - done)
      done++
      visit(shape, slice)
      while (windowsLeft > 0 && done >= (windows - windowsLeft + 1) * every) runWindow()
    }
  }
  if (windows > 0 && windowsLeft === windows) runWindow()
}
