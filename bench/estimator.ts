/**
 * Accuracy of the calibrated FLOP time model (SPEC §8, issue 8): for 10 networks from 2-8-8-1 on 500
 * spiral points to 784-256-128-10 on 8,000 MNIST digits, batch sizes 1 to 256, calibrate on the
 * network's shapes (the ≤ 3 s benchmark the app runs, `calibrate()`), then train with the app's own
 * training loop (`runJob` of the training worker: `loadKernels` + `Network.create` + `Trainer`, time
 * slices, progress frames every 50 ms) and compare the predicted with the measured epoch time.
 *
 * Measured epoch time = the **median** of the `EpochStats.seconds` of the timed epochs: one warm-up
 * epoch first (not counted), then at least 5 and up to 200 epochs, as many as fit in about 1.5 s by the
 * prediction (an epoch of a 500-point network takes < 1 ms, so a single epoch would be timer noise).
 * CPU columns: the share of a core the process got while those epochs ran (process CPU / wall time:
 * below 1 on a busy machine), and the median CPU time per epoch of a second run of the same network,
 * data and settings by `Trainer.step()` directly (up to 50 timed epochs after a warm-up epoch), i.e.
 * what the epoch takes with the core to itself (for a run whose batches are split over two threads,
 * the CPU time of both threads: then it is not comparable with the wall time).
 * Each network runs in its own child process (cold JIT, like the app's fresh calibration and training
 * worker threads). Target: predicted within ±15 % of the measured epoch for at least 8 of 10.
 *
 * usage: node --import tsx bench/estimator.ts [ts|wasm] [--only i,j] [--write]
 * Prints the table (markdown) and a summary; `--write` also replaces the generated section of
 * bench/RESULTS-estimator.md (between its `<!-- estimator-bench -->` markers) with it.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { flopModelTime, networkCost, splitsBatches } from '../src/engine/cost'
import { Network, Rng, Trainer } from '../src/engine'
import type { Dataset, EpochStats, Kernels, NetworkSpec } from '../src/engine/types'
import { calibrate } from '../src/main/estimator/calibrate'
import { densityOf } from '../src/main/estimator/density'
import { loadKernels } from '../src/main/training/kernels'
import { runJob, type JobControl } from '../src/main/training/run-job'
import type { FromWorker } from '../src/shared/engine-protocol'
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
/** Timed epochs: at least, at most, and about how many seconds of them. */
const MIN_EPOCHS = 5
const MAX_EPOCHS = 200
const TIMED_SECONDS = 1.5
const BUDGET_MS = 2500
const TOLERANCE = 15
/** Sample rows of the training data the calibration draws its rows from. */
const SAMPLE_ROWS = 1024
/** Timed epochs of the CPU-time measurement, at most. */
const CPU_EPOCHS = 50

interface Clock {
  cpu: number
  wall: number
}

/** One network's result, as a child process prints it. */
interface Row {
  name: string
  batch: number
  samples: number
  /** Threads a batch of this run trains on (2: split data-parallel), by the engine's rule and the calibration. */
  threads: number
  calibrationSeconds: number
  fitRms: number
  /** ρ of the training data. */
  density: number
  /** κ of the calibration's anchor run (1: none). */
  correction: number
  /** The fitted model's epoch time without κ. */
  uncorrected: number
  predicted: number
  epochs: number
  /** Median wall seconds of the timed epochs. */
  measured: number
  errorPercent: number
  /** CPU share of the timed epochs (process CPU / wall). */
  cpuShare: number
  cpu: number
  cpuErrorPercent: number
  load: number
}

const args = process.argv.slice(2)
const kernelKind = args.includes('ts') ? 'ts' : 'wasm'

function specOf(arch: number[]): NetworkSpec {
  const mnist = arch[0] === PIXELS
  return {
    inputs: arch[0],
    layers: arch.slice(1).map((units, l) => ({ units, activation: mnist ? (l === arch.length - 2 ? 'softmax' : 'relu') : 'tanh' })),
    loss: mnist ? 'cce' : 'mse',
  }
}

function dataOf(arch: number[]): Dataset {
  prepareData()
  if (arch[0] === PIXELS) {
    const labels = readF32('mnist-labels.f32')
    const y = new Float32Array(TRAIN_ROWS * 10)
    for (let r = 0; r < TRAIN_ROWS; r++) y[r * 10 + labels[r]] = 1
    return { rows: TRAIN_ROWS, inputs: PIXELS, outputs: 10, x: readF32('mnist-x.f32').subarray(0, TRAIN_ROWS * PIXELS), y }
  }
  return { rows: SPIRAL_POINTS, inputs: 2, outputs: 1, x: readF32('spiral-x.f32'), y: readF32('spiral-y.f32') }
}

