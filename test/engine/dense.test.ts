import { describe, expect, it } from 'vitest'
import { Dense, float64Kernels } from '../../src/engine'
import { gradcheck, uniform } from '../helpers/gradcheck'

function layer(bias: boolean, capacity = 4): Dense<Float64Array> {
  const d = new Dense(float64Kernels, 5, 3, bias)
  d.reserve(capacity)
  d.W.set(uniform(15, 1))
  d.b?.set(uniform(3, 2))
  return d
}

describe('dense layer', () => {
  it('computes Z = X·Wᵀ + b with W[j][k] from input k to unit j', () => {
    const d = layer(true)
    const x = uniform(20, 3)
    const z = d.forward(x, 4)
    for (let r = 0; r < 4; r++) {
      for (let j = 0; j < 3; j++) {
        let s = d.b![j]
        for (let k = 0; k < 5; k++) s += d.W[j * 5 + k] * x[r * 5 + k]
        expect(z[r * 3 + j]).toBeCloseTo(s, 14)
      }
    }
  })

  for (const bias of [true, false]) {
    describe(bias ? 'with bias' : 'without bias', () => {
      const d = layer(bias)
      const x = uniform(20, 3)
      const g = uniform(12, 4)
      // f = Σ g ⊙ Z, so ∂f/∂Z = g is the upstream gradient
      const f = (): number => d.forward(x, 4).slice(0, 12).reduce((s, v, i) => s + v * g[i], 0)

      it('∂/∂W, ∂/∂b and ∂/∂X match central differences', () => {
        f()
        d.backward(x, g, 4, true)
        expect(gradcheck(f, d.W, d.dW.slice()).maxError).toBeLessThan(1e-7)
        expect(gradcheck(f, x, d.dx.slice(0, 20)).maxError).toBeLessThan(1e-7)
        if (bias) expect(gradcheck(f, d.b!, d.db!.slice()).maxError).toBeLessThan(1e-7)
        else expect(d.b).toBeNull()
      })
    })
  }

  it('a partial batch in a larger buffer gives the same numbers', () => {
    const small = layer(true, 2)
    const big = layer(true, 9)
    const x = uniform(10, 5)
    const g = uniform(6, 6)
    expect(Array.from(big.forward(x, 2).subarray(0, 6))).toEqual(Array.from(small.forward(x, 2).subarray(0, 6)))
    small.backward(x, g, 2, true)
    big.backward(x, g, 2, true)
    expect(Array.from(big.dW)).toEqual(Array.from(small.dW))
    expect(Array.from(big.db!)).toEqual(Array.from(small.db!))
    expect(Array.from(big.dx.subarray(0, 10))).toEqual(Array.from(small.dx.subarray(0, 10)))
  })

  it('round-trips its parameters through toJSON / fromJSON', () => {
    const d = layer(true)
    const copy = Dense.fromJSON(d.toJSON(), float64Kernels)
    expect(Array.from(copy.W)).toEqual(Array.from(d.W))
    expect(Array.from(copy.b!)).toEqual(Array.from(d.b!))
  })
})
