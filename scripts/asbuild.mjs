// Compiles the AssemblyScript kernels (assembly/*.ts) to WebAssembly; part of `npm run build` and of CI
// before the unit tests. Output is git-ignored (`src/main/wasm/*.wasm`): nothing binary is committed.
// src/main/kernels/load-wasm-kernels.ts imports the result with electron-vite's `?asset` suffix, so
// `electron-vite build` (which runs after this script) copies it next to the built chunks.
//
// Memory: the module imports a *shared* memory (env.memory) so that views handed out by the kernels'
// allocator never detach when the memory grows, and so a second worker can later share it.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Maximum wasm memory in 64 KiB pages (2 GiB); must match MAX_PAGES in src/main/kernels/load-wasm-kernels.ts. */
const MAX_PAGES = 32768
const outFile = join(root, 'src/main/wasm/gemm.wasm')
const args = [
  'assembly/gemm.ts',
  '--outFile', outFile,
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

mkdirSync(dirname(outFile), { recursive: true })
const started = performance.now()
process.chdir(root)
const { error, stderr } = await asc.main(args)
if (error) {
  process.stderr.write(stderr.toString())
  process.stderr.write(`asbuild: compiling assembly/gemm.ts failed: ${error.message}\n`)
  process.exit(1)
}
console.log(`asbuild: wrote ${outFile.slice(root.length + 1)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
