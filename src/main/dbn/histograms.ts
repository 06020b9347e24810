/**
 * Histograms of the RBM monitor (issue 10): the weights of one layer and its hidden probabilities p(h|v)
 * on (at most `MONITOR_ROWS` evenly spaced) training rows, in fixed bins, small enough for a progress frame.
 */
import type { Dbn, Matrix } from '../../engine/rbm'
import type { DbnHistogramDto, DbnHistogramsDto } from '../../shared/dbn'

const BINS = 30
const MONITOR_ROWS = 256

/** `bins` equal bins over [min, max] of `values` (a single value gets one bin of width 0). */
export function histogram(values: ArrayLike<number>, bins = BINS, range?: { min: number; max: number }): DbnHistogramDto {
  let min = range?.min ?? Infinity
  let max = range?.max ?? -Infinity
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      min = Math.min(min, values[i]!)
      max = Math.max(max, values[i]!)
    }
  }
  if (values.length === 0) return { min: 0, max: 0, counts: [] }
  const counts = new Array<number>(max > min ? bins : 1).fill(0)
  const width = (max - min) / counts.length
  for (let i = 0; i < values.length; i++) {
    const b = width > 0 ? Math.floor((values[i]! - min) / width) : 0
    counts[Math.min(counts.length - 1, Math.max(0, b))]!++
  }
  return { min, max, counts }
}

/** Weights of layer `layer` (from 1) of `stack`, and p(h|v) of that layer on rows of `train` fed up the stack. */
export function layerHistograms(stack: Dbn, layer: number, train: Matrix): DbnHistogramsDto {
  const rows = Math.min(MONITOR_ROWS, train.rows)
  const step = train.rows / rows
  const x = new Float32Array(rows * train.cols)
  for (let r = 0; r < rows; r++) {
    const src = Math.floor(r * step) * train.cols
    x.set(train.data.subarray(src, src + train.cols), r * train.cols)
  }
  const hidden = stack.up(x, rows, layer)
  return { layer, weights: histogram(stack.layers[layer - 1]!.W), hidden: histogram(hidden, 20, { min: 0, max: 1 }) }
}
