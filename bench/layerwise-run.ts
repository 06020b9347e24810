/**
 * Layerwise side of the MLP and Playground benchmarks: the engine's own `Network` + `Trainer`
 * (what the app and CLI run), fed the shared initial weights and batch order.
 *
 * usage: node --import tsx bench/layerwise-run.ts mnist|playground ts|wasm ARCH EPOCHS [trainer|network]
 *   (wasm build and threads from LAYERWISE_WASM_VARIANT / LAYERWISE_KERNEL_THREADS / LAYERWISE_PARALLEL, see
 *   load-wasm-kernels.ts: LAYERWISE_KERNEL_THREADS=2 = the Trainer splits batches data-parallel over two threads,
 *   adding LAYERWISE_PARALLEL=gemm = the older per-GEMM row split)
 *   trainer  `Trainer.step()` per batch (the product path: gather, forward, backward, stats, SGD)
 *   network  a bare loop of `Network.forward/lossValue/backward` + `Sgd.step` (the engine's core cost)
 * The shared order is applied by rewriting the training rows in that order before each epoch
 * (untimed) and running the Trainer with `shuffle: false`. Prints one JSON line.
 */
import { Network, Rng, Sgd, Trainer, evaluate, tsKernels, type Dataset, type Kernels, type NetworkSpec } from '../src/engine/index'
import { loadWasmKernels } from '../src/main/kernels/load-wasm-kernels'
import { PIXELS, SPIRAL_POINTS, TRAIN_ROWS, archSizes, loadInit, readF32, readI32 } from './data'

const [task, kernelName, arch, epochsArg, modeArg] = process.argv.slice(2)
const epochs = Number(epochsArg)
const mode = modeArg === 'network' ? 'network' : 'trainer'
const wasm = kernelName === 'wasm' ? await loadWasmKernels() : null
const kernels: Kernels = wasm ?? tsKernels

const isMnist = task === 'mnist'
const sizes = archSizes(isMnist ? arch : '2-8-8-1')
const spec: NetworkSpec = {
  inputs: sizes[0],
  layers: sizes.slice(1).map((units, l) => ({
    units,
    activation: isMnist ? (l === sizes.length - 2 ? 'softmax' : 'relu') : 'tanh',
  })),
  loss: isMnist ? 'cce' : 'mse',
}
const net = Network.create(spec, new Rng(1), kernels)
loadInit(sizes.join('-')).forEach((w, l) => {
  // numpy W[fanIn×fanOut] → engine W[units×fanIn]
  const fanIn = sizes[l]
  const units = sizes[l + 1]
  const dst = net.weights(l)
  for (let j = 0; j < units; j++) for (let k = 0; k < fanIn; k++) dst[j * fanIn + k] = w[k * units + j]
  net.biases(l)?.fill(0)
})

/** Rows, one-hot (or ±1) targets and labels of the task's data. */
function load(): { all: Dataset; trainRows: number; order: Int32Array; batch: number; lr: number } {
  if (isMnist) {
    const x = readF32('mnist-x.f32')
    const labels = readF32('mnist-labels.f32')
    const y = new Float32Array(labels.length * 10)
    labels.forEach((c, i) => (y[i * 10 + c] = 1))
    return { all: { rows: labels.length, inputs: PIXELS, outputs: 10, x, y, labels: Int32Array.from(labels) }, trainRows: TRAIN_ROWS, order: readI32('order-8000x20.i32'), batch: 128, lr: 0.1 }
  }
  const x = readF32('spiral-x.f32')
  const y = readF32('spiral-y.f32')
  return { all: { rows: SPIRAL_POINTS, inputs: 2, outputs: 1, x, y }, trainRows: SPIRAL_POINTS, order: readI32(`order-500x${epochs}.i32`), batch: 10, lr: 0.03 }
}
const { all, trainRows, order, batch, lr } = load()
const { inputs, outputs } = all
const train: Dataset = { rows: trainRows, inputs, outputs, x: new Float32Array(trainRows * inputs), y: new Float32Array(trainRows * outputs) }
const test: Dataset | null = isMnist
  ? { rows: all.rows - trainRows, inputs, outputs, x: all.x.subarray(trainRows * inputs), y: all.y.subarray(trainRows * outputs) }
  : null

