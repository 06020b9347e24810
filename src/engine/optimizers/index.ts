/** Optimizers by name (a plain map, STYLE §15), built from the training settings. */
import type { Param } from '../layers/dense'
import type { FloatArray, KernelsOf, OptimizerName, TrainSettings } from '../types'
import { AdaGrad } from './adagrad'
import { Adam } from './adam'
import { Momentum } from './momentum'
import { Nesterov } from './nesterov'
import type { Alloc, Optimizer } from './optimizer'
import { RmsProp } from './rmsprop'
import { Sgd } from './sgd'

export { Optimizer, type Alloc } from './optimizer'
export { Sgd, Momentum, Nesterov, AdaGrad, RmsProp, Adam }

const OPTIMIZERS: Record<OptimizerName, (p: Param[], alloc: Alloc, s: TrainSettings, k?: KernelsOf<FloatArray>) => Optimizer> = {
  sgd: (p, _alloc, _s, k) => new Sgd(p, k?.sgdUpdate ? (w, g, lr) => k.sgdUpdate?.(w, g, lr) : undefined),
  momentum: (p, alloc, s) => new Momentum(p, alloc, s.momentum ?? 0.9),
  nesterov: (p, alloc, s) => new Nesterov(p, alloc, s.momentum ?? 0.9),
  adagrad: (p, alloc, s) => new AdaGrad(p, alloc, s.epsilon ?? 1e-8),
  rmsprop: (p, alloc, s) => new RmsProp(p, alloc, s.rho ?? 0.9, s.epsilon ?? 1e-8),
  adam: (p, alloc, s) => new Adam(p, alloc, s.beta1 ?? 0.9, s.beta2 ?? 0.999, s.epsilon ?? 1e-8),
}

/**
 * The optimizer named by `settings.optimizer` over `params`; state arrays come from `alloc`, and
 * `kernels` may offer a fast path (`sgdUpdate`).
 */
export function createOptimizer(params: Param[], alloc: Alloc, settings: TrainSettings, kernels?: KernelsOf<FloatArray>): Optimizer {
  const make = OPTIMIZERS[settings.optimizer]
  if (!make) throw new Error(`Unknown optimizer '${String(settings.optimizer)}'`)
  return make(params, alloc, settings, kernels)
}
