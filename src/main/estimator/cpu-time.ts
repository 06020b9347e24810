/** CPU clocks of this process and of the calling thread, for timing runs on a shared machine. */
import { existsSync, readFileSync } from 'node:fs'

/** User + system CPU time of this process, in ms. */
export function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * CPU time of the calling thread in ms from Linux's `/proc/thread-self/schedstat` (first field: ns on a
 * CPU; it advances at scheduler ticks, so only sums over many runs are accurate), or null elsewhere.
 */
export function threadCpuMs(): number | null {
  if (!schedstat) return null
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6
  } catch {
    schedstat = false
    return null
  }
}
const SCHEDSTAT = '/proc/thread-self/schedstat'
let schedstat = process.platform === 'linux' && existsSync(SCHEDSTAT)
