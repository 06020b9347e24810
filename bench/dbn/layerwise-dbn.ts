/**
 * Layerwise side of the DBN benchmarks (PEERS.md §4b–6), one JSON line on stdout per call:
 *   node --import tsx bench/dbn/layerwise-dbn.ts rbm|anomaly|denoise|classifier [--quick]
 * Data: bench/.cache (bench/data.ts, mulberry32(1234) shuffle, 8,000 train / 2,000 test); the
 * salt-and-pepper test set comes from bench/dbn/peers_dbn.py (numpy default_rng(1)), so both sides
 * denoise the same corrupted digits. One thread (the wasm SIMD kernels run on the calling thread).
 */
import { Rng } from '../../src/engine'
import {
  DbnPipeline,
  FineTuneNet,
  FineTuneTrainer,
  RbmTrainer,
  anomalyScores,
  auc,
  classify,
  mse,
  oneHot,
  parseNoise,
  pseudoLogLikelihood,
  randomDense,
  reconstructionError,
  reconstructRows,
  type Autoencoder,
  type DbnClassifier,
  type Matrix,
} from '../../src/engine/rbm'
import { loadKernels } from '../../src/main/training/kernels'
import { PIXELS, TRAIN_ROWS, prepareData, readF32 } from '../data'

const what = process.argv[2]
const quick = process.argv.includes('--quick')
const kernels = await loadKernels('wasm')
prepareData()
const x = readF32('mnist-x.f32')
const y = Int32Array.from(readF32('mnist-labels.f32'))
const TEST_ROWS = y.length - TRAIN_ROWS
const train: Matrix = { rows: TRAIN_ROWS, cols: PIXELS, data: x.subarray(0, TRAIN_ROWS * PIXELS) }
const test: Matrix = { rows: TEST_ROWS, cols: PIXELS, data: x.subarray(TRAIN_ROWS * PIXELS) }
const yTrain = y.subarray(0, TRAIN_ROWS)
const yTest = y.subarray(TRAIN_ROWS)
const rbmEpochs = quick ? 2 : 10
const seconds = (t0: number) => (performance.now() - t0) / 1000

/** Rows of `m` whose label is not `k`. */
function without(m: Matrix, labels: Int32Array, k: number): Matrix {
  const keep: number[] = []
  labels.forEach((l, i) => l !== k && keep.push(i))
  const data = new Float32Array(keep.length * m.cols)
  keep.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols))
  return { rows: keep.length, cols: m.cols, data }
}

function run(job: DbnPipeline): void {
  while (!job.step().done);
}

