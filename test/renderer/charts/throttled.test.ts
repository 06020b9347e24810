import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useThrottled } from '../../../src/renderer/src/composables/use-throttled'

describe('useThrottled', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('recomputes at most once per period however often the source changes, and ends on the last value', async () => {
    const source = ref(0)
    const compute = vi.fn(() => source.value * 10)
    const scope = effectScope()
    const value = scope.run(() => useThrottled([source], compute, 100))!
    for (let i = 1; i <= 20; i++) {
      source.value = i
      await nextTick()
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(100)
    expect(value.value).toBe(200)
    // 1 initial + ≈ 200 ms / 100 ms of changes + the trailing one.
    expect(compute.mock.calls.length).toBeLessThanOrEqual(5)
    scope.stop()
  })
})
