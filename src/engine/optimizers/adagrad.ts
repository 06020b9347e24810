/** AdaGrad (Duchi, Hazan & Singer 2011): per-weight step sizes shrink with the sum of squared gradients. */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'
import { Optimizer, type Alloc } from './optimizer'

/** AdaGrad: w ← w − η·g/(√G + ε), G the running sum of g². */
export class AdaGrad extends Optimizer {
  private readonly G: FloatArray[]

  constructor(params: Param[], alloc: Alloc, readonly epsilon = 1e-8) {
    super(params)
    this.G = params.map((p) => alloc(p.value.length))
  }

  getConfig(): Record<string, number | string> {
    return { optimizer: 'adagrad', epsilon: this.epsilon }
  }

  // G ← G + g²;  w ← w − η·g / (√G + ε)
  protected update(index: number, w: FloatArray, g: FloatArray, lr: number): void {
    const G = this.G[index]
    for (let i = 0; i < w.length; i++) {
      G[i] += g[i] * g[i]
      w[i] -= (lr * g[i]) / (Math.sqrt(G[i]) + this.epsilon)
    }
  }
}
