/** Plain stochastic gradient descent. */
import { Optimizer } from './optimizer'
import type { FloatArray } from '../types'

export class Sgd extends Optimizer {
  getConfig(): Record<string, number | string> {
    return { optimizer: 'sgd' }
  }

  // w ← w − η·g
  protected update(_index: number, w: FloatArray, g: FloatArray, lr: number): void {
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i]
  }
}
