/**
 * Elementwise FLOP costs of the units the engine runs, in the convention of `docs/estimator.md`:
 * every arithmetic operation, comparison or elementary function call (exp, log, tanh, sin, √, …)
 * counts as one FLOP, and a multiply-add counts as two. Counts follow the formulas the engine's
 * activations, losses and optimizers actually evaluate (see the comment next to each number).
 */
import type { ActivationName, LossName, OptimizerName } from '../types'

/** FLOPs per element: `forward` computes a = f(z), `backward` computes dz = f′(z) ⊙ da. */
export interface ElementCost {
  forward: number
  backward: number
}

/** FLOPs per pre-activation of each activation (softmax: per element of its row). */
export const ACTIVATION_FLOPS: Readonly<Record<ActivationName, ElementCost>> = {
  identity: { forward: 0, backward: 0 }, // a = z; dz = da (copies only)
  step: { forward: 1, backward: 0 }, // compare; f′ = 0 is written, not computed
  sigmoid: { forward: 3, backward: 3 }, // 1/(1+e^−z): exp, add, div; a(1−a)·da: sub, mul, mul
  tanh: { forward: 1, backward: 3 }, // tanh; (1−a²)·da: mul, sub, mul
  arctan: { forward: 1, backward: 4 }, // atan; da/(1+z²): mul, add, div, mul
  relu: { forward: 1, backward: 1 }, // compare (select); compare (select)
  leakyRelu: { forward: 2, backward: 2 }, // compare, mul; compare, mul
  elu: { forward: 4, backward: 3 }, // compare, exp, sub, mul; compare, add, mul
  softplus: { forward: 5, backward: 4 }, // max, abs, exp, log1p, add; σ(z)·da: exp, add, div, mul
  bentIdentity: { forward: 6, backward: 7 }, // mul, add, √, sub, div, add; mul, add, √, mul, div, add, mul
  softExponential: { forward: 4, backward: 3 }, // α-dependent exp/log form, about 4; derivative, about 3
  sinusoid: { forward: 1, backward: 2 }, // sin; cos, mul
  sinc: { forward: 2, backward: 6 }, // sin, div; (cos z − sinc z)/z·da: cos, sub, div, mul (+ sin, div)
  gaussian: { forward: 3, backward: 3 }, // mul, neg, exp; −2z·a·da: mul, mul, mul
  softmax: { forward: 5, backward: 4 }, // max, sub, exp, add, div per element; dot (2), sub, mul per element
}

/**
 * FLOPs per output element of each loss. `fused` is the form on logits used after a matching
 * activation (BCE after sigmoid, CCE after softmax): its backward yields ∂L/∂z = (y − t)/N directly,
 * so the output activation's backward is skipped.
 */
export const LOSS_FLOPS: Readonly<Record<LossName, { plain: ElementCost; fused: ElementCost }>> = {
  // (y−t)²: sub, mul, add; 2(y−t)/N: sub, mul
  mse: { plain: { forward: 3, backward: 2 }, fused: { forward: 3, backward: 2 } },
  // clamp (2), 2 logs, 1−t, 1−y, 2 muls, add, add ≈ 10; (y−t)/(y(1−y))/N: sub, sub, mul, div, mul
  // fused: max(z,0) − tz + ln(1+e^−|z|): max, mul, sub, abs, exp, log1p, add; (y−t)/N: sub, mul
  bce: { plain: { forward: 10, backward: 5 }, fused: { forward: 7, backward: 2 } },
  // clamp, log, mul, add; −t/y/N: div, mul
  // fused: log-sum-exp (max, sub, exp, add) + t·(z − lse): sub, mul, add ≈ 7; (y−t)/N: sub, mul
  cce: { plain: { forward: 4, backward: 2 }, fused: { forward: 7, backward: 2 } },
}

/** FLOPs per parameter of one optimizer step (run once per mini-batch), from each update rule. */
export const OPTIMIZER_FLOPS: Readonly<Record<OptimizerName, number>> = {
  sgd: 2, // w ← w − η·g
  momentum: 4, // v ← γv − η·g; w ← w + v
  nesterov: 6, // v ← γv − η·g; w ← w + γv − η·g
  adagrad: 7, // G ← G + g²; w ← w − η·g/(√G + ε)
  rmsprop: 9, // G ← ρG + (1−ρ)g²; w ← w − η·g/(√G + ε)
  adam: 13, // m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂, v̂; w ← w − η·m̂/(√v̂ + ε)
}
