/**
 * Geometry of the neurons view: every unit as a circle, every weight as a line whose thickness and
 * opacity follow |w| (relative to the largest weight) and whose colour follows its sign. Weights come
 * from the latest snapshot of a run of the same shape; before any run, lines are drawn neutral.
 */
import { computed } from 'vue'
import type { NetworkSpec, WeightSnapshotDto } from '../../../shared/dto'
import { useNetworkStore } from '../stores/network'

export interface NeuronUnit { x: number; y: number; layer: number; index: number }
export interface NeuronLink { x1: number; y1: number; x2: number; y2: number; width: number; color: string; opacity: number; w: number | null }

export const VIEW = { width: 1000, height: 560, margin: 70 }
const POSITIVE = '#3b6fd8'
const NEGATIVE = '#d64535'

/** Whether `weights` were taken from a network of `spec`'s shape. */
export function matches(spec: NetworkSpec, weights: WeightSnapshotDto | null): weights is WeightSnapshotDto {
  if (!weights || weights.layers.length !== spec.layers.length) return false
  let fanIn = spec.inputs
  return spec.layers.every((l, i) => {
    const ok = weights.layers[i]!.units === l.units && weights.layers[i]!.fanIn === fanIn
    fanIn = l.units
    return ok
  })
}

/** Unit positions and weight lines of `spec`. */
export function neuronGeometry(spec: NetworkSpec, weights: WeightSnapshotDto | null): { units: NeuronUnit[]; links: NeuronLink[] } {
  const sizes = [spec.inputs, ...spec.layers.map((l) => l.units)]
  const dx = (VIEW.width - 2 * VIEW.margin) / Math.max(1, sizes.length - 1)
  const column = sizes.map((n, layer) =>
    Array.from({ length: n }, (_, index) => ({ x: VIEW.margin + layer * dx, y: VIEW.height / 2 + (index - (n - 1) / 2) * Math.min(44, (VIEW.height - 2 * VIEW.margin) / Math.max(1, n - 1)), layer, index })),
  )
  const live = matches(spec, weights) ? weights : null
  const max = live ? Math.max(1e-12, ...live.layers.flatMap((l) => l.w.map(Math.abs))) : 1
  const links: NeuronLink[] = []
  for (let l = 1; l < sizes.length; l++) {
    for (const to of column[l]!) {
      for (const from of column[l - 1]!) {
        const w = live ? live.layers[l - 1]!.w[to.index * sizes[l - 1]! + from.index]! : null
        const m = w === null ? 0.25 : Math.abs(w) / max
        links.push({ x1: from.x, y1: from.y, x2: to.x, y2: to.y, w, width: 0.4 + 4.6 * m, opacity: w === null ? 0.35 : 0.15 + 0.85 * m, color: w === null ? '#9aa5bb' : w >= 0 ? POSITIVE : NEGATIVE })
      }
    }
  }
  return { units: column.flat(), links }
}

export function useNeurons() {
  const store = useNetworkStore()
  const spec = computed(() => (store.compiled.kind === 'network' ? store.compiled.network : null))
  const geometry = computed(() => (spec.value ? neuronGeometry(spec.value, store.liveWeights) : { units: [], links: [] }))
  const live = computed(() => spec.value !== null && matches(spec.value, store.liveWeights))
  const titles = computed(() => (spec.value ? ['Input', ...spec.value.layers.map((l, i) => (i === spec.value!.layers.length - 1 ? 'Output' : `Dense ${i + 1}`))] : []))
  return { spec, geometry, live, titles, watchWeights: store.watchWeights }
}
