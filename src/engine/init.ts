/**
 * Weight initialisers of SPEC §3.4, all driven by a seeded `Rng`. fanIn = inputs of the layer,
 * fanOut = its units. Biases start at 0.
 */
import type { Rng } from './random'
import type { ActivationName, FloatArray, InitName } from './types'

/** The initialiser used when a layer names none: He for the ReLU family, Glorot otherwise. */
export function defaultInit(activation: ActivationName): InitName {
  return activation === 'relu' || activation === 'leakyRelu' || activation === 'elu' ? 'heUniform' : 'glorotUniform'
}

/**
 * Fills w with draws of the named initialiser:
 * gaussian N(0, σ²); Glorot uniform U(±√(6/(in+out))), normal N(0, 2/(in+out)) (Glorot & Bengio 2010);
 * He uniform U(±√(6/in)), normal N(0, 2/in) (He et al. 2015, arXiv:1502.01852); LeCun normal N(0, 1/in).
 */
export function initWeights(w: FloatArray, fanIn: number, fanOut: number, init: InitName, sigma: number, rng: Rng): void {
  const uniform = (limit: number): void => {
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit
  }
  const normal = (s: number): void => {
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * s
  }
  switch (init) {
    case 'gaussian':
      return normal(sigma)
    case 'glorotUniform':
      return uniform(Math.sqrt(6 / (fanIn + fanOut)))
    case 'glorotNormal':
      return normal(Math.sqrt(2 / (fanIn + fanOut)))
    case 'heUniform':
      return uniform(Math.sqrt(6 / fanIn))
    case 'heNormal':
      return normal(Math.sqrt(2 / fanIn))
    case 'lecunNormal':
      return normal(Math.sqrt(1 / fanIn))
  }
}
