import { describe, expect, it } from 'vitest'
import { compileGraph } from '../../../src/renderer/src/graph/compile'
import { graphFromNetwork } from '../../../src/renderer/src/graph/from-spec'
import type { NetworkSpec } from '../../../src/shared/dto'
import { chain, net342 } from './helpers'

describe('compileGraph, one case per node type', () => {
  it('Input: its width becomes the network inputs', () => {
    const compiled = compileGraph(net342())
    expect(compiled.kind === 'network' && compiled.network.inputs).toBe(3)
  })

  it('Dense: units, activation, initializer, bias and learning-rate scale become a layer', () => {
    const graph = chain(['input', { width: 3 }], ['dense', { units: 4, activation: 'tanh', init: 'heNormal', bias: false, lrScale: 0.5 }], ['output', { units: 1, activation: 'sigmoid', loss: 'bce' }])
    const compiled = compileGraph(graph)
    expect(compiled.kind === 'network' && compiled.network.layers[0]).toEqual({ units: 4, activation: 'tanh', init: 'heNormal', bias: false, lrScale: 0.5 })
  })

  it('Output: the last layer, and its loss becomes the network loss', () => {
    expect(compileGraph(net342())).toEqual({
      kind: 'network',
      network: {
        inputs: 3,
        layers: [
          { units: 4, activation: 'sigmoid', init: 'heUniform', bias: true },
          { units: 2, activation: 'softmax', init: 'glorotUniform', bias: true },
        ],
        loss: 'cce',
      },
    })
  })

  it('RBM: each RBM is one pretrained layer with its CD-k', () => {
    const compiled = compileGraph(chain(['input', { width: 784 }], ['rbm', { hidden: 256, visible: 'gaussian', k: 3 }], ['rbm', { hidden: 64 }]))
    expect(compiled).toEqual({ kind: 'dbn', dbn: { inputs: 784, visible: 'gaussian', layers: [256, 64], k: [3, 1], fineTune: { mode: 'none' } } })
  })

  it('DBN stack followed by an Output: a DBN classifier fine-tuned on the classes', () => {
    const compiled = compileGraph(chain(['input', { width: 784 }], ['dbn', { layers: [500, 200], k: 2 }], ['output', { units: 10, activation: 'softmax', loss: 'cce' }]))
    expect(compiled).toEqual({ kind: 'dbn', dbn: { inputs: 784, visible: 'bernoulli', layers: [500, 200], k: [2, 2], fineTune: { mode: 'classifier', classes: 10 } } })
  })

  it('Autoencoder: its encoder sizes are pretrained, then fine-tuned on reconstruction', () => {
    const compiled = compileGraph(chain(['input', { width: 784 }], ['autoencoder', { layers: [256, 32] }]))
    expect(compiled).toEqual({ kind: 'dbn', dbn: { inputs: 784, visible: 'bernoulli', layers: [256, 32], k: [1, 1], fineTune: { mode: 'autoencoder' } } })
  })

  it('refuses a graph that is not one chain from an Input', () => {
    expect(compileGraph({ nodes: [], edges: [] }).kind).toBe('invalid')
  })

  it('round-trips a NetworkSpec drawn with graphFromNetwork', () => {
    const spec: NetworkSpec = { inputs: 784, layers: [{ units: 128, activation: 'relu', init: 'heUniform' }, { units: 10, activation: 'softmax', init: 'glorotUniform' }], loss: 'cce' }
    const compiled = compileGraph(graphFromNetwork(spec))
    expect(compiled.kind === 'network' && compiled.network.layers.map((l) => [l.units, l.activation])).toEqual([[128, 'relu'], [10, 'softmax']])
  })
})