/** CPU seconds of this process since `from` (user + system): unlike wall time, barely moved by other processes' load. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from)
  return (d.user + d.system) / 1e6
}

function rbmSpeed(): object {
  // sklearn's algorithm: PCD-1, no reshuffling, N(0, 0.01²) weights, lr 0.06, batch 64, 10 epochs.
  // Monitors on 1 row only, so the timed loop is the updates; quality is measured on the test rows afterwards.
  const t = new RbmTrainer(kernels, train, { hidden: 256, epochs: rbmEpochs, batchSize: 64, learningRate: 0.06, k: 1, persistent: true, shuffle: false, momentum: 0, momentumSchedule: false, weightDecay: 0, monitorRows: 1 }, new Rng(0))
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const epochs = t.run()
  const wall = seconds(t0)
  const cpu = cpuSince(cpu0)
  const ms = epochs.map((e) => e.seconds * 1000)
  return {
    kernels: kernels.name,
    msPerEpoch: (wall * 1000) / epochs.length,
    msPerEpochBest: Math.min(...ms),
    cpuMsPerEpoch: (cpu * 1000) / epochs.length,
    pseudoLLTest: pseudoLogLikelihood(t.rbm, test.data, test.rows, new Rng(0)),
    reconstructionErrorTest: reconstructionError(t.rbm, test.data, test.rows),
  }
}

function anomaly(): object {
  const aucs: number[] = []
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (let k = 0; k < 10; k++) {
    const normal = without(train, yTrain, k)
    const job = new DbnPipeline(kernels, { train: normal }, { layers: [256, 32], rbm: { epochs: rbmEpochs, batchSize: 64 } }, { mode: 'autoencoder', epochs: quick ? 2 : 10, batchSize: 64 }, new Rng(1 + k))
    run(job)
    const model = job.model()
    if (model.kind !== 'autoencoder') throw new Error('expected an autoencoder')
    const scores = anomalyScores(model.autoencoder, test.data, test.rows, 'recon')
    aucs.push(auc(scores, Array.from(yTest, (l) => (l === k ? 1 : 0))))
    process.stderr.write(`  anomaly k=${k}: AUC ${aucs[k].toFixed(4)}\n`)
  }
  return { kernels: kernels.name, aucs, meanAuc: aucs.reduce((a, b) => a + b, 0) / 10, seconds: seconds(t0), cpuSeconds: cpuSince(cpu0) }
}

function denoise(): object {
  const noisy = readF32('mnist_test_sp20.f32')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const job = new DbnPipeline(kernels, { train }, { layers: [256, 64], rbm: { epochs: rbmEpochs, batchSize: 64 } }, { mode: 'autoencoder', epochs: quick ? 2 : 20, batchSize: 64, noise: parseNoise('saltpepper:0.2') }, new Rng(1))
  run(job)
  const model = job.model()
  const fit = seconds(t0)
  const fitCpu = cpuSince(cpu0)
  const ae = (model as { autoencoder: Autoencoder }).autoencoder
  return {
    kernels: kernels.name,
    identityMse: mse(noisy, test.data),
    dbnMse: mse(reconstructRows(ae, noisy, test.rows), test.data),
    dbnMseClean: mse(reconstructRows(ae, test.data, test.rows), test.data),
    fitSeconds: fit,
    fitCpuSeconds: fitCpu,
  }
}

function accuracy(c: DbnClassifier): number {
  const predicted = classify(c, test.data, test.rows)
  let hits = 0
  predicted.forEach((p, i) => (hits += p === yTest[i] ? 1 : 0))
  return hits / test.rows
}

function classifier(): object {
  const layers = [256, 64]
  const ftEpochs = quick ? 2 : 20
  const ft = { epochs: ftEpochs, batchSize: 64 }
  let t0 = performance.now()
  const job = new DbnPipeline(kernels, { train, labels: yTrain }, { layers, rbm: { epochs: rbmEpochs, batchSize: 64 } }, { mode: 'classifier', classes: 10, ...ft }, new Rng(1))
  run(job)
  const dbnSeconds = seconds(t0)
  const dbn = job.model() as { classifier: DbnClassifier }
  const dbnAcc = accuracy(dbn.classifier)
  // The same 784-256-64-10 sigmoid/softmax net from random Glorot-normal weights, same Adam settings.
  const mlp = (epochs: number, seed: number): { acc: number; seconds: number } => {
    const rng = new Rng(seed)
    const sizes = [PIXELS, ...layers, 10]
    const dense = sizes.slice(1).map((out, l) => randomDense(kernels, sizes[l], out, l === layers.length ? 'softmax' : 'sigmoid', rng, Math.sqrt(2 / (sizes[l] + out))))
    const net = new FineTuneNet(kernels, dense, 'cce')
    const start = performance.now()
    const trainer = new FineTuneTrainer(kernels, net, { inputs: train, targets: { rows: train.rows, cols: 10, data: oneHot(yTrain, 10) } }, { ...ft, epochs }, rng)
    while (!trainer.step().done);
    return { acc: accuracy({ net, classes: 10 }), seconds: seconds(start) }
  }
  t0 = performance.now()
  const same = mlp(ftEpochs, 1)
  // Equal wall time: as many MLP epochs as fit in the DBN's pretraining + fine-tuning time.
  const perEpoch = same.seconds / ftEpochs
  const matchedEpochs = Math.max(ftEpochs, Math.round(dbnSeconds / perEpoch))
  const matched = mlp(matchedEpochs, 1)
  return { kernels: kernels.name, dbnAccuracy: dbnAcc, dbnSeconds, mlpAccuracy: same.acc, mlpSeconds: same.seconds, mlpMatchedEpochs: matchedEpochs, mlpMatchedAccuracy: matched.acc, mlpMatchedSeconds: matched.seconds, fineTuneEpochs: ftEpochs, mlpTotalSeconds: seconds(t0) }
}

const steps: Record<string, () => object> = { rbm: rbmSpeed, anomaly, denoise, classifier }
const fn = steps[what ?? '']
if (!fn) throw new Error(`usage: layerwise-dbn.ts ${Object.keys(steps).join('|')} [--quick]`)
process.stdout.write(JSON.stringify(fn()) + '\n')
