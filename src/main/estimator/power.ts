/**
 * CPU package energy from Intel RAPL counters under `/sys/class/powercap` (Linux powercap framework,
 * https://docs.kernel.org/power/powercap/powercap.html; AMD Zen exposes the same files). Each top-level
 * zone `intel-rapl:N` is one CPU package; `energy_uj` is a wrapping µJ counter (wraps at
 * `max_energy_range_uj`). Since Linux 5.10 the files are readable by root only (CVE-2020-8694), so an
 * unreadable counter is the normal case for a user, and callers fall back to TDP × utilisation.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const POWERCAP_ROOT = '/sys/class/powercap'

/** One reading of every package counter. */
export interface RaplReading {
  /** performance.now() in ms when read. */
  at: number
  zones: { name: string; microjoules: number; maxRangeMicrojoules: number }[]
}

/** The package zones (`intel-rapl:N`, not the `intel-rapl:N:M` sub-zones) whose counter can be read. */
function packageZones(root: string): string[] {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return []
  }
  return names.filter((n) => /^intel-rapl:\d+$/.test(n)).sort()
}

function readNumber(path: string): number {
  const v = Number(readFileSync(path, 'utf8').trim())
  if (!Number.isFinite(v) || v < 0) throw new Error(`not a counter: ${path}`)
  return v
}

/** Reads every package counter, or null when there is none or one cannot be read. */
export function readRapl(root = POWERCAP_ROOT, now: () => number = () => performance.now()): RaplReading | null {
  const zones = packageZones(root)
  if (zones.length === 0) return null
  try {
    return {
      at: now(),
      zones: zones.map((name) => ({
        name,
        microjoules: readNumber(join(root, name, 'energy_uj')),
        maxRangeMicrojoules: readNumber(join(root, name, 'max_energy_range_uj')),
      })),
    }
  } catch {
    return null
  }
}

/** Joules used by all packages between two readings, allowing one wrap of each counter. */
export function joulesBetween(start: RaplReading, end: RaplReading): number {
  let uj = 0
  for (const z of end.zones) {
    const s = start.zones.find((x) => x.name === z.name)
    if (!s) continue
    const d = z.microjoules - s.microjoules
    uj += d >= 0 ? d : d + z.maxRangeMicrojoules
  }
  return uj / 1e6
}
