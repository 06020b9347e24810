import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { Dbn } from '../../../src/engine/rbm/dbn'
import { Rbm } from '../../../src/engine/rbm/rbm'
import { buildClassifier, reconstructAe, unroll, classProbabilities } from '../../../src/engine/rbm/autoencoder'
import { loadDbnModel, saveDbnModel, type DbnFamilyModel } from '../../../src/engine/rbm/serialize-dbn'
import { ModelFormatError } from '../../../src/engine/rbm/json-checks'
import { ModelFormatError as EngineModelFormatError } from '../../../src/engine/json-check'
import type { Preprocessing } from '../../../src/engine/types'

const k = naiveKernels

function stack(visible: 'bernoulli' | 'gaussian' = 'bernoulli'): Dbn {
  const rng = new Rng(1)
  const a = Rbm.random(k, { nVisible: 4, nHidden: 3, visible }, rng, 0.7)
  const b = Rbm.random(k, { nVisible: 3, nHidden: 2, visible: 'bernoulli' }, rng, 0.7)
  for (const r of [a, b]) {
    r.b.forEach((_, i) => (r.b[i] = 0.1 * rng.normal()))
    r.c.forEach((_, j) => (r.c[j] = 0.1 * rng.normal()))
  }
  return new Dbn([a, b])
}

const preprocessing: Preprocessing = {
  features: [
    { name: 'a', kind: 'numeric' },
    { name: 'b', kind: 'numeric' },
    { name: 'c', kind: 'numeric' },
    { name: 'd', kind: 'numeric' },
  ],
  scaling: 'minmax',
  offset: [0, 0, 0, 0],
  scale: [255, 255, 255, 255],
  target: { name: 'label', task: 'multiclass', labels: ['x', 'y', 'z'] },
}

function models(): DbnFamilyModel[] {
  const dbn = stack()
  return [
    { kind: 'rbm', rbm: dbn.layers[0], training: { epochs: 3, cdK: 1, persistent: false }, metrics: { reconstructionError: 0.0123 } },
    { kind: 'dbn', dbn, preprocessing },
    { kind: 'autoencoder', autoencoder: unroll(stack('gaussian')), pretrained: stack('gaussian') },
    { kind: 'dbn-classifier', classifier: buildClassifier(dbn, 3, new Rng(2)), pretrained: null, preprocessing },
  ]
}

describe('model JSON of the RBM family', () => {
  it('save → load → save is byte-identical for every kind, under the shared envelope', () => {
    for (const m of models()) {
      const text = saveDbnModel(m)
      const json = JSON.parse(text)
      expect([json.format, json.version, json.kind]).toEqual(['layerwise-model', 1, m.kind])
      expect(saveDbnModel(loadDbnModel(text, k))).toBe(text)
    }
  })

  it('a loaded model computes the same numbers', () => {
    const x = Float32Array.from([0.1, 0.9, 0.4, 0.0, 1, 0, 1, 0])
    const [rbmModel, , aeModel, clfModel] = models()
    if (rbmModel.kind !== 'rbm' || aeModel.kind !== 'autoencoder' || clfModel.kind !== 'dbn-classifier') throw new Error('order')
    const r2 = loadDbnModel(saveDbnModel(rbmModel), k)
    if (r2.kind !== 'rbm') throw new Error('kind')
    expect(Array.from(r2.rbm.W)).toEqual(Array.from(rbmModel.rbm.W))
    const ae2 = loadDbnModel(saveDbnModel(aeModel), k)
    if (ae2.kind !== 'autoencoder') throw new Error('kind')
    expect(Array.from(reconstructAe(ae2.autoencoder, x, 2))).toEqual(Array.from(reconstructAe(aeModel.autoencoder, x, 2)))
    expect(ae2.autoencoder.net.layers[3].activation).toBe('identity')
    const c2 = loadDbnModel(saveDbnModel(clfModel), k)
    if (c2.kind !== 'dbn-classifier') throw new Error('kind')
    expect(Array.from(classProbabilities(c2.classifier, x, 2))).toEqual(Array.from(classProbabilities(clfModel.classifier, x, 2)))
  })

  it('stores fine-tuned networks as dense layers with weights [units×fanIn]', () => {
    const ae = unroll(stack())
    const json = JSON.parse(saveDbnModel({ kind: 'autoencoder', autoencoder: ae, pretrained: null }))
    const first = json.network.layers[0]
    expect(first.weights.shape).toEqual([3, 4])
    expect(first.weights.data[1 * 4 + 2]).toBe(ae.net.layers[0].W[2 * 3 + 1])
  })

  const base = (): Record<string, unknown> => JSON.parse(saveDbnModel(models()[1]))
  const refusals: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
    ['another format', (j) => ((j.format = 'nn-model'), j), /format: expected 'layerwise-model'/],
    ['a newer version', (j) => ((j.version = 2), j), /version: this Layerwise reads version 1, the file is version 2/],
    ['an unknown kind', (j) => ((j.kind = 'gan'), j), /kind: expected one of 'rbm', 'dbn'/],
    ['a wrong weight shape', (j) => (((j.layers as { weights: { shape: number[] } }[])[1].weights.shape = [2, 3]), j), /layers\[1\]\.weights\.shape: expected \[3, 2\]/],
    ['a string weight', (j) => (((j.layers as { weights: { data: unknown[] } }[])[0].weights.data[5] = 'x'), j), /layers\[0\]\.weights\.data\[5\]: expected a finite number/],
    ['too few values', (j) => ((j.layers as { hiddenBias: { data: unknown[] } }[])[0].hiddenBias.data.pop(), j), /layers\[0\]\.hiddenBias\.data: expected 3 values/],
    ['mismatched stacked layers', (j) => ((j.layers as unknown[]).reverse(), j), /layers: DBN layer 2 has 4 visible units, layer 1 has 2 hidden units/],
    ['an unknown field', (j) => ((j.extra = 1), j), /unknown field 'extra'/],
    ['a bad visible type', (j) => (((j.layers as { visible: string }[])[0].visible = 'poisson'), j), /layers\[0\]\.visible: expected one of 'bernoulli', 'gaussian'/],
    ['a prototype key', (j) => ((j.training = JSON.parse('{"__proto__": {"x": 1}}')), j), /forbidden field '__proto__'/],
    ['a size beyond the limits', (j) => (((j.layers as { nVisible: number }[])[0].nVisible = 1e9), j), /layers\[0\]\.nVisible: 1000000000 is beyond the limit/],
    ['a weight beyond float32', (j) => (((j.layers as { weights: { data: unknown[] } }[])[0].weights.data[0] = 1e39), j), /weights\.data\[0\]: 1e\+39 does not fit a float32/],
    ['bad preprocessing', (j) => (((j.preprocessing as { scaling: string }).scaling = 'log'), j), /preprocessing\.scaling/],
  ]
  for (const [what, mutate, message] of refusals) {
    it(`refuses ${what} with a message naming the field`, () => {
      const text = JSON.stringify(mutate(base()))
      expect(() => loadDbnModel(text, k)).toThrow(ModelFormatError)
      expect(() => loadDbnModel(text, k)).toThrow(EngineModelFormatError)
      expect(() => loadDbnModel(text, k)).toThrow(message)
    })
  }

  it('refuses text that is not JSON, and refuses to save diverged weights', () => {
    expect(() => loadDbnModel('{"format": ', k)).toThrow(/not JSON/)
    const r = stack().layers[0]
    r.W[2] = Number.NaN
    expect(() => saveDbnModel({ kind: 'rbm', rbm: r })).toThrow(/rbm\.weights\[2\] is NaN/)
  })
})
