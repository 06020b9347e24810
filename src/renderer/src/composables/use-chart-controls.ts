/**
 * View settings shared by the training charts (one set for the whole session): the x resolution,
 * the EMA smoothing weight, linear or log y, and whether earlier runs are overlaid.
 */
import { reactive } from 'vue'

export interface ChartControls {
  /** Per-epoch points, or per-batch points smoothed by `smoothing`. */
  resolution: 'epoch' | 'batch'
  /** TensorBoard's smoothing weight w in [0, 0.99]: 0 = raw, default 0.6. */
  smoothing: number
  /** Logarithmic y axis for the loss chart. */
  logScale: boolean
  /** Draw this session's earlier runs faintly for comparison. */
  compare: boolean
}

/** The defaults a new session starts with. */
export function defaultControls(): ChartControls {
  return { resolution: 'epoch', smoothing: 0.6, logScale: false, compare: true }
}

const controls = reactive<ChartControls>(defaultControls())

/** The session's chart controls (one reactive object shared by every chart). */
export function useChartControls(): ChartControls {
  return controls
}
