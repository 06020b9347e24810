/**
 * Editing the training settings before a run (SPEC §3.4): every change goes through the network
 * store's `setSettings`; half-typed or invalid values are ignored so they never reach a run.
 */
import { computed } from 'vue'
import type { OptimizerName, StoppingSettings } from '../../../shared/dto'
import { useNetworkStore } from '../stores/network'

/** The course's three batch modes. */
export type BatchMode = 'full' | 'mini' | 'online'

/** Optimizers with the words a course uses for them. */
export const OPTIMIZERS: { value: OptimizerName; label: string; hint: string }[] = [
  { value: 'sgd', label: 'Gradient descent (SGD)', hint: 'w ← w − η·∂C/∂w' },
  { value: 'momentum', label: 'Momentum', hint: 'v ← γ·v − η·∂C/∂w; w ← w + v (γ = 0.9; optionally 0.5 until learning stabilises)' },
  { value: 'nesterov', label: 'Nesterov momentum', hint: 'momentum with the gradient taken at the look-ahead point w + γ·v' },
  { value: 'adagrad', label: 'AdaGrad', hint: 'per-weight η / √(Σ g²): big steps for rarely updated weights' },
  { value: 'rmsprop', label: 'RMSProp', hint: 'per-weight η / √(E[g²]) with a decaying average (ρ = 0.9)' },
  { value: 'adam', label: 'Adam', hint: 'momentum + RMSProp with bias correction (β₁ = 0.9, β₂ = 0.999)' },
]

/** Tooltips with the course vocabulary. */
export const BATCH_HINTS: Record<BatchMode, string> = {
  full: 'Batch gradient descent: one weight update per epoch, from the gradient averaged over all training rows.',
  mini: 'Mini-batch gradient descent: one update per m rows; rows are reshuffled every epoch.',
  online: 'Stochastic (online) gradient descent, m = 1: one update per training row.',
}

/** A number typed in an input, or null when it is not a valid value yet. */
export function readNumber(text: string, options: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {}): number | null {
  if (text.trim() === '') return null
  const value = Number(text)
  if (!Number.isFinite(value)) return null
  if (options.integer && !Number.isInteger(value)) return null
  if (options.min !== undefined && (options.exclusiveMin ? value <= options.min : value < options.min)) return null
  if (options.max !== undefined && value > options.max) return null
  return value
}

/** Reactive views of the settings and setters that write valid values through the network store. */
export function useTrainingSettings() {
  const store = useNetworkStore()
  const settings = computed(() => store.settings)
  const batchMode = computed<BatchMode>(() => (store.settings.batchSize === 'full' ? 'full' : store.settings.batchSize === 1 ? 'online' : 'mini'))

  function setBatchMode(mode: BatchMode): void {
    store.setSettings({ batchSize: mode === 'full' ? 'full' : mode === 'online' ? 1 : 32 })
  }

  /** Sets one stopping criterion; an empty value switches it off. */
  function setStopping<K extends keyof StoppingSettings>(key: K, value: StoppingSettings[K] | null): void {
    const stopping: StoppingSettings = { ...(store.settings.stopping ?? {}) }
    if (value === null) delete stopping[key]
    else stopping[key] = value
    store.setSettings({ stopping })
  }

  return { settings, batchMode, setBatchMode, setStopping, set: store.setSettings }
}
