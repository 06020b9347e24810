/**
 * Loss, accuracy, predicted classes and confusion matrix of a network on a whole data set, computed
 * in chunks through the network's own buffers.
 */
import { lossFor } from './losses'
import { confusionMatrix } from './metrics'
import type { Network } from './network'
import type { Dataset, FloatArray, LossName, Task } from './types'

/** The task a loss implies when the settings name none: cce → multiclass, bce → binary, mse → regression. */
export function taskFor(loss: LossName): Task {
  return loss === 'cce' ? 'multiclass' : loss === 'bce' ? 'binary' : 'regression'
}

/** Class of one row of outputs at `o`: y ≥ 0.5 for a single output, else the arg max (first on ties). */
export function classOf(y: FloatArray, o: number, cols: number): number {
  if (cols === 1) return y[o] >= 0.5 ? 1 : 0
  let best = 0
  for (let j = 1; j < cols; j++) if (y[o + j] > y[o + best]) best = j
  return best
}

/** Rows whose predicted class equals the class of the target row. */
export function countCorrect(y: FloatArray, t: FloatArray, rows: number, cols: number): number {
  let correct = 0
  for (let r = 0; r < rows; r++) if (classOf(y, r * cols, cols) === classOf(t, r * cols, cols)) correct++
  return correct
}

/** Result of `evaluate`. */
export interface Evaluation {
  /** Mean loss over all rows. */
  loss: number
  /** Fraction of rows classified correctly; null for regression. */
  accuracy: number | null
  /** Predicted class per row; null for regression. */
  predictions: Int32Array | null
  /** Rows = actual class, columns = predicted class (SPEC §5); null for regression. */
  confusion: number[][] | null
}

/** Rows per chunk of `evaluate`. */
const CHUNK = 256

/**
 * Evaluates `net` on `data` with the named loss. Classes are the arg max of the outputs (threshold
 * 0.5 for one output); actual classes come from `data.labels`, else from the targets the same way.
 */
export function evaluate<A extends FloatArray>(net: Network<A>, data: Dataset, loss: LossName, task: Task): Evaluation {
  if (data.inputs !== net.inputs || data.outputs !== net.outputs) {
    throw new Error(`evaluate: the data has ${data.inputs} inputs and ${data.outputs} outputs, the network ${net.inputs} and ${net.outputs}`)
  }
  const L = net.layerCount - 1
  const unit = lossFor(loss, net.spec.layers[L].activation)
  const { inputs, outputs } = net
  net.reserve(Math.max(1, Math.min(CHUNK, data.rows)))
  const chunk = net.batchCapacity
  const { x, t } = net.staging()
  const classify = task !== 'regression'
  const predictions = classify ? new Int32Array(data.rows) : null
  let lossSum = 0
  for (let r0 = 0; r0 < data.rows; r0 += chunk) {
    const n = Math.min(chunk, data.rows - r0)
    for (let i = 0; i < n * inputs; i++) x[i] = data.x[r0 * inputs + i]
    for (let i = 0; i < n * outputs; i++) t[i] = data.y[r0 * outputs + i]
    const y = net.forward(x, n)
    lossSum += unit.forward(y, net.dense[L].z, t, n, outputs) * n
    if (predictions) for (let r = 0; r < n; r++) predictions[r0 + r] = classOf(y, r * outputs, outputs)
  }
  const result: Evaluation = { loss: lossSum / data.rows, accuracy: null, predictions, confusion: null }
  if (predictions) {
    const actual = data.labels ?? Int32Array.from({ length: data.rows }, (_, r) => classOf(data.y, r * outputs, outputs))
    const classes = outputs === 1 ? 2 : outputs
    let correct = 0
    for (let r = 0; r < data.rows; r++) if (actual[r] === predictions[r]) correct++
    result.accuracy = data.rows > 0 ? correct / data.rows : 0
    result.confusion = confusionMatrix(actual, predictions, classes)
  }
  return result
}
