// `npm run bench [-- --quick] [-- --only=gemm,mlp,playground]`: Layerwise side by side with its peers
// in one run (SPEC §3.7, PEERS.md protocol), written to bench/RESULTS.md. Every step is a separate
// process that prints one JSON line; a peer that is not installed is reported as such, not fatal.
//   GEMM        bench/gemm-run.ts (naive TS, blocked TS, wasm SIMD) vs bench/peers/gemm_numpy.py
//   MNIST MLP   bench/layerwise-run.ts (engine Trainer on TS / wasm kernels) vs bench/peers/mlp_torch.py
//               (1 and 2 threads) vs bench/tfjs-run.ts (cpu, wasm)
//   Playground  2-8-8-1 tanh on 500 two-spiral points: bench/layerwise-run.ts vs bench/peers/playground_torch.py
// Data, shared init and batch order are cached in bench/.cache (bench/data.ts, bench/peers/make_init.py).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const only = (args.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? ['gemm', 'mlp', 'playground'])
const PY = process.env.BENCH_PYTHON ?? '/usr/bin/python3' // Debian's python3 with python3-torch
process.env.PYTHONDONTWRITEBYTECODE = '1' // no __pycache__ in bench/peers
const ARCHS = ['784-128-10', '784-256-128-10']
const E = quick ? { full: 5, slow: 3, pg: 50, torchRuns: 1, roundMs: 100 } : { full: 20, slow: 5, pg: 200, torchRuns: 2, roundMs: 250 }
const started = new Date()
const load = () => loadavg()[0].toFixed(2)

function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${load()}] ${msg}\n`)
}

/** Runs one step; returns its JSON result, or { error } with the reason. */
function step(label, cmd, cmdArgs, env = {}) {
  const loadBefore = load()
  log(label)
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 64 << 20 })
  const lines = (r.stdout ?? '').trim().split('\n')
  try {
    if (r.status !== 0) throw new Error((r.error?.message ?? r.stderr.trim().split('\n').slice(-1)[0]) || `exit ${r.status}`)
    return { ...JSON.parse(lines[lines.length - 1]), load: loadBefore }
  } catch (e) {
    log(`  failed: ${e.message}`)
    return { error: e.message, load: loadBefore }
  }
}

const tsx = (file, ...rest) => [process.execPath, ['--import', 'tsx', `bench/${file}`, ...rest.map(String)]]
const has = (module) => existsSync(PY) && spawnSync(PY, ['-c', `import ${module}`]).status === 0
const hasNumpy = has('numpy')
const hasTorch = has('torch')
const pyVersions = hasTorch ? spawnSync(PY, ['-c', 'import numpy, torch; print("numpy", numpy.__version__, "· torch", torch.__version__)'], { encoding: 'utf8' }).stdout.trim() : hasNumpy ? 'numpy only' : 'not installed'

// ---------------------------------------------------------------- build and data
if (!existsSync(join(root, 'src/main/wasm/gemm.wasm')) || !existsSync(join(root, 'src/main/wasm/gemm-relaxed.wasm'))) {
  if (spawnSync(process.execPath, ['scripts/asbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1)
}
const prep = spawnSync(process.execPath, ['--import', 'tsx', '-e', `const d = await import('./bench/data.ts'); d.prepareData()${hasNumpy ? '' : `; d.writeJsFallbackInit(${JSON.stringify([...ARCHS, '2-8-8-1'])}, ${E.pg})`}`], { cwd: root, stdio: 'inherit' })
if (prep.status !== 0) process.exit(1)
if (hasNumpy && spawnSync(PY, ['bench/peers/make_init.py', [...ARCHS, '2-8-8-1'].join(','), String(E.pg)], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1)

// ---------------------------------------------------------------- statistics
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN
}
/** Median epoch time of epochs 2..5 (1-based). */
const medianEp = (r) => median(r.epochMs.slice(1, 5))
/** The same over CPU time of the process (all threads): robust to a busy machine for 1-thread rows. */
const medianCpu = (r) => median((r.epochCpuMs ?? []).slice(1, 5))
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-')
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-')
const best = (runs) => runs.filter((r) => !r.error).sort((a, b) => medianEp(a) - medianEp(b))[0] ?? runs[0]

// ---------------------------------------------------------------- runs
const results = { gemm: [], mlp: [], playground: [] }
let gemmShapes = []
if (only.includes('gemm')) {
  const js = step('GEMM: Layerwise kernels', ...tsx('gemm-run.ts', E.roundMs))
  if (js.error) results.gemm.push({ engine: 'Layerwise kernels', error: js.error, load: js.load })
  else results.gemm.push(...js.rows.map((r) => ({ ...r, load: js.load })))
  gemmShapes = js.shapes ?? []
  if (hasNumpy) {
    results.gemm.push({ ...step('GEMM: numpy 1 thread', PY, ['bench/peers/gemm_numpy.py', '1']), note: `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset: autodetect)'} (environment as set)` })
    // the other OpenBLAS setting for context: PEERS.md pins Haswell (AVX2) machine-wide; unset = autodetect
    const env = { ...process.env }
    let note = 'OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512 (AVX2, as PEERS.md)'
    if (process.env.OPENBLAS_CORETYPE || process.env.OPENBLAS_L2_SIZE) {
      delete env.OPENBLAS_CORETYPE
      delete env.OPENBLAS_L2_SIZE
      note = 'OPENBLAS_CORETYPE unset (autodetect)'
    } else Object.assign(env, { OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512' })
    const loadBefore = load()
    const r = spawnSync(PY, ['bench/peers/gemm_numpy.py', '1'], { cwd: root, env, encoding: 'utf8' })
    const lines = (r.stdout ?? '').trim().split('\n')
    if (r.status === 0) results.gemm.push({ ...JSON.parse(lines[lines.length - 1]), note: `${note}, context only`, load: loadBefore })
  } else results.gemm.push({ engine: 'numpy', error: 'not installed (apt-get install python3-numpy)' })
}

