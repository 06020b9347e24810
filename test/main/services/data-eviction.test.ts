// Eviction of imported data sets: the least recently used unpinned ones go beyond `maxDatasets`; the
// data sets the window pins (network, project) and those of running jobs never do; a request naming a
// data set that is gone gets a message that names its file and says why.
import { afterEach, describe, expect, it } from 'vitest'
import createEngineWorker from '../../../src/main/training/engine-worker?nodeWorker'
import { DataStore, type ImportRunner } from '../../../src/main/services/data-store'
import { prepareTrainingData } from '../../../src/main/services/datasets'
import { importFiles } from '../../../src/main/data'
import { JobManager } from '../../../src/main/training/job-manager'
import { dispatch } from '../../../src/main/api/dispatch'
import { createHandlers } from '../../../src/main/api/handlers'
import { recorder } from '../run-recorder'
import type { RunResult, StartTrainingRequest } from '../../../src/shared/dto'

const XOR = 'a,b,label\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n'

const inProcess: ImportRunner = (sources, o) =>
  importFiles(sources.map((s) => ('bytes' in s ? s : { name: s.name, bytes: new Uint8Array() })), { maxBytes: o.maxBytes, signal: o.signal, onProgress: o.onProgress })

const storeOf = (maxDatasets = 2) => new DataStore({ host: 'web', sink: { emit: () => undefined }, runner: inProcess, maxDatasets })

async function upload(store: DataStore, name: string, text = XOR): Promise<string> {
  const bytes = Buffer.from(text)
  const id = store.begin({ files: [{ name, size: bytes.length }] })
  store.chunk({ importId: id, file: 0, offset: 0, base64: bytes.toString('base64') })
  await store.import(id)
  return id
}

const sorted = (ids: string[]) => [...ids].sort()

describe('DataStore eviction', () => {
  it('forgets the least recently used data set beyond maxDatasets', async () => {
    const store = storeOf(2)
    const a = await upload(store, 'a.csv')
    const b = await upload(store, 'b.csv')
    store.tables(a)
    const c = await upload(store, 'c.csv')
    expect(sorted(store.ids())).toEqual(sorted([a, c]))
    expect(() => store.tables(b)).toThrow(/“b.csv” is no longer loaded/)
  })

  it('never evicts a data set the window pinned, however many files are imported after it', async () => {
    const store = storeOf(2)
    const bound = await upload(store, 'train.csv')
    store.pin('window', [bound])
    const others = []
    for (const name of ['p1.csv', 'p2.csv', 'p3.csv', 'p4.csv']) others.push(await upload(store, name))
    expect(store.ids()).toContain(bound)
    // the pinned set does not count: the two most recent of the others stay
    expect(sorted(store.ids())).toEqual(sorted([bound, others[2]!, others[3]!]))
  })

  it('replaces what an owner pinned: the data set pinned before becomes evictable', async () => {
    const store = storeOf(1)
    const first = await upload(store, 'first.csv')
    store.pin('window', [first])
    const second = await upload(store, 'second.csv')
    store.pin('window', [second])
    expect(store.pinned(first)).toBe(false)
    const third = await upload(store, 'third.csv')
    expect(sorted(store.ids())).toEqual(sorted([second, third]))
  })

  it('keeps a data set pinned by a running job even when the window lets go of it', async () => {
    const store = storeOf(1)
    const used = await upload(store, 'used.csv')
    store.pin('window', [used])
    store.pin('run:1', [used])
    store.pin('window', [])
    await upload(store, 'x.csv')
    await upload(store, 'y.csv')
    expect(store.ids()).toContain(used)
    store.pin('run:1', [])
    expect(store.ids()).not.toContain(used)
  })

  it('says which file an evicted data set was, why it is gone and what to do', async () => {
    const store = storeOf(1)
    const old = await upload(store, 'old.csv')
    await upload(store, 'new.csv')
    expect(() => store.tables(old)).toThrow(
      'The imported data set “old.csv” is no longer loaded: the app keeps the 1 most recently used imports besides the data sets in use, and it was removed when “new.csv” was imported. Drop “old.csv” on the window again to use it.',
    )
  })

  it('gives a training request on an evicted data set the same message', async () => {
    const store = storeOf(1)
    const old = await upload(store, 'old.csv')
    await upload(store, 'new.csv')
    const request: StartTrainingRequest = {
      data: { kind: 'imported', id: old, name: 'old.csv' },
      network: { inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }], loss: 'bce' },
      settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1, seed: 1 },
    }
    await expect(prepareTrainingData(request, store)).rejects.toThrow(/“old.csv” is no longer loaded: .* removed when “new.csv” was imported/)
  })

  it('names the file of a reference from an earlier session in its message', () => {
    expect(() => storeOf().tables('unknown-id', 'digits.csv')).toThrow(
      'The imported data set “digits.csv” is no longer loaded (most likely the app was restarted since it was imported): import “digits.csv” again (drop it on the window) to use it.',
    )
  })

  it('re-importing a file makes it available again under its new id', async () => {
    const store = storeOf(1)
    await upload(store, 'old.csv')
    await upload(store, 'new.csv')
    const again = await upload(store, 'old.csv')
    expect(store.tables(again).table.rows).toBe(4)
  })
})

describe('data:pin channel', () => {
  const handlersFor = (store: DataStore) => createHandlers({ jobs: {} as JobManager, info: { name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }, data: store })

  it('pins the ids the window sends', async () => {
    const store = storeOf(1)
    const bound = await upload(store, 'bound.csv')
    expect(await dispatch(handlersFor(store), 'data:pin', [[bound]])).toMatchObject({ ok: true })
    expect(store.pinned(bound)).toBe(true)
  })

  it('refuses a non-array, an id with path characters and more than 16 ids', async () => {
    const handlers = handlersFor(storeOf())
    for (const args of [['abc'], [['../etc']], [Array.from({ length: 17 }, (_, i) => `id${i}`)], [[], []]]) {
      expect((await dispatch(handlers, 'data:pin', args)).ok).toBe(false)
    }
  })
})

describe('JobManager pins the data of a running job', () => {
  let manager: JobManager | null = null
  afterEach(async () => {
    await manager?.dispose()
    manager = null
  })

  it('keeps the training set while the run trains and lets go of it when the run ends', async () => {
    const store = storeOf(1)
    const id = await upload(store, 'train.csv')
    const { frames, ended, sink } = recorder()
    manager = new JobManager(sink, () => createEngineWorker({}), (request) => prepareTrainingData(request, store), { kernels: 'ts', frameIntervalMs: 20, pins: store })
    const runId = await manager.start({
      data: { kind: 'imported', id, name: 'train.csv' },
      network: { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'bce' },
      settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 10_000_000, seed: 1 },
    })
    await upload(store, 'predict-1.csv')
    await upload(store, 'predict-2.csv')
    expect(store.ids()).toContain(id)
    while (frames.length < 1) await new Promise((resolve) => setTimeout(resolve, 10))
    manager.stop(runId)
    expect(((await ended) as RunResult).stop.kind).toBe('stopped')
    expect(store.pinned(id)).toBe(false)
  })
})
