/**
 * Undo/redo for the network editor: snapshots of the graph document before each edit. Graphs are
 * small, so whole snapshots (frozen JSON strings) are simpler and safer than inverse operations.
 * Consecutive edits with the same `mergeKey` within `MERGE_MS` (typing a number) become one step.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** At most this many steps are kept. */
export const HISTORY_LIMIT = 200
const MERGE_MS = 1000

export const useHistoryStore = defineStore('history', () => {
  const past = ref<string[]>([])
  const future = ref<string[]>([])
  let lastKey: string | null = null
  let lastTime = 0

  const canUndo = computed(() => past.value.length > 0)
  const canRedo = computed(() => future.value.length > 0)

  /** Records the state before an edit. Returns false when the edit merged into the previous step. */
  function record(before: string, mergeKey: string | null = null, now = Date.now()): boolean {
    const merge = mergeKey !== null && mergeKey === lastKey && now - lastTime < MERGE_MS && past.value.length > 0
    lastKey = mergeKey
    lastTime = now
    future.value = []
    if (merge) return false
    past.value = [...past.value, before].slice(-HISTORY_LIMIT)
    return true
  }

  /** Steps back: returns the snapshot to restore, and keeps `current` for redo. */
  function undo(current: string): string | null {
    const previous = past.value[past.value.length - 1]
    if (previous === undefined) return null
    past.value = past.value.slice(0, -1)
    future.value = [...future.value, current]
    lastKey = null
    return previous
  }

  /** Steps forward again after an undo. */
  function redo(current: string): string | null {
    const next = future.value[future.value.length - 1]
    if (next === undefined) return null
    future.value = future.value.slice(0, -1)
    past.value = [...past.value, current]
    lastKey = null
    return next
  }

  /** Forgets every step (a new or opened project). */
  function clear(): void {
    past.value = []
    future.value = []
    lastKey = null
  }

  return { past, future, canUndo, canRedo, record, undo, redo, clear }
})
