/**
 * A value recomputed when its sources change, but at most once every `ms` milliseconds (trailing
 * edge), so a chart fed by 20 progress frames a second rebuilds its option at most 1000/ms times a
 * second and the page keeps its frame rate at any training speed (SPEC §7). Only the cheap sources
 * are watched; the expensive `compute` runs once per period, and not at all while `active` is false
 * (a chart scrolled out of view): it catches up once when `active` turns true again.
 *
 * A source "changes" whenever it signals, even if it still holds the same object: the training
 * store appends to its histories in place and signals with `triggerRef`, and a plain `watch` of
 * those refs (through `storeToRefs`, which wraps them in non-shallow `toRef`s) would compare the
 * array with itself and never fire.
 */
import { isReactive, isRef, onScopeDispose, shallowRef, toValue, watch, type Ref, type ShallowRef, type WatchSource } from 'vue'

/** Reads a source so that the watcher tracks it: a ref or getter by value, a reactive object field by field. */
function touch(source: WatchSource | object): void {
  if (isRef(source) || typeof source === 'function') toValue(source as WatchSource)
  else if (isReactive(source)) Object.values(source)
}

/** `compute()` now, then again at most once per `ms` after any of `sources` signals, while `active` is true. */
export function useThrottled<T>(
  sources: (WatchSource | object)[],
  compute: () => T,
  ms: number,
  active: Readonly<Ref<boolean>> = shallowRef(true),
): Readonly<ShallowRef<T>> {
  const value = shallowRef(compute())
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  let dirty = false
  let signals = 0
  const update = () => {
    timer = null
    if (!active.value) return
    dirty = false
    last = Date.now()
    value.value = compute()
  }
  const schedule = () => {
    dirty = true
    if (timer !== null || !active.value) return
    const wait = Math.max(0, last + ms - Date.now())
    if (wait === 0) update()
    else timer = setTimeout(update, wait)
  }
  // The getter returns a new number on every run, so every signal reaches `schedule`.
  const stopSources = watch(() => {
    sources.forEach(touch)
    return ++signals
  }, schedule)
  const stopActive = watch(active, (on) => {
    if (on && dirty) schedule()
  })
  onScopeDispose(() => {
    stopSources()
    stopActive()
    if (timer !== null) clearTimeout(timer)
  })
  return value
}
