/** Plain stochastic gradient descent. */
import { Optimizer } from './optimizer'
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'

/** SGD: w ← w − η·g. */
export class Sgd extends Optimizer {
  /** `fast`, when given, performs w −= η·g itself (the kernels' SIMD path). */
  constructor(params: Param[], private readonly fast?: (w: FloatArray, g: FloatArray, lr: number) => void) {
    super(params)
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'sgd' }
  }

  // w ← w − η·g
  protected update(_index: number, w: FloatArray, g: FloatArray, lr: number): void {
    if (this.fast) return this.fast(w, g, lr)
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i]
  }
}