function arrange(epoch: number): void {
  const perm = order.subarray((epoch % (order.length / trainRows)) * trainRows, (epoch % (order.length / trainRows) + 1) * trainRows)
  for (let r = 0; r < trainRows; r++) {
    train.x.set(all.x.subarray(perm[r] * inputs, (perm[r] + 1) * inputs), r * inputs)
    train.y.set(all.y.subarray(perm[r] * outputs, (perm[r] + 1) * outputs), r * outputs)
  }
}

const epochMs: number[] = []
/** CPU time of this process per epoch (all its threads): on a busy machine, a load-robust measure for 1-thread rows. */
const epochCpuMs: number[] = []
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const trainLoss: number[] = []
const testAcc: number[] = []
// LAYERWISE_SPIN_MS: the data-parallel busy-wait (tuning; default DEFAULT_SPIN_MS)
const spinMs = process.env.LAYERWISE_SPIN_MS ? Number(process.env.LAYERWISE_SPIN_MS) : undefined
const trainer = new Trainer(net, { train }, { optimizer: 'sgd', learningRate: lr, batchSize: batch, epochs, shuffle: false, seed: 1 }, {
  now: () => performance.now(),
  ...(spinMs === undefined ? {} : { parallel: { spinMs } }),
})
const threads = mode === 'trainer' ? trainer.threads : 1
// Untimed: the data-parallel helper thread starts up (here through tsx, which transpiles the engine in
// that thread for about a second of CPU; the built app's worker chunk starts in tens of ms).
for (const t0 = performance.now(); threads === 2 && !trainer.helperReady && performance.now() - t0 < 20_000; ) await new Promise((resolve) => setTimeout(resolve, 5))
// the bare loop's buffers
const xb = kernels.alloc(batch * inputs)
const tb = kernels.alloc(batch * outputs)
const sgd = new Sgd(net.params())

for (let e = 0; e < epochs; e++) {
  arrange(e)
  let lossSum = 0
  const t0 = performance.now()
  const c0 = cpuMs()
  if (mode === 'trainer') {
    let step = trainer.step()
    while (!step.epochEnd) step = trainer.step()
    epochMs.push(performance.now() - t0)
    epochCpuMs.push(cpuMs() - c0)
    lossSum = step.epochEnd.trainLoss * trainRows
  } else {
    for (let s = 0; s < trainRows; s += batch) {
      const rows = Math.min(batch, trainRows - s)
      xb.set(train.x.subarray(s * inputs, (s + rows) * inputs))
      tb.set(train.y.subarray(s * outputs, (s + rows) * outputs))
      net.forward(xb, rows)
      lossSum += net.lossValue(tb, rows) * rows
      net.backward(xb, tb, rows)
      sgd.step(lr)
    }
    epochMs.push(performance.now() - t0)
    epochCpuMs.push(cpuMs() - c0)
  }
  trainLoss.push(lossSum / trainRows)
  if (test) testAcc.push(evaluate(net, test, 'cce', 'multiclass').accuracy ?? NaN)
}

let accuracy: number | null = null
if (!isMnist) {
  const out = net.predict(all.x, all.rows)
  let ok = 0
  for (let i = 0; i < all.rows; i++) if ((out[i] >= 0 ? 1 : -1) === all.y[i]) ok++
  accuracy = ok / all.rows
}
const how = threads === 2 ? ', 2 threads data-parallel' : wasm?.threads === 2 ? ', GEMMs on 2 threads' : ''
trainer.dispose()
wasm?.dispose()
const parallel = trainer.parallelParts
console.log(JSON.stringify({ engine: `layerwise ${mode} (${kernels.name}${how})`, arch: sizes.join('-'), epochMs, epochCpuMs, trainLoss, testAcc, accuracy, ...(parallel ? { parallel } : {}) }))
