import { describe, expect, it } from 'vitest'
import { prepareTrainingData, splitFractions } from '../../../src/main/services/datasets'
import { DataStore, type ImportRunner } from '../../../src/main/services/data-store'
import { importFiles, prepareData } from '../../../src/main/data'
import type { StartTrainingRequest } from '../../../src/shared/dto'

const inProcess: ImportRunner = (sources, o) => importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array() })), { maxBytes: o.maxBytes })

/** 40 rows: x1 = 7i mod 40 (not a row number), x2 = i mod 4, color cycles red/green/blue, label = i mod 2 as "even"/"odd". */
const CSV = 'x1,x2,color,label\n' + Array.from({ length: 40 }, (_, i) => `${(i * 7) % 40},${i % 4},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'odd' : 'even'}`).join('\n') + '\n'

async function storeWith(text: string): Promise<{ store: DataStore; id: string }> {
  const store = new DataStore({ host: 'web', sink: { emit: () => {} }, runner: inProcess })
  const bytes = Buffer.from(text)
  const id = store.begin({ files: [{ name: 'parity.csv', size: bytes.length }] })
  store.chunk({ importId: id, file: 0, offset: 0, base64: bytes.toString('base64') })
  await store.import(id)
  return { store, id }
}

function request(data: StartTrainingRequest['data'], inputs: number, outputs: number): StartTrainingRequest {
  return {
    data,
    network: { inputs, layers: [{ units: 4, activation: 'tanh' }, { units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax' }], loss: outputs === 1 ? 'bce' : 'cce' },
    settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 'full', epochs: 1, seed: 7 },
  }
}

describe('prepareTrainingData with imported data', () => {
  it('encodes the default target: 2 numbers + 3 one-hot colors = 5 inputs, one unit for odd/even', async () => {
    const { store, id } = await storeWith(CSV)
    const data = await prepareTrainingData(request({ kind: 'imported', id, name: 'parity.csv' }, 5, 1), store)
    expect([data.task, data.train.inputs, data.train.outputs]).toEqual(['binary', 5, 1])
    expect(data.labels).toEqual(['even', 'odd'])
    // 40 rows, 15 % + 15 % held out per class of 20: 3 + 3 each → 28 / 6 / 6.
    expect([data.train.rows, data.validation?.rows, data.test?.rows]).toEqual([28, 6, 6])
  })

  it('gives exactly the splits the CLI path (prepareData with the same options) gives', async () => {
    const { store, id } = await storeWith(CSV)
    const data = await prepareTrainingData(request({ kind: 'imported', id, name: 'parity.csv', target: 'color', scaling: 'minmax' }, 4, 3), store)
    const cli = prepareData(store.tables(id).table, { target: 'color', scaling: 'minmax', split: { train: 0.7, val: 0.15, test: 0.15 }, seed: 7 })
    expect(Array.from(data.train.x)).toEqual(Array.from(cli.train.x))
    expect(Array.from(data.test!.y)).toEqual(Array.from(cli.test.y))
  })

  it('uses the split fractions of the data reference', async () => {
    const { store, id } = await storeWith(CSV)
    const data = await prepareTrainingData(request({ kind: 'imported', id, name: 'parity.csv', split: { validation: 0, test: 0.5 } }, 5, 1), store)
    expect([data.train.rows, data.validation, data.test?.rows]).toEqual([20, null, 20])
  })

  it('tells the user to set the input width when the network does not fit the data', async () => {
    const { store, id } = await storeWith(CSV)
    await expect(prepareTrainingData(request({ kind: 'imported', id, name: 'parity.csv' }, 2, 1), store)).rejects.toThrow(
      'The data set "parity.csv" has 5 inputs but the network\'s input layer has 2: set the input width to 5.',
    )
  })

  it('says so when the imported data set is not loaded any more', async () => {
    const { store } = await storeWith(CSV)
    await expect(prepareTrainingData(request({ kind: 'imported', id: 'gone', name: 'x.csv' }, 5, 1), store)).rejects.toThrow(
      'The imported data set “x.csv” is no longer loaded (most likely the app was restarted since it was imported): import “x.csv” again (drop it on the window) to use it.',
    )
  })
})

describe('splitFractions', () => {
  it('does not split fewer than 20 rows', () => {
    expect(splitFractions(19, { validation: 0.2, test: 0.2 }, false)).toEqual({ train: 1, val: 0, test: 0 })
  })

  it('holds out no test rows when a test file came along', () => {
    expect(splitFractions(100, { validation: 0.1, test: 0.3 }, true)).toEqual({ train: 0.9, val: 0.1, test: 0 })
  })
})
