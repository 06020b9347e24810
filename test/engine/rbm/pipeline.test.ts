import { describe, expect, it } from 'vitest'
import { naiveKernels } from '../../../src/engine/kernels/naive'
import { Rng } from '../../../src/engine/random'
import { DbnPipeline, loadDbnModel, saveDbnModel } from '../../../src/engine/rbm'
import { tinyBinaryData } from './helpers'

const k = naiveKernels

describe('DbnPipeline', () => {
  it('pretrains every layer, then fine-tunes the autoencoder, and yields a loadable model', () => {
    const d = tinyBinaryData()
    const train = { rows: d.rows, cols: d.cols, data: d.x }
    const job = new DbnPipeline(k, { train }, { layers: [4, 2], rbm: { epochs: 2, batchSize: 8 } }, { mode: 'autoencoder', epochs: 2, batchSize: 8, noise: { kind: 'mask', rate: 0.1 } }, new Rng(1))
    const events: string[] = []
    for (;;) {
      const r = job.step()
      if (r.pretrainEpoch) events.push(`pre${r.layer}.${r.pretrainEpoch.epoch}`)
      if (r.fineTuneEpoch) events.push(`ft.${r.fineTuneEpoch.epoch}`)
      if (r.done) break
    }
    expect(events).toEqual(['pre1.1', 'pre1.2', 'pre2.1', 'pre2.2', 'ft.1', 'ft.2'])
    const model = job.model({ training: { seed: 1 } })
    expect(model.kind).toBe('autoencoder')
    const text = saveDbnModel(model)
    expect(saveDbnModel(loadDbnModel(text, k))).toBe(text)
  })

  it('classifier mode needs labels; mode none gives a plain stack; stop() ends the job', () => {
    const d = tinyBinaryData()
    const train = { rows: d.rows, cols: d.cols, data: d.x }
    expect(() => new DbnPipeline(k, { train }, { layers: [3], rbm: { epochs: 1, batchSize: 8 } }, { mode: 'classifier', classes: 2, epochs: 1, batchSize: 8 }, new Rng(2))).toThrow(/one label per training row/)
    const plain = new DbnPipeline(k, { train }, { layers: [3], rbm: { epochs: 1, batchSize: 8 } }, { mode: 'none' }, new Rng(3))
    while (!plain.step().done);
    expect(plain.model().kind).toBe('rbm')
    const labels = Int32Array.from({ length: d.rows }, (_, r) => r % 2)
    const clf = new DbnPipeline(k, { train, labels }, { layers: [3], rbm: { epochs: 5, batchSize: 8 } }, { mode: 'classifier', classes: 2, epochs: 5, batchSize: 8 }, new Rng(4))
    clf.step()
    clf.stop()
    const r = clf.step()
    expect(r.done).toBe(true)
    expect(r.stopReason).toEqual({ kind: 'stopped' })
  })
})
