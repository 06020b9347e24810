/** Classical momentum (Polyak 1964; Sutskever et al. 2013 for the 0.5 → 0.9 schedule). */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'
import { Optimizer, type Alloc } from './optimizer'

/** Classical momentum: v ← γv − η·g, w ← w + v. `momentum` (γ) may change between steps. */
export class Momentum extends Optimizer {
  private readonly v: FloatArray[]

  /** γ: the trainer may change it between epochs (the classic schedule). */
  constructor(params: Param[], alloc: Alloc, public momentum = 0.9) {
    super(params)
    this.v = params.map((p) => alloc(p.value.length))
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'momentum', momentum: this.momentum }
  }

  // v ← γv − η·g;  w ← w + v
  protected update(index: number, w: FloatArray, g: FloatArray, lr: number): void {
    const v = this.v[index]
    const gamma = this.momentum
    for (let i = 0; i < w.length; i++) {
      v[i] = gamma * v[i] - lr * g[i]
      w[i] += v[i]
    }
  }
}
