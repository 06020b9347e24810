/**
 * Runs `layerwise estimate` in-process for the CLI tests: each test gets a fresh temporary folder (the
 * estimator cache is `cache/` in it, so no calibration leaks between tests) and stdout is captured.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { estimateCommand } from '../../src/cli/estimate'

export interface EstimateCli {
  /** What the command wrote to stdout in this test (since the last `clear()`). */
  readonly out: string
  /** This test's temporary folder (for input files). */
  readonly dir: string
  /** Forgets what was written so far. */
  clear(): void
  /** Runs `estimate <argv> --json`, expects exit code 0 and answers the parsed reply. */
  json<T>(argv: string[]): Promise<T>
}

/** Registers the per-test setup and teardown in the calling test file; `prefix` names the temporary folders. */
export function useEstimateCli(prefix: string): EstimateCli {
  let out = ''
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    process.env.LAYERWISE_ESTIMATOR_CACHE = join(dir, 'cache')
    out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk)
      return true
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    delete process.env.LAYERWISE_ESTIMATOR_CACHE
  })
  return {
    get out() {
      return out
    },
    get dir() {
      return dir
    },
    clear() {
      out = ''
    },
    async json<T>(argv: string[]): Promise<T> {
      expect(await estimateCommand.run([...argv, '--json'])).toBe(0)
      return JSON.parse(out) as T
    },
  }
}
