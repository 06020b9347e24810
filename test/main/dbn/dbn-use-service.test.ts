import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rbm } from '../../../src/engine/rbm'
import type { Table } from '../../../src/main/data'
import { prepareDbnData } from '../../../src/main/training/dbn-data'
import { DbnUseService, type DbnModelSource } from '../../../src/main/dbn/dbn-use-service'
import type { LoadedModel } from '../../../src/main/models/model-file'
import { dispatch, type Handlers } from '../../../src/main/api/dispatch'

/** Four 4×4 "images": all 0, all 1, all 0.5, all 0; the label column marks the extremes. */
function table(): Table {
  const rows = [0, 1, 0.5, 0]
  const columns: Table['columns'] = Array.from({ length: 16 }, (_, p) => ({ name: `p${p}`, type: 'numeric' as const, values: Float32Array.from(rows) }))
  columns.push({ name: 'label', type: 'categorical', values: ['a', 'b', 'c', 'a'] })
  return { name: 'tiny', rows: 4, columns, image: { width: 4, height: 4, channels: 1 } }
}

/**
 * An RBM with zero weights and biases: p(h|v) = σ(0) = ½ for every input, so the up-down reconstruction of
 * every row is σ(b) = ½ everywhere, and a row's reconstruction MSE is the mean of (x − ½)².
 */
function service(rbm = new Rbm(naiveKernels, { nVisible: 16, nHidden: 3, visible: 'bernoulli' })): DbnUseService {
  const prepared = prepareDbnData(table(), { target: 'label', classifier: false, visible: 'bernoulli', validation: 0, test: 0, seed: 1 })
  const model: LoadedModel = { kind: 'rbm', json: {}, dbn: { kind: 'rbm', rbm, preprocessing: prepared.preprocessing } }
  const models: DbnModelSource = { list: async () => [], store: { get: (id) => (id === 'run-1' ? { model } : undefined) } }
  return new DbnUseService({ models, data: { tables: () => ({ table: table() }) } })
}

const data = { kind: 'imported' as const, id: 'tiny', name: 'tiny' }

describe('DbnUseService.denoise', () => {
  it('compares masked rows (every value set to 0) and their reconstructions with the clean rows', async () => {
    const reply = await service().denoise({ modelId: 'run-1', data, noise: { kind: 'mask', level: 1 }, shown: 2, seed: 1 })
    // noisy = 0 everywhere: MSE = mean of x² over rows 0, 1, 0.5, 0 = (0 + 1 + 0.25 + 0) / 4
    expect(reply.mseNoisy).toBeCloseTo(0.3125, 6)
    // reconstruction = ½ everywhere: MSE = mean of (x − ½)² = (0.25 + 0.25 + 0 + 0.25) / 4
    expect(reply.mseReconstructed).toBeCloseTo(0.1875, 6)
    expect(reply.psnrReconstructed).toBeCloseTo(10 * Math.log10(1 / 0.1875), 4)
  })

  it('returns the first rows clean, noisy and reconstructed with the image shape', async () => {
    const reply = await service().denoise({ modelId: 'run-1', data, noise: { kind: 'mask', level: 1 }, shown: 2, seed: 1 })
    expect(reply.samples.map((s) => s.row)).toEqual([1, 2])
    expect(reply.samples[1]!.clean[0]).toBe(1)
    expect(reply.samples[1]!.noisy[0]).toBe(0)
    expect(reply.samples[1]!.reconstructed[0]).toBe(0.5)
    expect(reply.image).toEqual({ width: 4, height: 4, channels: 1 })
  })

  it('writes every reconstruction as CSV under the input names', async () => {
    const csv = await service().denoiseCsv({ modelId: 'run-1', data, noise: { kind: 'mask', level: 0 }, shown: 0, seed: 1 })
    const lines = csv.trim().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['row', 'p0', 'p1'])
    expect(lines[1]!.split(',').slice(0, 2)).toEqual(['1', '0.5'])
  })
})

