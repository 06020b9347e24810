/** @vitest-environment node */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { tsKernels } from '../../../src/engine'
import { Dbn, Rbm, saveDbnModel, unroll } from '../../../src/engine/rbm'
import { ModelService } from '../../../src/main/models/model-service'
import type { ExportedFile } from '../../../src/shared/models'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const service = () => new ModelService({ host: 'web', kernels: async () => tsKernels, table: async () => Promise.reject(new Error('no tables')) })

/** Loads the two downloaded files the way `tf.loadLayersModel` reads model.json and its weights path. */
function filesHandler(files: ExportedFile[]): tf.io.IOHandler {
  const byName = new Map(files.map((f) => [f.name, f]))
  return {
    load: async () => {
      const json = JSON.parse(byName.get('model.json')!.text!) as { modelTopology: object; format: string; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] }
      const group = json.weightsManifest[0]!
      const data = Buffer.from(byName.get(group.paths[0]!)!.base64!, 'base64')
      return { modelTopology: json.modelTopology, weightSpecs: group.weights, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), format: json.format }
    },
  }
}

async function worstDifference(text: string, x: number[], rows: number, ours: (s: ModelService, id: string) => Promise<number[]>): Promise<number> {
  const s = service()
  const { id, inputs } = await s.import({ name: 'm.json', text })
  const model = await tf.loadLayersModel(filesHandler(await s.export({ modelId: id, format: 'tfjs' })))
  const theirs = (model.predict(tf.tensor2d(x, [rows, inputs])) as tf.Tensor).dataSync()
  const mine = await ours(s, id)
  expect(theirs.length).toBe(mine.length)
  return Math.max(...mine.map((v, i) => Math.abs(v - theirs[i]!)))
}

describe('the TF.js files of the Model view', () => {
  it('load in @tensorflow/tfjs and predict the XOR fixture within 1e-5', async () => {
    const recorded = JSON.parse(readFileSync(new URL('../../fixtures/models/xor-v1.predictions.json', import.meta.url), 'utf8')) as { inputs: number[]; rows: number; outputs: number[] }
    const text = readFileSync(new URL('../../fixtures/models/xor-v1.json', import.meta.url), 'utf8')
    expect(await worstDifference(text, recorded.inputs, recorded.rows, async () => recorded.outputs)).toBeLessThan(1e-5)
  })

  it('load an autoencoder network and reconstruct within 1e-5', async () => {
    const rbm = new Rbm(tsKernels, { nVisible: 3, nHidden: 2, visible: 'bernoulli' })
    rbm.W.set([1.5, -2, 0.5, 1, -1, 2])
    rbm.b.set([0.1, -0.2, 0.3])
    rbm.c.set([-0.5, 0.25])
    const ae = unroll(new Dbn([rbm]), tsKernels)
    const x = [1, 0, 1, 0, 1, 0, 0.5, 0.5, 0.5]
    const text = saveDbnModel({ kind: 'autoencoder', autoencoder: ae, pretrained: null })
    expect(await worstDifference(text, x, 3, async () => Array.from(ae.net.predict(Float32Array.from(x), 3)))).toBeLessThan(1e-5)
  })
})
