/**
 * How often each layer of an MNIST network takes the engine's sparse products while it trains
 * (src/engine/layers/dense.ts: a layer with ≥ 2¹⁴ weights multiplies over the nonzeros of its input
 * when a batch has ≤ 25 % of them). The estimator models the input layer's sparse path (ρ) and the
 * hidden layers as dense (docs/estimator.md); this checks that assumption on real training.
 *
 * usage: node --import tsx bench/hidden-sparsity.ts
 * Prints, for three runs on the first 8,000 MNIST digits, the share of batches in which each layer's
 * last forward pass was sparse, per block of 3 epochs.
 */
import { Network, Rng, Trainer } from '../src/engine'
import type { Dataset, NetworkSpec, OptimizerName } from '../src/engine/types'
import { loadKernels } from '../src/main/training/kernels'
import { PIXELS, TRAIN_ROWS, prepareData, readF32 } from './data'

const RUNS: { arch: number[]; batch: number; optimizer: OptimizerName; learningRate: number }[] = [
  { arch: [784, 256, 128, 10], batch: 32, optimizer: 'sgd', learningRate: 0.01 },
  { arch: [784, 256, 128, 10], batch: 32, optimizer: 'adam', learningRate: 0.001 },
  { arch: [784, 128, 10], batch: 64, optimizer: 'sgd', learningRate: 0.1 },
]
const EPOCHS = 10

prepareData()
const kernels = await loadKernels('wasm')
const labels = readF32('mnist-labels.f32')
const y = new Float32Array(TRAIN_ROWS * 10)
for (let r = 0; r < TRAIN_ROWS; r++) y[r * 10 + labels[r]] = 1
const mnist: Dataset = { rows: TRAIN_ROWS, inputs: PIXELS, outputs: 10, x: readF32('mnist-x.f32').subarray(0, TRAIN_ROWS * PIXELS), y }

for (const run of RUNS) {
  const spec: NetworkSpec = {
    inputs: PIXELS,
    layers: run.arch.slice(1).map((units, l) => ({ units, activation: l === run.arch.length - 2 ? 'softmax' : 'relu' })),
    loss: 'cce',
  }
  const net = Network.create(spec, new Rng(1), kernels)
  const trainer = new Trainer(net, { train: mnist }, { optimizer: run.optimizer, learningRate: run.learningRate, batchSize: run.batch, epochs: EPOCHS, seed: 1 })
  const sparse = net.dense.map(() => 0)
  let batches = 0
  while (!trainer.done) {
    const step = trainer.step()
    batches++
    // `lastSparse` is the layer's own record of whether its last forward pass took the sparse products
    net.dense.forEach((d, i) => {
      if ((d as unknown as { lastSparse: boolean }).lastSparse) sparse[i]++
    })
    if (step.epochEnd && (trainer.epochsDone % 3 === 1 || trainer.done)) {
      const shares = sparse.map((c) => (c / batches).toFixed(2)).join(' / ')
      process.stdout.write(`${run.arch.join('-')} ${run.optimizer} ${run.learningRate} batch ${run.batch}, up to epoch ${trainer.epochsDone}: sparse share per layer ${shares}\n`)
      sparse.fill(0)
      batches = 0
    }
  }
  trainer.dispose()
}