const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

function median(values: number[]): number {
  const s = [...values].sort((p, q) => p - q)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/**
 * Median CPU seconds of `timed` epochs after a warm-up epoch, with the same network, data and
 * settings driven by `Trainer.step()` directly, so each epoch's CPU time can be read at its ends.
 */
function cpuEpoch(spec: NetworkSpec, data: Dataset, batchSize: number, timed: number, kernels: Kernels): number {
  const trainer = new Trainer(Network.create(spec, new Rng(1), kernels), { train: data }, { optimizer: 'sgd', learningRate: 0.01, batchSize, epochs: 1 + timed, seed: 1 })
  const times: number[] = []
  let start = cpuSeconds()
  while (!trainer.done) {
    if (trainer.step().epochEnd) {
      const end = cpuSeconds()
      if (trainer.epochsDone > 1) times.push(end - start)
      start = end
    }
  }
  return median(times)
}

/** Calibrates for one network, then trains it through the worker's `runJob` and measures its epochs. */
async function runCase(c: Case): Promise<Row> {
  const spec = specOf(c.arch)
  const data = dataOf(c.arch)
  const kernels = await loadKernels(kernelKind)
  // the data's input density, as the app measures it from the data set the user picked
  const density = densityOf(data)
  // sample rows of the data (as the app sends its data set's sample images): where the zeros sit matters
  const sampleRows = Array.from({ length: Math.min(SAMPLE_ROWS, data.rows) }, (_, i) => {
    const r = Math.floor((i * data.rows) / Math.min(SAMPLE_ROWS, data.rows))
    return data.x.subarray(r * data.inputs, (r + 1) * data.inputs)
  })
  const run = calibrate({ network: spec, batchSize: c.batch, samples: data.rows, kernels, budgetMs: BUDGET_MS, ...density, sampleRows })
  const correction = run.anchor?.correction ?? 1
  const shape = { samples: data.rows, batchSize: c.batch, epochs: 1, inputDensity: density.inputDensity }
  const predicted = flopModelTime(networkCost(spec), shape, run.fit, correction).seconds
  const uncorrected = flopModelTime(networkCost(spec), shape, run.fit).seconds
  const timed = Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.ceil(TIMED_SECONDS / predicted)))
  const epochs: EpochStats[] = []
  // CPU and wall clock at the first progress frame after the warm-up epoch, and at the last frame.
  const marks: { first?: Clock; last?: Clock } = {}
  const post = (message: FromWorker) => {
    if (message.type !== 'progress') return
    epochs.push(...message.frame.epochs)
    const at = { cpu: cpuSeconds(), wall: performance.now() / 1000 }
    if (!marks.first && epochs.length >= 1) marks.first = at
    else if (marks.first) marks.last = at
  }
  const control: JobControl = { stopped: false, paused: false, wake: null }
  await runJob(
    {
      runId: `bench-${c.arch.join('-')}-${c.batch}`,
      network: spec,
      settings: { optimizer: 'sgd', learningRate: 0.01, batchSize: c.batch, epochs: 1 + timed, seed: 1 },
      task: spec.loss === 'cce' ? 'multiclass' : 'regression',
      train: data,
      validation: null,
      test: null,
      labels: null,
      kernels: kernelKind,
      frameIntervalMs: 50,
    },
    kernels,
    control,
    post,
  )
  const seconds = epochs.slice(1).map((e) => e.seconds)
  const measured = median(seconds)
  const { first, last } = marks
  const share = first && last && last.wall > first.wall ? Math.min(1, (last.cpu - first.cpu) / (last.wall - first.wall)) : 1
  const cpu = cpuEpoch(spec, data, c.batch, Math.min(timed, CPU_EPOCHS), kernels)
  return {
    name: c.arch.join('-'),
    batch: c.batch,
    samples: data.rows,
    threads: splitsBatches(networkCost(spec), Math.min(c.batch, data.rows), run.fit.threads) ? 2 : 1,
    calibrationSeconds: run.seconds,
    fitRms: run.fit.rmsRelativeError,
    density: density.inputDensity,
    correction,
    uncorrected,
    predicted,
    epochs: seconds.length,
    measured,
    errorPercent: ((predicted - measured) / measured) * 100,
    cpuShare: share,
    cpu,
    cpuErrorPercent: ((predicted - cpu) / cpu) * 100,
    load: loadavg()[0],
  }
}

