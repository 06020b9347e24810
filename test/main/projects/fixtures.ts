import type { ProjectDocument } from '../../../src/shared/project'

/** A valid project: XOR 2-4-1 drawn as a graph, with one saved result. */
export function xorProject(name = 'xor demo'): ProjectDocument {
  return {
    format: 'layerwise-project',
    version: 1,
    name,
    savedAt: '2026-11-21T20:00:00.000Z',
    data: { kind: 'builtin', name: 'xor' },
    graph: {
      nodes: [
        { id: 'input', kind: 'input', position: { x: 0, y: 0 }, config: { width: 2 } },
        { id: 'layer-0', kind: 'dense', position: { x: 300, y: 0 }, config: { units: 4, activation: 'tanh', init: 'glorotUniform', bias: true, lrScale: 1 } },
        { id: 'layer-1', kind: 'output', position: { x: 600, y: 0 }, config: { units: 1, activation: 'sigmoid', loss: 'mse', multiLabel: false, init: 'glorotUniform', bias: true } },
      ],
      edges: [
        { id: 'e-input-layer-0', source: 'input', target: 'layer-0' },
        { id: 'e-layer-0-layer-1', source: 'layer-0', target: 'layer-1' },
      ],
    },
    network: { inputs: 2, layers: [{ units: 4, activation: 'tanh', init: 'glorotUniform', bias: true }, { units: 1, activation: 'sigmoid', init: 'glorotUniform', bias: true }], loss: 'mse' },
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1000, seed: 1, shuffle: false },
    results: {
      result: { runId: 'run-1', stop: { kind: 'epochs' }, epochs: 1000, elapsedSeconds: 0.4, train: { loss: 0.01, accuracy: 1, confusion: [[2, 0], [0, 2]] }, test: null, labels: ['0', '1'] },
      epochs: [{ epoch: 1, trainLoss: 0.3, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, seconds: 0.001, samplesPerSecond: 4000, gradMeanAbs: [0.1, 0.2], learningRate: 0.5 }],
    },
  }
}