if (only.includes('mlp')) {
  for (const arch of ARCHS) {
    const rows = results.mlp
    const layerwise = (label, threads, kernels, epochs, mode, env = {}) => {
      const runs = Array.from({ length: kernels === 'wasm' ? E.torchRuns : 1 }, (_, i) => step(`MLP ${arch}: ${label}, run ${i + 1}`, ...tsx('layerwise-run.ts', 'mnist', kernels, arch, epochs, mode), env))
      rows.push({ label: runs.length > 1 ? `${label} (best of ${runs.length})` : label, arch, threads, ...best(runs) })
    }
    layerwise('Layerwise Trainer, wasm kernels', 1, 'wasm', E.full, 'trainer')
    // 2 threads: each batch split data-parallel (a replica on a helper thread, one hand-over per batch; src/engine/parallel/replica.ts)
    layerwise('Layerwise Trainer, wasm kernels, data-parallel on 2 threads', 2, 'wasm', E.full, 'trainer', { LAYERWISE_KERNEL_THREADS: '2' })
    layerwise('Layerwise Trainer, wasm kernels without FMA', 1, 'wasm', E.full, 'trainer', { LAYERWISE_WASM_VARIANT: 'simd' })
    layerwise('Layerwise bare Network loop, wasm kernels', 1, 'wasm', E.full, 'network')
    layerwise('Layerwise Trainer, TS kernels', 1, 'ts', E.slow, 'trainer')
    for (const threads of [1, 2]) {
      if (!hasTorch) {
        rows.push({ label: 'PyTorch', arch, threads, error: 'not installed (apt-get install python3-torch)' })
        continue
      }
      const runs = Array.from({ length: E.torchRuns }, (_, i) => step(`MLP ${arch}: PyTorch ${threads} thread(s), run ${i + 1}`, PY, ['bench/peers/mlp_torch.py', threads, arch, E.full].map(String)))
      rows.push({ label: `PyTorch (best of ${E.torchRuns})`, arch, threads, ...best(runs) })
    }
    if (hasTorch && !process.env.OPENBLAS_CORETYPE) {
      // context: the OpenBLAS setting PEERS.md had machine-wide (AVX2 kernels), which its targets assume
      const env = { OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512' }
      rows.push({ label: 'PyTorch, OPENBLAS_CORETYPE=Haswell (PEERS.md setting), context', arch, threads: 1, ...step(`MLP ${arch}: PyTorch 1 thread, Haswell`, PY, ['bench/peers/mlp_torch.py', '1', arch, String(E.full)], env) })
    }
    rows.push({ label: 'TF.js wasm (as shipped)', arch, threads: 1, ...step(`MLP ${arch}: TF.js wasm`, ...tsx('tfjs-run.ts', 'wasm', arch, E.full)) })
    rows.push({ label: 'TF.js cpu (as shipped)', arch, threads: 1, ...step(`MLP ${arch}: TF.js cpu`, ...tsx('tfjs-run.ts', 'cpu', arch, E.slow)) })
  }
}

if (only.includes('playground')) {
  for (const kernels of ['ts', 'wasm']) {
    results.playground.push({ label: `Layerwise Trainer, ${kernels} kernels`, ...step(`Playground: Layerwise ${kernels}`, ...tsx('layerwise-run.ts', 'playground', kernels, '2-8-8-1', E.pg)) })
  }
  if (hasTorch) results.playground.push({ label: 'PyTorch, 1 thread', ...step('Playground: PyTorch', PY, ['bench/peers/playground_torch.py', '1', String(E.pg)]) })
  else results.playground.push({ label: 'PyTorch', error: 'not installed (apt-get install python3-torch)' })
}

// ---------------------------------------------------------------- report
const out = []
const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`
out.push('# Benchmark results', '', `Written by \`${command}\` (scripts/bench.mjs); do not edit by hand.`, '')
out.push('| | |', '|---|---|')
out.push(`| command | \`${command}\`${quick ? ' (quick mode: fewer epochs, shorter GEMM rounds)' : ''} |`)
out.push(`| date | ${started.toISOString().replace('T', ' ').slice(0, 19)} UTC, ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s |`)
out.push(`| machine | ${cpus()[0]?.model ?? '?'}, ${cpus().length} vCPU; Node ${process.versions.node}; Python peers: ${pyVersions} |`)
out.push(`| load (1-min average) | ${load()} at the end; each row shows the load when its step started. The machine is shared: compare ratios within this run, not absolute numbers across runs. |`)
out.push(`| OPENBLAS_CORETYPE | \`${process.env.OPENBLAS_CORETYPE ?? '(unset: autodetect)'}\`, OPENBLAS_L2_SIZE \`${process.env.OPENBLAS_L2_SIZE ?? '(unset)'}\` |`, '')