/** Runs every case in its own child process and prints (and with `--write` stores) the table. */
async function runAll(): Promise<void> {
  const onlyArg = args.indexOf('--only')
  const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',').map(Number)) : null
  const script = fileURLToPath(import.meta.url)
  const started = new Date()
  const loadBefore = loadavg()
  const rows: (Row & { index: number })[] = []
  for (let i = 1; i <= CASES.length; i++) {
    if (only && !only.has(i)) continue
    const out = execFileSync(process.execPath, [...process.execArgv, script, kernelKind, '--case', String(i)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    const row = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Row
    rows.push({ ...row, index: i })
    process.stderr.write(`#${i} ${row.name} batch ${row.batch}: predicted ${row.predicted.toFixed(5)} s (κ ${row.correction.toFixed(3)}, fitted ${row.uncorrected.toFixed(5)}), measured ${row.measured.toFixed(5)} s (${row.errorPercent.toFixed(1)} %), load ${row.load.toFixed(2)}\n`)
  }
  const loadAfter = loadavg()
  const within = rows.filter((r) => Math.abs(r.errorPercent) <= TOLERANCE).length
  const oneThread = rows.filter((r) => r.threads === 1)
  const withinCpu = oneThread.filter((r) => Math.abs(r.cpuErrorPercent) <= TOLERANCE).length
  const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ')
  const lines = [
    `Run ${started.toISOString().replace(/\.\d+Z$/, 'Z')} – ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}: \`node --import tsx bench/estimator.ts ${kernelKind}${only ? ` --only ${[...only].join(',')}` : ''}${args.includes('--write') ? ' --write' : ''}\``,
    `on ${cpus().length}× ${cpus()[0]?.model.trim() ?? '?'}, Node ${process.versions.node}, kernels ${kernelKind}; load average (1 / 5 / 15 min) ${fmtLoad(loadBefore)} before, ${fmtLoad(loadAfter)} after.`,
    '',
    '| # | network | N | input density ρ | batch | threads | calibration s | fit rms % | fitted model epoch s (error %) | κ | predicted epoch s = κ · fitted | timed epochs | measured epoch s (median, wall) | error % | CPU share of the run | epoch CPU s (median) | error vs CPU % | load (1 min) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${[
        r.index,
        r.name,
        r.samples,
        r.density.toFixed(3),
        r.batch,
        r.threads,
        r.calibrationSeconds.toFixed(2),
        (r.fitRms * 100).toFixed(1),
        `${r.uncorrected.toPrecision(3)} (${(((r.uncorrected - r.measured) / r.measured) * 100).toFixed(1)})`,
        r.correction.toFixed(3),
        r.predicted.toPrecision(3),
        r.epochs,
        r.measured.toPrecision(3),
        r.errorPercent.toFixed(1),
        r.cpuShare.toFixed(2),
        r.cpu.toPrecision(3),
        r.threads === 1 ? r.cpuErrorPercent.toFixed(1) : 'n/a (2 threads)',
        r.load.toFixed(2),
      ].join(' | ')} |`,
    ),
    '',
    `**${within} of ${rows.length} within ±${TOLERANCE} % of the measured (wall) epoch time.** One-thread rows: ${withinCpu} of ${oneThread.length} within ±${TOLERANCE} % of the epoch's CPU time (what the wall time would be with the core to itself; rows on 2 threads have no such proxy).`,
  ]
  const table = lines.join('\n')
  process.stdout.write(table + '\n')
  if (args.includes('--write')) {
    const path = fileURLToPath(new URL('./RESULTS-estimator.md', import.meta.url))
    const marker = '<!-- estimator-bench -->'
    const doc = readFileSync(path, 'utf8')
    const parts = doc.split(marker)
    if (parts.length !== 3) throw new Error(`${path}: expected two ${marker} markers around the generated section`)
    writeFileSync(path, `${parts[0]}${marker}\n${table}\n${marker}${parts[2]}`)
    process.stderr.write(`wrote ${path}\n`)
  }
}

const caseArg = args.indexOf('--case')
if (caseArg >= 0) {
  const row = await runCase(CASES[Number(args[caseArg + 1]) - 1])
  process.stdout.write(JSON.stringify(row) + '\n')
} else {
  await runAll()
}
