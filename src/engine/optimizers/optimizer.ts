/**
 * The small base every optimizer shares (STYLE §12): it owns the parameter list, counts steps, and
 * leaves the update rule of one array to the subclass. The learning rate is passed per step, so
 * schedules live in the trainer.
 */
import type { Param } from '../layers/dense'
import type { FloatArray } from '../types'

/** Allocates optimizer state the way the network allocates its buffers (zero-filled). */
export type Alloc = (length: number) => FloatArray

/** Base of every optimizer: `step(η)`, `zeroGrad()`, `getConfig()`; subclasses give the per-array update. */
export abstract class Optimizer {
  /** Steps taken so far (t of Adam's bias correction). */
  protected t = 0

  constructor(readonly params: Param[]) {}

  /** One update of every parameter array with learning rate η·(the array's lrScale). */
  step(learningRate: number): void {
    this.t++
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i]
      this.update(i, p.value, p.grad, learningRate * p.lrScale)
    }
  }

  /** Sets every gradient to 0. */
  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0)
  }

  /** The hyper-parameters, for logs and model files. */
  abstract getConfig(): Record<string, number | string>

  /** Updates array `index` (w) from its gradient g with step size lr. */
  protected abstract update(index: number, w: FloatArray, g: FloatArray, lr: number): void
}
