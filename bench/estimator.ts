/**
 * Accuracy of the calibrated FLOP time model (SPEC §8, issue 8): for 10 networks from 2-8-8-1 on 500
 * spiral points to 784-256-128-10 on 8,000 MNIST digits, batch sizes 1 to 256, calibrate on the
 * network's shapes (the ≤ 3 s benchmark the app runs), then train with the engine's `Trainer` and
 * compare the predicted with the measured epoch time (`EpochStats.seconds` of the second epoch; the
 * first warms up). Target: within ±15% for at least 8 of 10.
 *
 * usage: node --import tsx bench/estimator.ts [ts|wasm] [--only i,j] [--markdown]
 * Prints one table row per network, then a summary; `--markdown` prints the table for RESULTS-estimator.md.
 */
import { cpus, loadavg } from 'node:os'
import { flopModelTime, networkCost } from '../src/engine/cost'
import { Network, Rng, Trainer, tsKernels, type Dataset, type Kernels, type NetworkSpec } from '../src/engine/index'
import { calibrate } from '../src/main/estimator/calibrate'
import { loadWasmKernels } from '../src/main/kernels/load-wasm-kernels'
import { PIXELS, SPIRAL_POINTS, TRAIN_ROWS, prepareData, readF32 } from './data'

interface Case {
  arch: number[]
  batch: number
}

const CASES: Case[] = [
  { arch: [2, 8, 8, 1], batch: 1 },
  { arch: [2, 8, 8, 1], batch: 10 },
  { arch: [2, 16, 16, 1], batch: 32 },
  { arch: [2, 32, 32, 32, 1], batch: 8 },
  { arch: [784, 32, 10], batch: 256 },
  { arch: [784, 64, 10], batch: 16 },
  { arch: [784, 128, 10], batch: 1 },
  { arch: [784, 128, 10], batch: 64 },
  { arch: [784, 256, 128, 10], batch: 32 },
  { arch: [784, 256, 128, 10], batch: 256 },
]

const args = process.argv.slice(2)
const kernelName = args[0] === 'ts' ? 'ts' : 'wasm'
const onlyArg = args.indexOf('--only')
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',').map(Number)) : null
const markdown = args.includes('--markdown')
const kernels: Kernels = kernelName === 'wasm' ? await loadWasmKernels() : tsKernels

prepareData()
const mnistX = readF32('mnist-x.f32')
const mnistLabels = readF32('mnist-labels.f32')
const spiralX = readF32('spiral-x.f32')
const spiralY = readF32('spiral-y.f32')

function specOf(arch: number[]): NetworkSpec {
  const mnist = arch[0] === PIXELS
  return {
    inputs: arch[0],
    layers: arch.slice(1).map((units, l) => ({ units, activation: mnist ? (l === arch.length - 2 ? 'softmax' : 'relu') : 'tanh' })),
    loss: mnist ? 'cce' : 'mse',
  }
}

function dataOf(arch: number[]): Dataset {
  if (arch[0] === PIXELS) {
    const y = new Float32Array(TRAIN_ROWS * 10)
    for (let r = 0; r < TRAIN_ROWS; r++) y[r * 10 + mnistLabels[r]] = 1
    return { rows: TRAIN_ROWS, inputs: PIXELS, outputs: 10, x: mnistX.subarray(0, TRAIN_ROWS * PIXELS), y }
  }
  return { rows: SPIRAL_POINTS, inputs: 2, outputs: 1, x: spiralX, y: spiralY }
}

interface Row {
  name: string
  batch: number
  samples: number
  calibrationSeconds: number
  predicted: number
  measured: number
  errorPercent: number
  /** CPU time of the measured epoch: what the wall time would be with the core to itself. */
  cpu: number
  cpuErrorPercent: number
  load: number
}

function cpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

const rows: Row[] = []
for (const [i, c] of CASES.entries()) {
  if (only && !only.has(i + 1)) continue
  const spec = specOf(c.arch)
  const data = dataOf(c.arch)
  const run = calibrate({ network: spec, batchSize: c.batch, samples: data.rows, kernels, budgetMs: 2500 })
  const predicted = flopModelTime(networkCost(spec), { samples: data.rows, batchSize: c.batch, epochs: 1 }, run.fit).seconds
  const net = Network.create(spec, new Rng(1), kernels)
  const trainer = new Trainer(net, { train: data }, { optimizer: 'sgd', learningRate: 0.01, batchSize: c.batch, epochs: 2, seed: 1 })
  let measured = NaN
  let cpu = NaN
  let cpuStart = 0
  while (!trainer.done) {
    if (trainer.epochsDone === 1 && cpuStart === 0) cpuStart = cpuSeconds()
    const step = trainer.step()
    if (step.epochEnd) measured = step.epochEnd.seconds
    if (step.epochEnd?.epoch === 2) cpu = cpuSeconds() - cpuStart
  }
  const row: Row = {
    name: c.arch.join('-'),
    batch: c.batch,
    samples: data.rows,
    calibrationSeconds: run.seconds,
    predicted,
    measured,
    errorPercent: ((predicted - measured) / measured) * 100,
    cpu,
    cpuErrorPercent: ((predicted - cpu) / cpu) * 100,
    load: loadavg()[0],
  }
  rows.push(row)
  if (!markdown) process.stdout.write(JSON.stringify(row) + '\n')
}

const within = rows.filter((r) => Math.abs(r.errorPercent) <= 15).length
const withinCpu = rows.filter((r) => Math.abs(r.cpuErrorPercent) <= 15).length
if (markdown) {
  process.stdout.write('| # | network | N | batch | calibration s | predicted epoch s | measured epoch s (wall) | error % | epoch CPU s | error vs CPU % | load avg (1 min) |\n')
  process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|\n')
  rows.forEach((r, i) => {
    const cells = [i + 1, r.name, r.samples, r.batch, r.calibrationSeconds.toFixed(2), r.predicted.toFixed(4), r.measured.toFixed(4), r.errorPercent.toFixed(1), r.cpu.toFixed(4), r.cpuErrorPercent.toFixed(1), r.load.toFixed(2)]
    process.stdout.write(`| ${cells.join(' | ')} |\n`)
  })
}
process.stdout.write(`\n${within} of ${rows.length} within ±15% of the wall time, ${withinCpu} of ${rows.length} of the CPU time (kernels ${kernels.name}, ${cpus().length}× ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`)