if (results.gemm.length) {
  const ids = gemmShapes.length ? gemmShapes.map((s) => s.id) : Object.keys(results.gemm.find((r) => r.gflops)?.gflops ?? {})
  const labels = gemmShapes.length ? gemmShapes.map((s) => s.label) : ids
  out.push('## GEMM, float32 GFLOP/s (one thread unless the row says otherwise)', '', '2·M·N·K / median call time, best of 3 rounds (PEERS.md §3). The last column uses the fastest single call instead: on a busy machine it shows what the kernel does when it has the core.', '')
  out.push(`| engine | ${labels.join(' | ')} | ${labels[0]}, fastest call | load |`, `|---|${ids.map(() => '---').join('|')}|---|---|`)
  for (const r of results.gemm) {
    const name = r.note ? `${r.engine}, 1 thread, ${r.note}` : r.engine
    out.push(r.error ? `| ${name} | ${r.error} ${ids.map(() => '|').join(' ')} | ${r.load ?? '-'} |` : `| ${name} | ${ids.map((id) => f(r.gflops[id])).join(' | ')} | ${f(r.gflopsFastest?.[ids[0]])} | ${r.load} |`)
  }
  out.push('')
}

if (results.mlp.length) {
  out.push('## MNIST MLP training (8,000 train / 2,000 test, batch 128, SGD 0.1, ReLU, softmax + CCE)', '')
  out.push('Shared Glorot init (numpy RandomState(0)) and batch order (RandomState(1)); epoch time covers the training loop only. "×PyTorch-1t" is samples/s relative to PyTorch 1 thread on the same net in this run. Rows with fewer epochs are speed-only. "CPU ms/epoch" is the process CPU time (all threads) over the same epochs: on a busy shared machine the CPU-time ratio of 1-thread rows is the more trustworthy one.', '')
  out.push('| engine | implementation | net | threads | epochs | epoch ms (median ep 2-5) | samples/s | ×PyTorch-1t | CPU ms/epoch | ×PyTorch-1t by CPU time | test acc @1 / @5 / @10 / @20 | train loss ep1 / last | load |')
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const r of results.mlp) {
    if (r.error) {
      out.push(`| ${r.label} | - | ${r.arch} | ${r.threads} | - | ${r.error} | | | | | | | ${r.load ?? '-'} |`)
      continue
    }
    const torch1 = results.mlp.find((t) => t.arch === r.arch && t.label.startsWith('PyTorch (best') && t.threads === 1 && !t.error)
    const sps = 8000 / (medianEp(r) / 1000)
    const acc = [1, 5, 10, 20].map((e) => f(r.testAcc[e - 1], 4)).join(' / ')
    out.push(`| ${r.label} | ${r.engine} | ${r.arch} | ${r.threads} | ${r.epochMs.length} | ${f(medianEp(r))} | ${int(sps)} | ${torch1 ? f(medianEp(torch1) / medianEp(r), 2) : '-'} | ${f(medianCpu(r))} | ${torch1 && r.threads === 1 ? f(medianCpu(torch1) / medianCpu(r), 2) : '-'} | ${acc} | ${f(r.trainLoss[0], 4)} / ${f(r.trainLoss[r.trainLoss.length - 1], 4)} | ${r.load} |`)
  }
  out.push('')
  out.push('Fidelity against PyTorch 1 thread (same init and batch order): largest |Δ test accuracy| and relative Δ train loss over the epochs both ran.', '')
  out.push('| engine | net | max \\|Δacc\\| | max rel. Δloss |', '|---|---|---|---|')
  for (const r of results.mlp.filter((x) => !x.error && !x.label.startsWith('PyTorch (best'))) {
    const t = results.mlp.find((x) => x.arch === r.arch && x.label.startsWith('PyTorch (best') && x.threads === 1 && !x.error)
    if (!t) continue
    const n = Math.min(r.testAcc.length, t.testAcc.length)
    let dAcc = 0
    let dLoss = 0
    for (let i = 0; i < n; i++) {
      dAcc = Math.max(dAcc, Math.abs(r.testAcc[i] - t.testAcc[i]))
      dLoss = Math.max(dLoss, Math.abs(r.trainLoss[i] - t.trainLoss[i]) / t.trainLoss[i])
    }
    out.push(`| ${r.label} | ${r.arch} | ${f(dAcc, 4)} | ${(dLoss * 100).toFixed(3)} % |`)
  }
  out.push('')
}