describe('DbnUseService.anomaly', () => {
  it('scores each row by its reconstruction MSE', async () => {
    const reply = await service().anomaly({ modelId: 'run-1', data, score: 'recon', top: 2 })
    expect(reply.scores).toEqual([0.25, 0.25, 0, 0.25])
  })

  it('gives AUC 1 when the label marks exactly the rows that reconstruct worst', async () => {
    const reply = await service().anomaly({ modelId: 'run-1', data, score: 'recon', labels: { column: 'label', positive: 'b' }, top: 0 })
    // Row 2 ("b") scores 0.25 like rows 1 and 4 ("a"): ties count half, so AUC = (0.5 + 0.5 + 1) / 3.
    expect(reply.auc).toBeCloseTo(2 / 3, 6)
    expect(reply.anomaly).toEqual([0, 1, 0, 0])
  })

  it('reads the threshold percentiles off the reference rows', async () => {
    const reply = await service().anomaly({ modelId: 'run-1', data, score: 'recon', top: 0 })
    expect(reply.referencePercentiles).toHaveLength(101)
    expect(reply.referencePercentiles[0]).toBe(0)
    expect(reply.referencePercentiles[100]).toBe(0.25)
  })

  it('lists the top rows, highest score first, with their labels', async () => {
    const reply = await service().anomaly({ modelId: 'run-1', data, score: 'recon', labels: { column: 'label' }, top: 3 })
    expect(reply.top.map((t) => t.score)).toEqual([0.25, 0.25, 0.25])
    expect(reply.top.map((t) => t.row).sort()).toEqual([1, 2, 4])
    expect(reply.roc).toBeNull()
  })

  it('leaves out anomaly marks when no row of the label column is an anomaly', async () => {
    const reply = await service().anomaly({ modelId: 'run-1', data, score: 'recon', labels: { column: 'label' }, top: 0 })
    expect(reply.anomaly).toBeNull()
    expect(reply.classes).toEqual(['a', 'b', 'c', 'a'])
  })
})

describe('DbnUseService.sample and filters', () => {
  it('takes one snapshot every steps/frames Gibbs steps, each the mean σ(b) = ½ for a zero RBM', async () => {
    const reply = await service().sample({ modelId: 'run-1', count: 2, steps: 10, frames: 5, seed: 3 })
    expect(reply.frames.map((f) => f.step)).toEqual([2, 4, 6, 8, 10])
    expect(reply.frames[0]!.samples[1]![5]).toBe(0.5)
    expect(reply.image).toEqual({ width: 4, height: 4, channels: 1 })
  })

  it('draws filter j as column j of W mapped by ½ + ½·w / max|w|', async () => {
    const rbm = new Rbm(naiveKernels, { nVisible: 16, nHidden: 3, visible: 'bernoulli' })
    rbm.W[0 * 3 + 1] = 2 // visible 0 → hidden 1
    rbm.W[5 * 3 + 1] = -1 // visible 5 → hidden 1
    const reply = await service(rbm).filters({ modelId: 'run-1', layer: 1, max: 2 })
    expect(reply.filters).toHaveLength(2)
    expect(reply.units).toBe(3)
    expect([reply.filters[1]![0], reply.filters[1]![5], reply.filters[1]![9]]).toEqual([1, 0.25, 0.5])
  })

  it('refuses a model id it does not keep', async () => {
    await expect(service().filters({ modelId: 'nope', layer: 1, max: 1 })).rejects.toThrow(/No model with id nope/)
  })
})

describe('DbnUseService.example', () => {
  it('keeps MNIST without the chosen digit as a data set that dbn:start can read', async () => {
    const s = service()
    const example = await s.example({ digit: 7, rows: 200 })
    const { table: t } = s.tables(example.train.id)
    const labels = t.columns.find((c) => c.name === 'label')!.values as string[]
    expect(t.rows).toBe(200)
    expect(labels.includes('7')).toBe(false)
    expect(example.labels).toEqual({ column: 'label', positive: '7' })
  })
})

describe('dbn use channel validation', () => {
  const handlers = { 'dbn:denoise': async () => ({}) } as unknown as Handlers

  it('refuses a salt-and-pepper rate above 1', async () => {
    const reply = await dispatch(handlers, 'dbn:denoise', [{ modelId: 'run-1', data, noise: { kind: 'saltpepper', level: 2 }, shown: 4, seed: 1 }])
    expect(reply.ok).toBe(false)
  })

  it('refuses more than 64 chains of Gibbs sampling', async () => {
    const reply = await dispatch(handlers, 'dbn:sample', [{ modelId: 'run-1', count: 65, steps: 10, frames: 5, seed: 1 }])
    expect(reply.ok).toBe(false)
  })
})
