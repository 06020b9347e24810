// Compiles the AssemblyScript kernels (assembly/gemm.ts) to WebAssembly; part of `npm run build` and of CI
// before the unit tests. Output is git-ignored (`src/main/wasm/*.wasm`): nothing binary is committed.
// src/main/kernels/load-wasm-kernels.ts imports the results with electron-vite's `?asset` suffix, so
// `electron-vite build` (which runs after this script) copies them next to the built chunks.
//
// Two builds of the same source:
//   gemm.wasm          --enable simd                      (every engine with wasm SIMD)
//   gemm-relaxed.wasm  --enable simd --enable relaxed-simd (f32x4.relaxed_madd → FMA; default in
//                      Electron 45 / Node ≥ 22, behind --experimental-wasm-relaxed-simd in Node 20)
// Both import a *shared* memory (env.memory) so that views handed out by the kernels' allocator never
// detach when the memory grows, and so a second worker can later share it (`--enable threads`).
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Maximum wasm memory in 64 KiB pages (2 GiB); must match MAX_PAGES in src/main/kernels/load-wasm-kernels.ts. */
const MAX_PAGES = 32768
const common = [
  'assembly/gemm.ts',
  '--enable', 'simd',
  '--enable', 'threads',
  '-O3',
  '--noAssert',
  '--runtime', 'stub',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory', '1',
  '--maximumMemory', String(MAX_PAGES),
]
const builds = [
  { out: 'src/main/wasm/gemm.wasm', extra: [] },
  { out: 'src/main/wasm/gemm-relaxed.wasm', extra: ['--enable', 'relaxed-simd'] },
]

process.chdir(root)
mkdirSync(join(root, 'src/main/wasm'), { recursive: true })
for (const { out, extra } of builds) {
  const started = performance.now()
  const { error, stderr } = await asc.main([...common, ...extra, '--outFile', out])
  if (error) {
    process.stderr.write(stderr.toString())
    process.stderr.write(`asbuild: compiling assembly/gemm.ts → ${out} failed: ${error.message}\n`)
    process.exit(1)
  }
  console.log(`asbuild: wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