if (results.playground.length) {
  out.push(`## Playground net (2-8-8-1 tanh, MSE, SGD 0.03, batch 10, 500 two-spiral points, ${E.pg} epochs)`, '')
  out.push('| engine | epoch ms (median ep 2-end) | samples/s | µs per step | ×PyTorch | ×PyTorch by CPU time | final train loss | accuracy | load |', '|---|---|---|---|---|---|---|---|---|')
  const torch = results.playground.find((r) => r.label.startsWith('PyTorch') && !r.error)
  for (const r of results.playground) {
    if (r.error) {
      out.push(`| ${r.label} | ${r.error} | | | | | | | ${r.load ?? '-'} |`)
      continue
    }
    const ms = median(r.epochMs.slice(1))
    out.push(`| ${r.label} | ${f(ms, 3)} | ${int(500 / (ms / 1000))} | ${f((ms * 1000) / 50, 1)} | ${torch ? f(median(torch.epochMs.slice(1)) / ms, 1) : '-'} | ${torch ? f(median(torch.epochCpuMs.slice(1)) / median(r.epochCpuMs.slice(1)), 1) : '-'} | ${f(r.trainLoss[r.trainLoss.length - 1], 5)} | ${f(r.accuracy, 3)} | ${r.load} |`)
  }
  out.push('')
}

