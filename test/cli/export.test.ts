import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { Network, Rng, serializeModel } from '../../src/engine'
import type { NetworkSpec } from '../../src/engine/types'
import { exportCommand } from '../../src/cli/export'

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-tfjs-'))
  await tf.setBackend('cpu')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Loads an exported folder the way TF.js's file loader does: model.json, then every weights path it lists. */
function folderHandler(folder: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'))
      const group = json.weightsManifest[0]
      const buffers = group.paths.map((p: string) => readFileSync(join(folder, p)))
      const data = Buffer.concat(buffers)
      return { modelTopology: json.modelTopology, weightSpecs: group.weights, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), format: json.format }
    },
  }
}

async function exportAndCompare(name: string, spec: NetworkSpec): Promise<number> {
  const net = Network.create(spec, new Rng(7))
  const modelPath = join(dir, `${name}.json`)
  writeFileSync(modelPath, JSON.stringify(serializeModel(net)))
  const out = join(dir, name)
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  await exportCommand.run(['--model', modelPath, '--format', 'tfjs', '--out', out])
  write.mockRestore()
  const model = await tf.loadLayersModel(folderHandler(out))
  const rng = new Rng(11)
  const rows = 32
  const x = Float32Array.from({ length: rows * spec.inputs }, () => rng.normal() * 2)
  const ours = net.predict(x, rows)
  const theirs = (model.predict(tf.tensor2d(x, [rows, spec.inputs])) as tf.Tensor).dataSync()
  expect(theirs.length).toBe(ours.length)
  let worst = 0
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!))
  return worst
}

describe('TF.js layers export', () => {
  it('predicts the same probabilities as Layerwise for tanh/sigmoid', async () => {
    expect(await exportAndCompare('xor', { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' })).toBeLessThan(1e-5)
  })

  it('predicts the same for ReLU, leaky ReLU, ELU, softplus, identity, a layer without bias, and softmax', async () => {
    const spec: NetworkSpec = {
      inputs: 5,
      layers: [
        { units: 8, activation: 'relu' },
        { units: 7, activation: 'leakyRelu', alpha: 0.05 },
        { units: 6, activation: 'elu', alpha: 1 },
        { units: 6, activation: 'softplus', bias: false },
        { units: 5, activation: 'identity' },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'cce',
    }
    expect(await exportAndCompare('mixed', spec)).toBeLessThan(1e-5)
  })

  it('refuses activations TF.js lacks, naming the layer', async () => {
    const net = Network.create({ inputs: 2, layers: [{ units: 3, activation: 'sinc' }, { units: 1, activation: 'sigmoid' }], loss: 'bce' }, new Rng(1))
    const modelPath = join(dir, 'sinc.json')
    writeFileSync(modelPath, JSON.stringify(serializeModel(net)))
    await expect(exportCommand.run(['--model', modelPath, '--out', join(dir, 'sinc')])).rejects.toThrow('Layer 1 uses the sinc activation, which TensorFlow.js does not have')
  })

  it('refuses ELU with α ≠ 1, which TF.js does not implement', async () => {
    const net = Network.create({ inputs: 2, layers: [{ units: 3, activation: 'elu', alpha: 0.5 }, { units: 1, activation: 'sigmoid' }], loss: 'bce' }, new Rng(1))
    const modelPath = join(dir, 'elu.json')
    writeFileSync(modelPath, JSON.stringify(serializeModel(net)))
    await expect(exportCommand.run(['--model', modelPath, '--out', join(dir, 'elu')])).rejects.toThrow('ELU with α = 0.5')
  })
})
