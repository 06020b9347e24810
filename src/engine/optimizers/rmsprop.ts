/** RMSProp (Hinton, Coursera lecture 6e, 2012): step sizes scaled by a running RMS of the gradient. */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'
import { Optimizer, type Alloc } from './optimizer'

/** RMSProp: w ← w − η·g/(√E + ε), E the running mean of g² with decay ρ. */
export class RmsProp extends Optimizer {
  private readonly E: FloatArray[]

  constructor(params: Param[], alloc: Alloc, readonly rho = 0.9, readonly epsilon = 1e-8) {
    super(params)
    this.E = params.map((p) => alloc(p.value.length))
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'rmsprop', rho: this.rho, epsilon: this.epsilon }
  }

  // E ← ρE + (1−ρ)g²;  w ← w − η·g / (√E + ε)
  protected update(index: number, w: FloatArray, g: FloatArray, lr: number): void {
    const E = this.E[index]
    const rho = this.rho
    for (let i = 0; i < w.length; i++) {
      E[i] = rho * E[i] + (1 - rho) * g[i] * g[i]
      w[i] -= (lr * g[i]) / (Math.sqrt(E[i]) + this.epsilon)
    }
  }
}