// ---------------------------------------------------------------- targets of issue 3 (ratios within this run)
const targets = []
const mark = (ok) => (ok === null ? 'n/a' : ok ? 'met' : '**not met**')
const gemmRow = results.gemm.find((r) => r.gflops && r.engine.startsWith('wasm relaxed') && r.engine.endsWith('zero-copy') && !r.engine.includes('2 threads'))
if (gemmRow) {
  const g = gemmRow.gflops['nn-128x784x128']
  targets.push(['GEMM 128×784·784×128, wasm SIMD, one core', '≥ 45 GFLOP/s', `${f(g)} GFLOP/s (median call), ${f(gemmRow.gflopsFastest?.['nn-128x784x128'])} (fastest call)`, mark(g >= 45)])
}
const mlpRow = (prefix, threads = 1) => results.mlp.find((r) => r.arch === ARCHS[0] && r.label.startsWith(prefix) && r.threads === threads && !r.error)
const torch1 = mlpRow('PyTorch (best')
const ratio = (r, base) => (r && base ? medianEp(base) / medianEp(r) : NaN)
if (torch1) {
  const one = ratio(mlpRow('Layerwise Trainer, wasm kernels'), torch1)
  const two = ratio(mlpRow('Layerwise Trainer, wasm kernels, data-parallel on 2 threads', 2), torch1)
  const oneCpu = (() => {
    const r = mlpRow('Layerwise Trainer, wasm kernels')
    return r ? medianCpu(torch1) / medianCpu(r) : NaN
  })()
  targets.push([`MNIST ${ARCHS[0]} samples/s, one core`, '≥ 0.5× PyTorch 1 thread', `${f(one, 2)}× by wall time, ${f(oneCpu, 2)}× by CPU time`, mark(Number.isFinite(one) ? one >= 0.5 : null)])
  const haswell = results.mlp.find((r) => r.arch === ARCHS[0] && r.label.includes('Haswell') && !r.error)
  if (haswell) {
    const h = ratio(mlpRow('Layerwise Trainer, wasm kernels'), haswell)
    targets.push([`MNIST ${ARCHS[0]} samples/s, one core, vs PyTorch with PEERS.md's OPENBLAS_CORETYPE=Haswell`, '≥ 0.5× (context)', `${f(h, 2)}×`, mark(Number.isFinite(h) ? h >= 0.5 : null)])
  }
  targets.push([`MNIST ${ARCHS[0]} samples/s, both cores`, '≥ 1.0× PyTorch 1 thread', `${f(two, 2)}×`, mark(Number.isFinite(two) ? two >= 1 : null)])
}
const tfw = mlpRow('TF.js wasm')
if (tfw) {
  const lw = mlpRow('Layerwise Trainer, wasm kernels')
  const r = ratio(lw, tfw)
  const rCpu = lw ? medianCpu(tfw) / medianCpu(lw) : NaN
  targets.push([`MNIST ${ARCHS[0]} samples/s`, '≥ 10× TF.js wasm as shipped', `${f(r, 1)}× by wall time, ${f(rCpu, 1)}× by CPU time`, mark(Number.isFinite(r) ? r >= 10 : null)])
}
const pgTorch = results.playground.find((r) => r.label.startsWith('PyTorch') && !r.error)
for (const r of results.playground.filter((x) => x.label.startsWith('Layerwise') && !x.error && pgTorch)) {
  const x = median(pgTorch.epochMs.slice(1)) / median(r.epochMs.slice(1))
  targets.push([`Playground net, ${r.label}`, '≥ 20× PyTorch samples/s', `${f(x, 1)}×`, mark(x >= 20)])
}
if (targets.length) {
  out.push('## Targets of issue 3', '', '| target | goal | this run | |', '|---|---|---|---|', ...targets.map((t) => `| ${t.join(' | ')} |`), '')
}

writeFileSync(join(root, 'bench/.cache/last-results.json'), JSON.stringify({ command, started, results }, null, 1))
const file = join(root, 'bench/RESULTS.md')
const previous = existsSync(file) ? readFileSync(file, 'utf8') : ''
const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : ''
writeFileSync(file, out.join('\n') + (notes ? `\n${notes}` : ''))
log(`wrote bench/RESULTS.md in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`)
