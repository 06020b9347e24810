/**
 * The benchmarks' trials (bench/estimator.ts, bench/estimator-dbn.ts): every case `trials` times, each
 * in a fresh child process of the benchmark's own script (cold JIT, like the app's fresh worker
 * threads), trial after trial over all cases, so that a case's trials are minutes apart and land in
 * different phases of this VM's speed; a case is judged by its median trial.
 */
import { execFileSync } from 'node:child_process'

/** `--only i,j` and `--trials K` (default 5) of a benchmark with `count` cases. */
export function trialArgs(args: readonly string[], count: number): { only: Set<number> | null; trials: number; cases: number[]; trialsGiven: boolean } {
  const onlyArg = args.indexOf('--only')
  const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',').map(Number)) : null
  const trialsArg = args.indexOf('--trials')
  const trials = trialsArg >= 0 ? Math.max(1, Number(args[trialsArg + 1])) : 5
  const cases = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !only || only.has(i))
  return { only, trials, cases, trialsGiven: trialsArg >= 0 }
}

/**
 * Runs `script` with `argv(i)` (which makes it run case i and print its row as the last line of JSON) for
 * every case, `trials` times; `describe` makes the progress line on stderr. The rows of each case, by trial.
 */
export function runTrials<Row>(script: string, cases: readonly number[], trials: number, argv: (i: number) => string[], describe: (row: Row, trial: number, i: number) => string): Map<number, Row[]> {
  const rowsOf = new Map<number, Row[]>(cases.map((i) => [i, []]))
  for (let t = 1; t <= trials; t++) {
    for (const i of cases) {
      const out = execFileSync(process.execPath, [...process.execArgv, script, ...argv(i)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      const row = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Row
      rowsOf.get(i)?.push(row)
      process.stderr.write(`trial ${t} #${i} ${describe(row, t, i)}\n`)
    }
  }
  return rowsOf
}

/** The trial of median `error` (the lower middle one for an even count). */
export function medianTrial<Row>(rows: readonly Row[], error: (row: Row) => number): Row {
  return [...rows].sort((p, q) => error(p) - error(q))[(rows.length - 1) >> 1]
}
