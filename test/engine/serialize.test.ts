import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkEnvelope,
  loadNetwork,
  ModelFormatError,
  Network,
  parseModel,
  Rng,
  serializeModel,
  Trainer,
  type ModelExtras,
  type NetworkSpec,
} from '../../src/engine'
import { blobs } from './trainer-helpers'

const FIXTURES = join(import.meta.dirname, '../fixtures/models')

function trained(spec: NetworkSpec): Network {
  const net = Network.create(spec, new Rng(2))
  const t = new Trainer(net, { train: blobs(40, 1) }, { optimizer: 'adam', learningRate: 0.01, batchSize: 8, epochs: 3, seed: 1 })
  while (!t.done) t.step()
  return net
}

const SPEC: NetworkSpec = {
  inputs: 2,
  loss: 'cce',
  layers: [{ units: 5, activation: 'leakyRelu', alpha: 0.05 }, { units: 3, activation: 'elu', bias: false }, { units: 2, activation: 'softmax' }],
}
const EXTRAS: ModelExtras = {
  // deliberately not in canonical key order
  preprocessing: {
    target: { task: 'multiclass', name: 'class', labels: ['a', 'b'] },
    scale: [2, 0.5],
    offset: [1, -1],
    scaling: 'zscore',
    features: [{ kind: 'numeric', name: 'x1', fill: 0.25 }, { name: 'x2', kind: 'numeric' }],
    outputs: 2,
    missing: 'mean',
  },
  training: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, epochs: 3, seed: 1, stopping: { patience: 2 } },
  metrics: { test: { accuracy: 0.95, confusion: [[10, 1], [0, 9]] }, note: 'x' },
}

describe('model JSON round trip (SPEC §9)', () => {
  it('save → load → save is byte-identical', () => {
    const s1 = JSON.stringify(serializeModel(trained(SPEC), EXTRAS))
    const { model, net } = loadNetwork(s1)
    const s2 = JSON.stringify(serializeModel(net, model))
    expect(s2).toBe(s1)
    const s3 = JSON.stringify(serializeModel(loadNetwork(JSON.parse(s2)).net, parseModel(s2)))
    expect(s3).toBe(s1)
  })

  it('predictions after reload are identical', () => {
    const net = trained(SPEC)
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i))
    const again = loadNetwork(JSON.stringify(serializeModel(net))).net
    expect(Array.from(again.predict(x, 20))).toEqual(Array.from(net.predict(x, 20)))
  })

  it('writes the envelope, shapes and α explicitly', () => {
    const m = serializeModel(trained(SPEC))
    expect([m.format, m.version, m.kind]).toEqual(['layerwise-model', 1, 'mlp'])
    const [l0, l1, l2] = m.network.layers
    expect(l0.alpha).toBe(0.05)
    expect(l1.alpha).toBe(1)
    expect('alpha' in l2).toBe(false)
    expect(l0.weights.shape).toEqual([5, 2])
    expect(l1.weights.shape).toEqual([3, 5])
    expect(l1.biases).toBeNull()
    expect(l2.biases?.shape).toEqual([2])
  })

  it('structure of a saved model (no floats)', () => {
    const m = serializeModel(trained(SPEC), EXTRAS)
    const structure = JSON.parse(JSON.stringify(m, (k, v) => (k === 'data' ? `${(v as number[]).length} numbers` : v)))
    expect(structure).toMatchSnapshot()
  })

  it('checkEnvelope is reusable by other kinds', () => {
    expect(checkEnvelope({ format: 'layerwise-model', version: 1, kind: 'dbn', layers: [] }).kind).toBe('dbn')
    expect(() => checkEnvelope({ format: 'layerwise-model', version: 3, kind: 'dbn' })).toThrow(ModelFormatError)
  })
})

describe('the committed v1 fixture', () => {
  const text = readFileSync(join(FIXTURES, 'xor-v1.json'), 'utf8')
  const recorded = JSON.parse(readFileSync(join(FIXTURES, 'xor-v1.predictions.json'), 'utf8')) as { inputs: number[]; rows: number; outputs: number[] }

  it('loads and reproduces its recorded predictions', () => {
    const { net, model } = loadNetwork(text)
    expect(model.preprocessing?.target.labels).toEqual(['0', '1'])
    const y = net.predict(Float32Array.from(recorded.inputs), recorded.rows)
    y.forEach((v, i) => expect(v).toBeCloseTo(recorded.outputs[i], 6))
    expect(Array.from(y, (v) => (v >= 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0])
  })

  it('loads with a UTF-8 byte-order mark in front', () => {
    expect(loadNetwork('\ufeff' + text).net.layerCount).toBe(2)
  })

  it('re-saves byte-identically', () => {
    const { net, model } = loadNetwork(text)
    expect(JSON.stringify(serializeModel(net, model), null, 2) + '\n').toBe(text)
  })
})

describe('bad model files are refused with a precise message', () => {
  const dir = join(FIXTURES, 'bad')
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, string>
  const files = readdirSync(dir).filter((f) => f !== 'expected.json')

  it('every file in the corpus has an expected message', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort())
    expect(files.length).toBeGreaterThanOrEqual(25)
  })

  for (const [file, message] of Object.entries(expected)) {
    it(file, () => {
      const text = readFileSync(join(dir, file), 'utf8')
      let error: unknown = null
      try {
        parseModel(text)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ModelFormatError)
      const got = (error as Error).message
      if (file === 'not-json.json') expect(got.startsWith(message + ': ')).toBe(true)
      else expect(got).toBe(message)
    })
  }

  it('refuses preprocessing whose outputs differ from the network', () => {
    const m = serializeModel(trained(SPEC), EXTRAS)
    m.preprocessing!.outputs = 3
    expect(() => parseModel(JSON.stringify(m))).toThrow('preprocessing.outputs is 3, but the network has 2 outputs')
  })

  it('refuses a model whose parsed value is not plain JSON (typed arrays, functions)', () => {
    const m = serializeModel(trained(SPEC)) as unknown as { network: { layers: { weights: { data: unknown } }[] } }
    m.network.layers[0].weights.data = new Float32Array(10)
    expect(() => parseModel(m)).toThrow('network.layers[0].weights.data must be an array of numbers, got an object')
  })
})

describe('extras as the CLI passes them', () => {
  it('drops undefined settings like JSON.stringify does, and accepts null metrics', () => {
    const net = trained(SPEC)
    const m = serializeModel(net, { training: { optimizer: 'sgd', learningRate: 0.1, batchSize: 4, epochs: 1, seed: 1, l2: undefined }, metrics: { test: { accuracy: null } } })
    expect('l2' in m.training!).toBe(false)
    expect(JSON.stringify(serializeModel(loadNetwork(JSON.stringify(m)).net, m))).toBe(JSON.stringify(m))
  })
})
