/**
 * GEMM GFLOP/s of the Layerwise kernels: naive TS, blocked TS (`tsKernels`) and wasm SIMD (buffers
 * from its `alloc`, i.e. zero-copy, for both builds: plain SIMD mul+add and relaxed-SIMD FMA; plus
 * one row with plain Float32Arrays, i.e. copy-in/copy-out).
 * GFLOP/s = 2·M·N·K / median call time, best of 3 rounds of at least ROUND_MS (PEERS.md §3).
 *
 * usage: node --import tsx bench/gemm-run.ts [ROUND_MS]     prints one JSON line
 */
import { naiveKernels, tsKernels, type Kernels } from '../src/engine/index'
import { loadWasmKernels } from '../src/main/kernels/load-wasm-kernels'
import { GEMM_SHAPES } from './gemm-shapes'

const roundMs = Number(process.argv[2] ?? 250)

/** GFLOP/s from the median call (PEERS.md protocol) and from the fastest call (robust to a busy machine). */
function rate(kernels: Kernels, alloc: (n: number) => Float32Array, s: (typeof GEMM_SHAPES)[number]): { median: number; fastest: number } {
  const a = alloc(s.m * s.k)
  const b = alloc(s.k * s.n)
  const c = alloc(s.m * s.n)
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 1000) / 1000 - 0.5
  for (let i = 0; i < b.length; i++) b[i] = ((i * 104729) % 1000) / 1000 - 0.5
  const call = (): void => kernels.gemm(a, b, c, s.m, s.n, s.k, s.transA, s.transB, false)
  const warm = performance.now()
  while (performance.now() - warm < Math.min(roundMs, 100)) call()
  let best = 0
  let fastest = Infinity
  for (let r = 0; r < 3; r++) {
    const times: number[] = []
    const start = performance.now()
    while (performance.now() - start < roundMs) {
      const t0 = performance.now()
      call()
      times.push(performance.now() - t0)
    }
    times.sort((x, y) => x - y)
    best = Math.max(best, (2 * s.m * s.n * s.k) / (times[times.length >> 1] * 1e6))
    fastest = Math.min(fastest, times[0])
  }
  return { median: best, fastest: (2 * s.m * s.n * s.k) / (fastest * 1e6) }
}

const simd = await loadWasmKernels({ variant: 'simd' })
const relaxed = await loadWasmKernels({ variant: 'relaxed' })
const relaxed2 = await loadWasmKernels({ variant: 'relaxed', threads: 2 })
const rows: { engine: string; gflops: Record<string, number>; gflopsFastest: Record<string, number> }[] = []
const run = (engine: string, kernels: Kernels, alloc: (n: number) => Float32Array, shapes = GEMM_SHAPES): void => {
  const gflops: Record<string, number> = {}
  const gflopsFastest: Record<string, number> = {}
  for (const s of shapes) {
    const r = rate(kernels, alloc, s)
    gflops[s.id] = r.median
    gflopsFastest[s.id] = r.fastest
  }
  rows.push({ engine, gflops, gflopsFastest })
}
// the naive triple loop needs seconds per 512³ call: measure it on the smaller shapes only
run('naive TS (`naiveKernels`)', naiveKernels, (n) => new Float32Array(n), GEMM_SHAPES.filter((s) => s.m * s.n * s.k < 2e7))
run('blocked TS (`tsKernels`)', tsKernels, (n) => new Float32Array(n))
run('wasm SIMD mul+add (`gemm.wasm`), zero-copy', simd, (n) => simd.alloc(n))
run('wasm relaxed SIMD FMA (`gemm-relaxed.wasm`), zero-copy', relaxed, (n) => relaxed.alloc(n))
run('wasm relaxed SIMD FMA, plain Float32Arrays (copy in/out)', relaxed, (n) => new Float32Array(n))
run('wasm relaxed SIMD FMA, 2 threads (helper worker, rows split), zero-copy', relaxed2, (n) => relaxed2.alloc(n))
relaxed2.dispose()
console.log(JSON.stringify({ shapes: GEMM_SHAPES.map(({ id, label }) => ({ id, label })), rows }))
