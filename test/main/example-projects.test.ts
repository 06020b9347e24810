/**
 * The example projects promise what a user will see (src/renderer/src/examples.ts): these tests train
 * them with the backend's own data preparation and the engine, as the app does, and check the promise.
 */
import { describe, expect, it } from 'vitest'
import { Network, Rng, Trainer, evaluate, tsKernels, type EpochStats } from '../../src/engine'
import { prepareTrainingData } from '../../src/main/services/datasets'
import { EXAMPLES } from '../../src/renderer/src/examples'
import { startTrainingSchema } from '../../src/main/api/schemas'
import { listBuiltins } from '../../src/main/data/builtins'

async function train(id: string): Promise<{ epochs: EpochStats[]; testAccuracy: number }> {
  const example = EXAMPLES.find((e) => e.id === id)!
  const request = { data: example.data, network: example.network, settings: example.settings }
  const data = await prepareTrainingData(request)
  const net = Network.create(example.network, new Rng(example.settings.seed), tsKernels)
  const trainer = new Trainer(net, { train: data.train, val: data.validation }, { ...example.settings, task: data.task })
  const epochs: EpochStats[] = []
  for (let stop = null; stop === null; ) {
    const step = trainer.step()
    if (step.epochEnd) epochs.push(step.epochEnd)
    stop = step.stop
  }
  return { epochs, testAccuracy: data.test ? evaluate(net, data.test, example.network.loss, data.task).accuracy! : Number.NaN }
}

/** Mean over the run of layer l's mean |∂C/∂W|. */
const meanGrad = (epochs: EpochStats[], l: number) => epochs.reduce((s, e) => s + e.gradMeanAbs[l]!, 0) / epochs.length

describe('every example', () => {
  it('is a training request the backend accepts, on a built-in data set', () => {
    const builtins = new Set(listBuiltins().map((b) => b.name))
    for (const e of EXAMPLES) {
      expect(startTrainingSchema.safeParse({ data: e.data, network: e.network, settings: e.settings }).success, e.id).toBe(true)
      expect(e.data.kind === 'builtin' && builtins.has(e.data.name), e.id).toBe(true)
    }
  })
})

describe('the vanishing-gradient examples', () => {
  it('6 sigmoid layers: the first layer gets gradients over 100× smaller than the last, and the moons stay unlearnt', async () => {
    const { epochs, testAccuracy } = await train('vanishing-sigmoid')
    expect(meanGrad(epochs, 0)).toBeLessThan(meanGrad(epochs, 5) / 100)
    expect(testAccuracy).toBeLessThan(0.75)
  })

  it('the same network with ReLU: the first layer gets gradients of the last one\'s order, and the moons separate', async () => {
    const { epochs, testAccuracy } = await train('vanishing-relu')
    expect(meanGrad(epochs, 0)).toBeGreaterThan(meanGrad(epochs, 5) / 10)
    expect(testAccuracy).toBeGreaterThan(0.95)
  })
})

describe('the other examples learn what they say', () => {
  it('XOR reaches 100 % accuracy', async () => {
    expect((await train('xor')).epochs.at(-1)!.trainAccuracy).toBe(1)
  })

  it('Iris reaches at least 90 % test accuracy', async () => {
    expect((await train('iris')).testAccuracy).toBeGreaterThanOrEqual(0.9)
  })
})
