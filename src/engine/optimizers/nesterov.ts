/**
 * Nesterov accelerated gradient in the form of Bengio et al. 2012 (arXiv:1212.0901), which needs the
 * gradient only at the current weights: it equals v ← γv − η∇C(w + γv), w ← w + v.
 */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'
import { Optimizer, type Alloc } from './optimizer'

/** Nesterov momentum, gradient at the current weights (see the file comment). */
export class Nesterov extends Optimizer {
  private readonly v: FloatArray[]

  constructor(params: Param[], alloc: Alloc, public momentum = 0.9) {
    super(params)
    this.v = params.map((p) => alloc(p.value.length))
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'nesterov', momentum: this.momentum }
  }

  // v' ← γv − η·g;  w ← w − γv + (1+γ)v'
  protected update(index: number, w: FloatArray, g: FloatArray, lr: number): void {
    const v = this.v[index]
    const gamma = this.momentum
    for (let i = 0; i < w.length; i++) {
      const prev = v[i]
      v[i] = gamma * prev - lr * g[i]
      w[i] += -gamma * prev + (1 + gamma) * v[i]
    }
  }
}
