import { vi } from 'vitest'
import type { Api } from '../../../src/shared/ipc'
import type { NetworkCost, NetworkSpec } from '../../../src/shared/dto'

/** Cost the way the engine counts it, enough for the store tests: weights, biases, 2·in·out FLOPs. */
export function fakeCost(spec: NetworkSpec): NetworkCost {
  let fanIn = spec.inputs
  const layers = spec.layers.map((l, i) => {
    const weights = fanIn * l.units
    const biases = l.bias === false ? 0 : l.units
    const layer = { index: i + 1, fanIn, units: l.units, activation: l.activation, weights, biases, flopsForward: 2 * weights, flopsBackward: 4 * weights, breakdown: {} }
    fanIn = l.units
    return layer
  })
  const weights = layers.reduce((s, l) => s + l.weights, 0)
  const biases = layers.reduce((s, l) => s + l.biases, 0)
  return { layers, parameters: weights + biases, parametersWithoutBias: weights, loss: { flopsForward: 0, flopsBackward: 0, fused: true }, flopsForward: 2 * weights, flopsBackward: 4 * weights, flopsPerSample: 6 * weights } as unknown as NetworkCost
}

export const invoke = {
  'app:info': vi.fn(async () => ({ name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } })),
  'estimate:network': vi.fn(async (spec: NetworkSpec) => fakeCost(spec)),
  'data:preview': vi.fn(async () => {
    throw new Error('no preview in tests')
  }),
  'data:builtins': vi.fn(async () => [{ name: 'xor', title: 'XOR', description: '', kind: 'gate', generated: false }]),
  'project:parse': vi.fn(async (text: string) => JSON.parse(text)),
  'project:save': vi.fn(),
  'project:open': vi.fn(),
  'project:recent': vi.fn(async () => []),
  'project:autosave': vi.fn(),
}

export const fakeApi = { invoke, on: new Proxy({}, { get: () => () => () => undefined }) } as unknown as Api
