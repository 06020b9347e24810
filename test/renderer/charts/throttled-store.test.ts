import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, defineStore, setActivePinia, storeToRefs } from 'pinia'
import { effectScope, nextTick, ref, shallowRef, triggerRef } from 'vue'
import { useThrottled } from '../../../src/renderer/src/composables/use-throttled'

/** The training store's pattern: a history appended in place and signalled once with `triggerRef`. */
const useLogStore = defineStore('log', () => {
  const items = shallowRef<number[]>([])
  function append(...values: number[]): void {
    for (const v of values) items.value.push(v)
    triggerRef(items)
  }
  return { items, append }
})

describe('useThrottled on store histories', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.useRealTimers())

  it('recomputes when an array read through storeToRefs is appended in place', async () => {
    const store = useLogStore()
    const { items } = storeToRefs(store)
    const scope = effectScope()
    const count = scope.run(() => useThrottled([items], () => items.value.length, 100))!
    store.append(1, 2, 3)
    await nextTick()
    vi.advanceTimersByTime(100)
    expect(count.value).toBe(3)
    scope.stop()
  })

  it('recomputes when a field of a reactive source changes', async () => {
    const settings = ref({ log: false })
    const scope = effectScope()
    const value = scope.run(() => useThrottled([settings.value], () => settings.value.log, 100))!
    settings.value.log = true
    await nextTick()
    vi.advanceTimersByTime(100)
    expect(value.value).toBe(true)
    scope.stop()
  })
})
