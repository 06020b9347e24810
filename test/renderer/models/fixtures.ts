import type { ModelInfo, PredictionsDto } from '../../../src/shared/models'

/** The summary the backend gives for the committed XOR fixture (2-4-1, tanh then sigmoid). */
export function xorInfo(overrides: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id: 'm1',
    name: 'xor-v1.json',
    source: 'import',
    kind: 'mlp',
    addedAt: '2026-11-21T21:00:00.000Z',
    inputs: 2,
    outputs: 1,
    loss: 'bce',
    layers: [
      { type: 'dense', inputs: 2, units: 4, activation: 'tanh', weights: 8, biases: 4 },
      { type: 'dense', inputs: 4, units: 1, activation: 'sigmoid', weights: 4, biases: 1 },
    ],
    params: { weights: 12, biases: 5 },
    task: 'binary',
    labels: ['0', '1'],
    preprocessing: { features: [{ name: 'a', kind: 'numeric', categories: 0 }, { name: 'colour', kind: 'categorical', categories: 3 }], scaling: 'none', target: 'xor' },
    training: [['optimizer', 'adam']],
    metrics: [['accuracy', '1']],
    tfjs: null,
    bytes: 1200,
    ...overrides,
  }
}

/** Predictions on two rows, the second one wrong. */
export function twoRows(): PredictionsDto {
  return {
    modelId: 'm1',
    title: 'new.csv',
    mode: 'classification',
    columns: ['p(0)', 'p(1)'],
    rows: [
      { row: 1, values: [0.9, 0.1], predicted: '0', actual: '0' },
      { row: 2, values: [0.8, 0.2], predicted: '0', actual: '1' },
    ],
    total: 2,
    skipped: 0,
    labels: ['0', '1'],
    accuracy: 0.5,
    confusion: [
      [1, 0],
      [1, 0],
    ],
    metrics: null,
    regression: null,
    threshold: null,
  }
}
