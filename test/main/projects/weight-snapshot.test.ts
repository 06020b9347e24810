import { describe, expect, it } from 'vitest'
import { Network, Rng } from '../../../src/engine'
import type { NetworkSpec } from '../../../src/engine/types'
import type { ProgressFrame } from '../../../src/shared/dto'
import { smallEnoughForNeurons, snapshotWeights, weightSnapshots } from '../../../src/main/training/weight-snapshot'

const xor: NetworkSpec = { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'mse' }
const frame = (): ProgressFrame => ({ runId: 'r', epochs: [], batch: null, batchLosses: [], epoch: 1, totalEpochs: 1, elapsedSeconds: 0, etaSeconds: null, samplesPerSecond: 0, state: 'running' })

describe('weight snapshots for the neurons view', () => {
  it('are only taken for networks of at most 12 units per layer', () => {
    expect(smallEnoughForNeurons(xor)).toBe(true)
    expect(smallEnoughForNeurons({ ...xor, inputs: 784 })).toBe(false)
  })

  it('copy every weight [units×fanIn] and bias of every layer', () => {
    const net = Network.create(xor, new Rng(1))
    const snap = snapshotWeights(net)
    expect(snap.layers.map((l) => [l.units, l.fanIn, l.w.length, l.b?.length])).toEqual([[4, 2, 8, 4], [1, 4, 4, 1]])
    expect(snap.layers[0]!.w[3]).toBe(net.weights(0)[3])
  })

  it('are attached at most every 100 ms (10 Hz), and always when forced', () => {
    let t = 0
    const add = weightSnapshots(Network.create(xor, new Rng(1)), xor, 100, () => t)
    expect(add(frame()).weights).toBeDefined()
    t = 50
    expect(add(frame()).weights).toBeUndefined()
    expect(add(frame(), true).weights).toBeDefined()
    t = 200
    expect(add(frame()).weights).toBeDefined()
  })

  it('are never attached for a large network', () => {
    const big = { ...xor, inputs: 784 }
    expect(weightSnapshots(Network.create(big, new Rng(1)), big)(frame(), true).weights).toBeUndefined()
  })
})
