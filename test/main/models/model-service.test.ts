/** @vitest-environment node */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Network, Rng, tsKernels } from '../../../src/engine'
import { Dbn, Rbm, saveDbnModel, unroll } from '../../../src/engine/rbm'
import { importFile, loadBuiltin, type Table } from '../../../src/main/data'
import { ModelService } from '../../../src/main/models/model-service'
import { loadModelText } from '../../../src/main/models/model-file'
import type { DataRef } from '../../../src/shared/dto'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/models/${name}`, import.meta.url), 'utf8')
const xorText = fixture('xor-v1.json')
const truthTable = 'a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n'
const recorded = JSON.parse(fixture('xor-v1.predictions.json')) as { inputs: number[]; rows: number; outputs: number[] }

async function csvTable(name: string, text: string): Promise<Table> {
  return (await importFile({ name, bytes: new TextEncoder().encode(text) })).table
}

/** A service over a fixed set of tables: `builtin` names load the built-in sets, `imported` ids the given tables. */
function service(tables: Record<string, Table> = {}): ModelService {
  return new ModelService({
    host: 'web',
    kernels: async () => tsKernels,
    table: async (ref: DataRef) => (ref.kind === 'imported' ? tables[ref.id]! : await loadBuiltin(ref.name)),
  })
}

describe('model import', () => {
  it('loads the committed v1 fixture and reproduces its recorded predictions', () => {
    const model = loadModelText('xor-v1.json', xorText, tsKernels)
    if (model.kind !== 'mlp') throw new Error('expected an mlp')
    const y = model.net.predict(Float32Array.from(recorded.inputs), recorded.rows)
    recorded.outputs.forEach((p, i) => expect(y[i]).toBeCloseTo(p, 6))
  })

  it('summarises the imported model: layers, parameters, preprocessing, metrics', async () => {
    const info = await service().import({ name: 'xor-v1.json', text: xorText })
    expect(info.kind).toBe('mlp')
    expect(info.source).toBe('import')
    expect(info.layers.map((l) => [l.inputs, l.units, l.activation, l.weights, l.biases])).toEqual([
      [2, 4, 'tanh', 8, 4],
      [4, 1, 'sigmoid', 4, 1],
    ])
    // 2·4 + 4·1 = 12 weights; 4 + 1 = 5 biases
    expect(info.params).toEqual({ weights: 12, biases: 5 })
    expect(info.preprocessing).toEqual({ features: [{ name: 'a', kind: 'numeric', categories: 0 }, { name: 'b', kind: 'numeric', categories: 0 }], scaling: 'none', target: 'xor' })
    expect(info.labels).toEqual(['0', '1'])
    expect(info.metrics).toEqual([['accuracy', '1']])
    expect(info.tfjs).toBeNull()
  })

  it('lists imported models newest first', async () => {
    const s = service()
    const a = await s.import({ name: 'a.json', text: xorText })
    const b = await s.import({ name: 'b.json', text: xorText })
    expect((await s.list()).map((m) => m.id)).toEqual([b.id, a.id])
  })

  it('refuses a path in web mode', async () => {
    await expect(service().import({ path: '/etc/passwd' })).rejects.toThrow('only in the desktop app')
  })
})

describe('prediction', () => {
  it('predicts the XOR truth table with accuracy 1 and a diagonal confusion matrix', async () => {
    const s = service({ t1: await csvTable('xor.csv', truthTable) })
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    const p = await s.predict({ modelId: id, data: { kind: 'imported', id: 't1', name: 'xor.csv' } })
    expect(p.mode).toBe('classification')
    expect(p.columns).toEqual(['p(0)', 'p(1)'])
    expect(p.rows.map((r) => r.predicted)).toEqual(p.rows.map((r) => r.actual))
    expect(p.accuracy).toBe(1)
    expect(p.confusion).toEqual([
      [2, 0],
      [0, 2],
    ])
  })

  it('applies the stored preprocessing to a dropped CSV without the target column', async () => {
    const table = await csvTable('new.csv', 'a,b\n0,1\n1,1\n')
    const s = service({ t1: table })
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    const p = await s.predict({ modelId: id, data: { kind: 'imported', id: 't1', name: 'new.csv' } })
    expect(p.rows.map((r) => r.predicted)).toEqual(['1', '0'])
    // p(1) is the sigmoid output recorded for (0,1) and (1,1); p(0) = 1 − p(1)
    expect(p.rows[0]!.values[1]).toBeCloseTo(recorded.outputs[1]!, 6)
    expect(p.rows[1]!.values[0]).toBeCloseTo(1 - recorded.outputs[3]!, 6)
    expect(p.accuracy).toBeNull()
    expect(p.confusion).toBeNull()
  })

  it('writes every prediction as CSV with a header', async () => {
    const table = await csvTable('new.csv', 'a,b,xor\n1,0,1\n')
    const s = service({ t1: table })
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    const csv = await s.predictionsCsv({ modelId: id, data: { kind: 'imported', id: 't1', name: 'new.csv' } })
    const [header, row] = csv.trim().split('\n')
    expect(header).toBe('row,p(0),p(1),predicted,actual')
    expect(row!.split(',').map((c, i) => (i === 1 || i === 2 ? Number(c).toFixed(6) : c))).toEqual([
      '1',
      (1 - recorded.outputs[2]!).toFixed(6),
      recorded.outputs[2]!.toFixed(6),
      '1',
      '1',
    ])
  })

  it('says which column is missing when the data lacks a feature of the model', async () => {
    const table = await csvTable('other.csv', 'x,y\n0,1\n')
    const s = service({ t1: table })
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    await expect(s.predict({ modelId: id, data: { kind: 'imported', id: 't1', name: 'other.csv' } })).rejects.toThrow(/"a"/)
  })

  it('refuses to predict with a model id it does not keep', async () => {
    await expect(service().predict({ modelId: 'gone', data: { kind: 'builtin', name: 'xor' } })).rejects.toThrow('no longer loaded')
  })
})

describe('export', () => {
  it('round-trips: export → import gives identical predictions', async () => {
    const s = service({ t1: await csvTable('xor.csv', truthTable) })
    const first = await s.import({ name: 'xor-v1.json', text: xorText })
    const [file] = await s.export({ modelId: first.id, format: 'json' })
    expect(file!.name).toBe('xor-v1.layerwise-model.json')
    const second = await s.import({ name: file!.name, text: file!.text! })
    const ref: DataRef = { kind: 'imported', id: 't1', name: 'xor.csv' }
    const a = await s.predict({ modelId: first.id, data: ref })
    const b = await s.predict({ modelId: second.id, data: ref })
    expect(b.rows.map((r) => r.values)).toEqual(a.rows.map((r) => r.values))
  })

  it('exports TF.js as model.json naming weights.bin and the little-endian float32 weights', async () => {
    const s = service()
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    const [json, bin] = await s.export({ modelId: id, format: 'tfjs' })
    expect([json!.name, bin!.name]).toEqual(['model.json', 'weights.bin'])
    const manifest = (JSON.parse(json!.text!) as { weightsManifest: { paths: string[] }[] }).weightsManifest
    expect(manifest[0]!.paths).toEqual(['weights.bin'])
    // 12 weights + 5 biases, 4 bytes each
    expect(Buffer.from(bin!.base64!, 'base64').length).toBe(17 * 4)
  })

  it('refuses TF.js for an activation TF.js lacks, naming it', async () => {
    const net = Network.create({ inputs: 2, loss: 'mse', layers: [{ units: 2, activation: 'sinc' }, { units: 1, activation: 'identity' }] }, new Rng(1), tsKernels)
    const text = JSON.stringify({ format: 'layerwise-model', version: 1, kind: 'mlp', network: net.toJSON() })
    const s = service()
    const info = await s.import({ name: 'sinc.json', text })
    expect(info.tfjs).toContain('sinc')
    await expect(s.export({ modelId: info.id, format: 'tfjs' })).rejects.toThrow('sinc')
  })

  it('refuses a save dialog in web mode', async () => {
    const s = service()
    const { id } = await s.import({ name: 'xor-v1.json', text: xorText })
    await expect(s.save({ modelId: id, format: 'json' })).rejects.toThrow('desktop app')
  })
})

describe('models of finished runs', () => {
  it('keeps a run model by run id and lists it', async () => {
    const s = service()
    await s.addRun({ runId: 'run-1', text: xorText, dataName: 'XOR' })
    const [info] = await s.list()
    expect(info!.id).toBe('run-1')
    expect(info!.source).toBe('run')
    expect(info!.name).toMatch(/^XOR \d\d:\d\d$/)
  })

  it('leaves out a run model that does not load', async () => {
    const s = service()
    expect(await s.addRun({ runId: 'run-2', text: '{"format":"layerwise-model","version":1,"kind":"mlp"}' })).toBeNull()
    expect(await s.list()).toEqual([])
  })
})

describe('DBN-family models', () => {
  /** A 2-2 Bernoulli RBM unrolled into a 2-2-2 autoencoder with hand-set weights. */
  function autoencoderText(): string {
    const rbm = new Rbm(tsKernels, { nVisible: 2, nHidden: 2, visible: 'bernoulli' })
    rbm.W.set([4, -4, -4, 4])
    const ae = unroll(new Dbn([rbm]), tsKernels)
    return saveDbnModel({ kind: 'autoencoder', autoencoder: ae, pretrained: null })
  }

  it('imports an autoencoder and scores each row by reconstruction error', async () => {
    const table = await csvTable('rows.csv', 'a,b\n1,0\n0,1\n1,1\n')
    const s = service({ t1: table })
    const info = await s.import({ name: 'ae.json', text: autoencoderText() })
    expect(info.kind).toBe('autoencoder')
    const p = await s.predict({ modelId: info.id, data: { kind: 'imported', id: 't1', name: 'rows.csv' } })
    expect(p.mode).toBe('reconstruction')
    expect(p.columns).toEqual(['reconstruction error', 'anomaly score'])
    // (1,1) fits the weights worst: its hidden units cancel, so its reconstruction error is the largest
    const errors = p.rows.map((r) => r.values[0]!)
    expect(errors[2]).toBeGreaterThan(errors[0]!)
    expect(errors[2]).toBeGreaterThan(errors[1]!)
    expect(p.rows[2]!.predicted).toBe('anomaly')
  })

  it('exports an autoencoder to TF.js from its network', async () => {
    const s = service()
    const info = await s.import({ name: 'ae.json', text: autoencoderText() })
    expect(info.tfjs).toBeNull()
    expect((await s.export({ modelId: info.id, format: 'tfjs' })).map((f) => f.name)).toEqual(['model.json', 'weights.bin'])
  })
})
