/**
 * TensorFlow.js peer of the MLP benchmark, "as shipped": weights as tf.variable, batches by
 * tf.gather from the training tensor, gradients by autodiff through optimizer.minimize (PEERS.md §2,
 * the default rows). Shared init and batch order; ReLU, softmax cross-entropy (mean), SGD 0.1, batch 128.
 *
 * usage: node --import tsx bench/tfjs-run.ts cpu|wasm ARCH EPOCHS     prints one JSON line
 */
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { PIXELS, TRAIN_ROWS, archSizes, loadInit, readF32, readI32 } from './data'

const [backend, arch, epochsArg] = process.argv.slice(2)
const epochs = Number(epochsArg)
await tf.setBackend(backend)
await tf.ready()

const sizes = archSizes(arch)
const x = readF32('mnist-x.f32')
const labels = Int32Array.from(readF32('mnist-labels.f32'))
const order = readI32('order-8000x20.i32')
const xTrain = tf.tensor2d(x.subarray(0, TRAIN_ROWS * PIXELS), [TRAIN_ROWS, PIXELS])
const yTrain = tf.oneHot(tf.tensor1d(labels.subarray(0, TRAIN_ROWS), 'int32'), 10).toFloat()
const xTest = tf.tensor2d(x.subarray(TRAIN_ROWS * PIXELS), [labels.length - TRAIN_ROWS, PIXELS])
const testLabels = labels.subarray(TRAIN_ROWS)
const weights = loadInit(arch).map((w, l) => tf.variable(tf.tensor2d(w, [sizes[l], sizes[l + 1]])))
const biases = sizes.slice(1).map((n) => tf.variable(tf.zeros([n])))
const optimizer = tf.train.sgd(0.1)

const logits = (input: tf.Tensor2D): tf.Tensor2D => {
  let h = input
  weights.forEach((w, l) => {
    const z = tf.add(tf.matMul(h, w), biases[l]) as tf.Tensor2D
    h = l < weights.length - 1 ? tf.relu(z) : z
  })
  return h
}

const epochMs: number[] = []
const epochCpuMs: number[] = []
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const trainLoss: number[] = []
const testAcc: number[] = []
for (let e = 0; e < epochs; e++) {
  const perm = order.subarray((e % 20) * TRAIN_ROWS, (e % 20 + 1) * TRAIN_ROWS)
  let lossSum = 0
  const t0 = performance.now()
  const c0 = cpuMs()
  for (let s = 0; s < TRAIN_ROWS; s += 128) {
    const rows = Math.min(128, TRAIN_ROWS - s)
    const idx = tf.tensor1d(perm.subarray(s, s + rows), 'int32')
    const loss = optimizer.minimize(() => {
      const xb = tf.gather(xTrain, idx)
      const yb = tf.gather(yTrain, idx)
      return tf.losses.softmaxCrossEntropy(yb, logits(xb)) as tf.Scalar
    }, true)
    lossSum += (loss as tf.Scalar).dataSync()[0] * rows
    loss?.dispose()
    idx.dispose()
  }
  epochMs.push(performance.now() - t0)
  epochCpuMs.push(cpuMs() - c0)
  trainLoss.push(lossSum / TRAIN_ROWS)
  const predicted = tf.tidy(() => logits(xTest).argMax(1).dataSync())
  let correct = 0
  predicted.forEach((p, i) => (correct += p === testLabels[i] ? 1 : 0))
  testAcc.push(correct / testLabels.length)
}
console.log(JSON.stringify({ engine: `tfjs ${tf.version.tfjs} ${backend}`, arch, epochMs, epochCpuMs, trainLoss, testAcc }))
