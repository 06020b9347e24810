/**
 * `node --import tsx bench/dbn/rbm-speed.ts [--epochs 5] [--gemm]`: the RBM speed target of issue 4 alone.
 * Same settings as `bench/dbn/layerwise-dbn.ts rbm` (sklearn's algorithm: PCD-1, lr 0.06, batch 64, no
 * momentum/decay/reshuffling, 256 hidden, N(0, 0.01²) weights, seed 0) on the bench's 8,000 MNIST
 * training digits, one thread, wasm kernels. Prints per-epoch CPU (user+system) and wall ms, the
 * GEMM rate the epoch would need at that time (16.06 GFLOP/epoch: five 64×784×256 products per batch),
 * the machine's load, and a checksum of the final weights (to compare runs before/after a change).
 * `--gemm` first times each GEMM form of the CD-1 step on its own (GFLOP/s, best of several reps).
 */
import { loadavg } from 'node:os'
import { Rng } from '../../src/engine'
import { RbmTrainer, pseudoLogLikelihood, reconstructionError, type Matrix } from '../../src/engine/rbm'
import type { Kernels } from '../../src/engine/types'
import { loadKernels } from '../../src/main/training/kernels'
import { PIXELS, TRAIN_ROWS, prepareData, readF32 } from '../data'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const epochs = arg('--epochs', 5)
const HIDDEN = 256
const BATCH = 64
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ')
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const kernels = await loadKernels('wasm')
prepareData()
const x = readF32('mnist-x.f32')
const train: Matrix = { rows: TRAIN_ROWS, cols: PIXELS, data: x.subarray(0, TRAIN_ROWS * PIXELS) }
const test: Matrix = { rows: x.length / PIXELS - TRAIN_ROWS, cols: PIXELS, data: x.subarray(TRAIN_ROWS * PIXELS) }
const flopsPerEpoch = 5 * 2 * TRAIN_ROWS * PIXELS * HIDDEN

console.log(`kernels ${kernels.name}, node ${process.version}, load ${load()}`)
if (process.argv.includes('--gemm')) gemmForms(kernels)

const t = new RbmTrainer(kernels, train, { hidden: HIDDEN, epochs, batchSize: BATCH, learningRate: 0.06, k: 1, persistent: true, shuffle: false, momentum: 0, momentumSchedule: false, weightDecay: 0, monitorRows: 1 }, new Rng(0))
const rows: { cpu: number; wall: number }[] = []
for (let e = 0; e < epochs; e++) {
  const c0 = cpuMs()
  const w0 = performance.now()
  while (t.step().epochEnd === null);
  const cpu = cpuMs() - c0
  const wall = performance.now() - w0
  rows.push({ cpu, wall })
  console.log(`epoch ${e + 1}: CPU ${cpu.toFixed(0)} ms, wall ${wall.toFixed(0)} ms, ${(flopsPerEpoch / cpu / 1e6).toFixed(1)} GFLOP/s (CPU), load ${load()}`)
}
const later = rows.length > 1 ? rows.slice(1) : rows // epoch 1 includes JIT warm-up
const median = (a: number[]): number => a.slice().sort((p, q) => p - q)[a.length >> 1]
const cpuMed = median(later.map((r) => r.cpu))
const wallMed = median(later.map((r) => r.wall))
let sum = 0
let sumAbs = 0
for (const w of t.rbm.W) {
  sum += w
  sumAbs += Math.abs(w)
}
console.log(
  JSON.stringify({
    kernels: kernels.name,
    epochs,
    cpuMsPerEpochMedian: Math.round(cpuMed),
    wallMsPerEpochMedian: Math.round(wallMed),
    cpuMsPerEpochMin: Math.round(Math.min(...later.map((r) => r.cpu))),
    gflopsCpu: +(flopsPerEpoch / cpuMed / 1e6).toFixed(1),
    load: load(),
    wSum: sum,
    wSumAbs: sumAbs,
    pseudoLLTest: pseudoLogLikelihood(t.rbm, test.data, test.rows, new Rng(0)),
    reconstructionErrorTest: reconstructionError(t.rbm, test.data, test.rows),
  }),
)

