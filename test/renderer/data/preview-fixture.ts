import type { DataPreview } from '../../../src/shared/dto'

/** The preview of a small imported CSV: age, color (with one missing value), label as the binary target. */
export function colorsPreview(overrides: Partial<DataPreview> = {}): DataPreview {
  return {
    data: { kind: 'imported', id: 'imp-1', name: 'colors.csv', target: 'label' },
    title: 'colors.csv',
    format: 'csv',
    rows: 6,
    testRows: null,
    columns: [
      { name: 'age', kind: 'numeric', missing: 0, distinct: 6, min: 1, max: 6, mean: 3.5, std: 1.7, histogram: [1, 0, 2, 3] },
      { name: 'color', kind: 'categorical', missing: 1, distinct: 3, top: [{ value: 'red', count: 2 }, { value: 'blue', count: 2 }, { value: 'green', count: 1 }] },
      { name: 'label', kind: 'categorical', missing: 0, distinct: 2, top: [{ value: 'no', count: 3 }, { value: 'yes', count: 3 }] },
    ],
    headColumns: ['age', 'color', 'label'],
    head: [['1', 'red', 'yes'], ['2', '', 'no']],
    target: 2,
    task: 'binary',
    detectedTask: 'binary',
    classes: [{ label: 'no', count: 3 }, { label: 'yes', count: 3 }],
    features: ['age', 'color'],
    inputs: 4,
    outputs: 1,
    problem: null,
    dropped: 0,
    image: null,
    samples: [],
    ...overrides,
  }
}
