/**
 * A value recomputed when its sources change, but at most once every `ms` milliseconds (trailing
 * edge), so a chart fed by 20 progress frames a second rebuilds its option at most 1000/ms times a
 * second and the page keeps its frame rate at any training speed (SPEC §7). Only the cheap sources
 * are watched; the expensive `compute` runs once per period.
 */
import { onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

/** `compute()` now, then again at most once per `ms` after any of `sources` changes. */
export function useThrottled<T>(sources: (WatchSource | object)[], compute: () => T, ms: number): Readonly<ShallowRef<T>> {
  const value = shallowRef(compute())
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  const update = () => {
    timer = null
    last = Date.now()
    value.value = compute()
  }
  const stop = watch(sources, () => {
    if (timer !== null) return
    const wait = Math.max(0, last + ms - Date.now())
    if (wait === 0) update()
    else timer = setTimeout(update, wait)
  })
  onScopeDispose(() => {
    stop()
    if (timer !== null) clearTimeout(timer)
  })
  return value
}