/** GFLOP/s of each GEMM form a CD-1 step can use, best of `reps` timings of `inner` calls. */
function gemmForms(k: Kernels): void {
  const nv = PIXELS
  const nh = HIDDEN
  const forms: { label: string; m: number; n: number; kk: number; tA: boolean; tB: boolean; acc: boolean }[] = [
    { label: 'V·W      [64×784]·[784×256] NN', m: BATCH, n: nh, kk: nv, tA: false, tB: false, acc: false },
    { label: 'H·Wᵀ     [64×256]·[784×256]ᵀ NT', m: BATCH, n: nv, kk: nh, tA: false, tB: true, acc: false },
    { label: 'H·Wt     [64×256]·[256×784] NN (W kept transposed)', m: BATCH, n: nv, kk: nh, tA: false, tB: false, acc: false },
    { label: 'V·Wtᵀ    [64×784]·[256×784]ᵀ NT (W kept transposed)', m: BATCH, n: nh, kk: nv, tA: false, tB: true, acc: false },
    { label: 'Vᵀ·H     k=64  TN acc  → [784×256]', m: nv, n: nh, kk: BATCH, tA: true, tB: false, acc: true },
    { label: 'Vᵀ·H     k=128 TN acc  → [784×256] (stacked)', m: nv, n: nh, kk: 2 * BATCH, tA: true, tB: false, acc: true },
    { label: 'Hᵀ·V     k=64  TN acc  → [256×784]', m: nh, n: nv, kk: BATCH, tA: true, tB: false, acc: true },
    { label: 'Hᵀ·V     k=128 TN acc  → [256×784] (stacked)', m: nh, n: nv, kk: 2 * BATCH, tA: true, tB: false, acc: true },
    { label: 'Vt·H     k=128 NN acc  → [784×256] (V kept transposed)', m: nv, n: nh, kk: 2 * BATCH, tA: false, tB: false, acc: true },
    { label: 'Vt·Htᵀ   k=128 NT acc  → [784×256] (both transposed)', m: nv, n: nh, kk: 2 * BATCH, tA: false, tB: true, acc: true },
    { label: 'Vt·H     k=64  NN acc  → [784×256] (V kept transposed)', m: nv, n: nh, kk: BATCH, tA: false, tB: false, acc: true },
    { label: 'W·Hᵀ     [784×256]·[64×256]ᵀ NT → Vᵀ [784×64]', m: nv, n: BATCH, kk: nh, tA: false, tB: true, acc: false },
    { label: 'Vtᵀ·W    [784×64]ᵀ·[784×256] TN → [64×256]', m: BATCH, n: nh, kk: nv, tA: true, tB: false, acc: false },
  ]
  const rng = new Rng(1)
  const bufs = forms.map((f) => {
    const a = k.alloc(f.m * f.kk)
    const b = k.alloc(f.kk * f.n)
    const c = k.alloc(f.m * f.n)
    for (let i = 0; i < a.length; i++) a[i] = rng.next()
    for (let i = 0; i < b.length; i++) b[i] = rng.next() - 0.5
    return { a, b, c, best: Infinity }
  })
  // Rounds over all forms, best per form: the machine is shared, so a form's best burst is its rate.
  for (let round = 0; round < 15; round++) {
    forms.forEach((f, i) => {
      const { a, b, c } = bufs[i]
      const inner = Math.max(1, Math.round(5e7 / (2 * f.m * f.n * f.kk)))
      const t0 = performance.now()
      for (let r = 0; r < inner; r++) k.gemm(a, b, c, f.m, f.n, f.kk, f.tA, f.tB, f.acc)
      bufs[i].best = Math.min(bufs[i].best, (performance.now() - t0) / inner)
    })
  }
  forms.forEach((f, i) => {
    const best = bufs[i].best
    console.log(`gemm ${f.label}: ${((2 * f.m * f.n * f.kk) / best / 1e6).toFixed(1)} GFLOP/s (${best.toFixed(3)} ms/call, best wall)`)
  })
}
