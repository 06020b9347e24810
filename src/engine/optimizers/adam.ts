/** Adam with bias correction (Kingma & Ba 2015, arXiv:1412.6980, Algorithm 1). */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'
import { Optimizer, type Alloc } from './optimizer'

/** Adam: bias-corrected first and second moments of the gradient. */
export class Adam extends Optimizer {
  private readonly m: FloatArray[]
  private readonly v: FloatArray[]

  constructor(params: Param[], alloc: Alloc, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-8) {
    super(params)
    this.m = params.map((p) => alloc(p.value.length))
    this.v = params.map((p) => alloc(p.value.length))
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'adam', beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon }
  }

  // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  w ← w − η·m̂/(√v̂ + ε)
  protected update(index: number, w: FloatArray, g: FloatArray, lr: number): void {
    const m = this.m[index]
    const v = this.v[index]
    const { beta1, beta2, epsilon } = this
    const c1 = 1 - Math.pow(beta1, this.t)
    const c2 = 1 - Math.pow(beta2, this.t)
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i]
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon)
    }
  }
}
