import { describe, expect, it, vi } from 'vitest'
import { DataError, classCounts, inferSchema, prepareData } from '../../../src/engine/data'
import { listBuiltins, loadBuiltin } from '../../../src/main/data'

vi.setConfig({ testTimeout: 30_000 })

describe('built-in data sets', () => {
  it('lists the gates, the toys, Iris and MNIST', () => {
    expect(listBuiltins().map((b) => b.name)).toEqual(['and', 'or', 'nand', 'xor', 'circles', 'moons', 'spirals', 'blobs', 'line', 'flu', 'iris', 'mnist'])
  })

  it('loads every one by name, also as builtin:NAME, and toys by seed', async () => {
    for (const { name } of listBuiltins().filter((b) => b.name !== 'mnist')) {
      const t = await loadBuiltin(`builtin:${name.toUpperCase()}`, { seed: 3, count: 60 })
      expect(t.rows).toBeGreaterThan(0)
      expect(() => prepareData(t, { split: { train: 1, val: 0, test: 0 } })).not.toThrow()
    }
    expect(await loadBuiltin('moons', { seed: 4 })).toEqual(await loadBuiltin('moons', { seed: 4 }))
    await expect(loadBuiltin('cifar')).rejects.toThrow(DataError)
    await expect(loadBuiltin('cifar')).rejects.toThrow('there is no built-in data set "cifar"; choose one of and, or')
  })

  it('MNIST: 10,000 28×28 images in [0, 1] with labels 0…9, and a fresh copy on every load', async () => {
    const t = await loadBuiltin('mnist')
    expect(t.rows).toBe(10_000)
    expect(t.image).toEqual({ width: 28, height: 28, channels: 1 })
    expect(t.columns.length).toBe(785)
    const label = t.columns[784]
    expect(label.name).toBe('label')
    expect(classCounts(label).map((c) => c.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(Array.from({ length: 10 }, (_, r) => label.values[r])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    let min = Infinity
    let max = -Infinity
    for (let p = 0; p < 784; p++) {
      const values = t.columns[p].values as Float32Array
      for (let r = 0; r < values.length; r++) {
        if (values[r] < min) min = values[r]
        if (values[r] > max) max = values[r]
      }
    }
    expect(min).toBe(0)
    expect(max).toBeLessThanOrEqual(1)
    expect(max).toBeGreaterThan(0.9)
    const schema = inferSchema(t)
    expect(schema.task).toBe('multiclass')
    expect(schema.features.length).toBe(784)
    // Load time is a benchmark, not a test. The second load comes from the parsed cache as a copy,
    // so a caller that transfers or edits its table cannot spoil it.
    const again = await loadBuiltin('mnist')
    expect(again.columns[400].values).not.toBe(t.columns[400].values)
    expect(again.columns[400].values).toEqual(t.columns[400].values)
  })
})
