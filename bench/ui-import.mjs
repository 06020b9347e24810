/* global window, document, requestAnimationFrame, MutationObserver -- page-side code inside page.evaluate() */
// UI side of the issue-5 import target: "a 100 MB CSV (1M rows × 12 numeric columns) imports in ≤ 10 s
// with the UI responsive throughout (progress updates at least every 200 ms)". Drives the BUILT web host
// in Debian Chromium exactly as a user would: the file goes in through the Data view's file input, is
// uploaded in 4 MiB raw chunks (`POST /upload`), parsed and its columns described in the backend's worker thread, and previewed.
// Run: `npm run build && node bench/ui-import.mjs [--runs=N]` → prints and writes bench/RESULTS-import-ui.md.
// Measured in the page: time from choosing the file to the preview on screen; gaps between visible
// progress changes (MutationObserver on the progress bar); animation-frame gaps and long tasks (UI
// responsiveness). Measured on the host: peak RSS of the web host process (/proc, sampled every 25 ms).
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startHost } from './web-host.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cacheDir = join(root, 'bench/.cache')
const csv = join(cacheDir, 'import-1m-x12.csv')
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 2)

/** The same file as bench/data-import.ts when it exists; else an equivalent one (1M rows × 12 columns, ~100 MB). */
function ensureCsv() {
  if (existsSync(csv)) return
  mkdirSync(cacheDir, { recursive: true })
  let seed = 12345
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const fd = openSync(csv, 'w')
  writeSync(fd, Array.from({ length: 12 }, (_, c) => `f${c + 1}`).join(',') + '\n')
  for (let block = 0; block < 100; block++) {
    const rows = []
    for (let r = 0; r < 10_000; r++) rows.push(Array.from({ length: 12 }, () => ((next() - 0.1) * 1000).toFixed(4)).join(','))
    writeSync(fd, rows.join('\n') + '\n')
  }
  closeSync(fd)
}


function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** User + system CPU seconds of a process so far, all its threads (the import worker included). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

async function once(page, hostPid, shotPath) {
  await page.reload()
  await page.getByTestId('tab-data').click()
  await page.getByTestId('open-file').waitFor()
  await page.evaluate((name) => {
    const b = (window.__bench = { frames: [], progress: [], longtasks: [], t0: 0, doneAt: 0, running: true })
    const tick = (t) => {
      b.frames.push(t)
      if (b.running) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    new PerformanceObserver((list) => list.getEntries().forEach((e) => b.longtasks.push(e.duration))).observe({ type: 'longtask', buffered: false })
    document.addEventListener('change', () => (b.t0 = performance.now()), { capture: true, once: true })
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=import-progress]')
      if (el) b.progress.push([performance.now(), el.textContent])
      if (!b.doneAt && document.querySelector('[data-testid=data-title]')?.textContent === name) b.doneAt = performance.now()
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style'] })
    b.t0 = performance.now()
  }, basename(csv))
  const baseRss = rssMiB(hostPid)
  const cpu0 = cpuSeconds(hostPid)
  let peakRss = baseRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(hostPid))), 25)
  // One screenshot per phase of the progress bar (the first run only); a phase too short to catch is skipped.
  const phaseShot = (pattern, path) =>
    page
      .waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=import-progress]')?.textContent ?? ''), pattern.source, { timeout: 120_000, polling: 20 })
      .then(() => page.screenshot({ path }))
      .catch(() => console.log(`no screenshot of ${pattern.source}: the phase was too short to catch`))
  const shot = shotPath ? phaseShot(/Parsing/, shotPath).then(() => phaseShot(/Inferring/, shotPath.replace('.png', '-inferring.png'))) : Promise.resolve()
  await page.getByTestId('file-input').setInputFiles(csv)
  await shot
  await page.waitForFunction((name) => document.querySelector('[data-testid=data-title]')?.textContent === name || document.querySelector('[data-testid=data-error]'), basename(csv), { timeout: 120_000, polling: 50 })
  clearInterval(sampler)
  const hostCpu = cpuSeconds(hostPid) - cpu0
  const failed = await page.locator('[data-testid=data-error]').textContent().catch(() => null)
  if (failed) throw new Error(`The import failed: ${failed}`)
  const r = await page.evaluate(() => {
    const b = window.__bench
    b.running = false
    const end = b.doneAt || performance.now()
    const times = [b.t0, ...b.progress.map((p) => p[0]), end]
    const gaps = times.slice(1).map((t, i) => t - times[i])
    const frameGaps = b.frames.filter((t) => t >= b.t0 && t <= end).map((t, i, a) => (i ? t - a[i - 1] : 0))
    const phases = {}
    for (const [t, text] of b.progress) {
      const phase = /^\s*(\w+)/.exec(text ?? '')?.[1] ?? '?'
      phases[phase] ??= [t, t]
      phases[phase][1] = t
    }
    const worst = gaps.indexOf(Math.max(...gaps))
    return {
      worstGapAfter: worst === 0 ? 'start' : (b.progress[worst - 1]?.[1] ?? '').trim().slice(0, 60),
      seconds: (end - b.t0) / 1000,
      updates: b.progress.length,
      maxGap: Math.max(...gaps),
      maxFrameGap: Math.max(0, ...frameGaps),
      longTasks: b.longtasks.length,
      longestTask: Math.max(0, ...b.longtasks),
      phases: Object.fromEntries(Object.entries(phases).map(([k, [a, z]]) => [k, ((z - a) / 1000).toFixed(2)])),
    }
  })
  return { ...r, peakRss, baseRss, hostCpu }
}

/** MNIST from the built-in menu: from choosing it to the 24 sample images on screen (page clock), and the host's CPU time. */
async function mnistOnce(page, hostPid) {
  await page.reload()
  await page.getByTestId('tab-data').click()
  await page.getByTestId('builtin-select').waitFor()
  await page.evaluate(() => {
    window.__mnist = { t0: 0, doneAt: 0 }
    document.addEventListener('change', () => (window.__mnist.t0 = performance.now()), { capture: true, once: true })
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll('[data-testid=image-samples] canvas').length === 24) {
        window.__mnist.doneAt = performance.now()
        observer.disconnect()
      }
    }).observe(document.body, { subtree: true, childList: true })
  })
  const cpu0 = cpuSeconds(hostPid)
  await page.getByTestId('builtin-select').selectOption('mnist')
  await page.waitForFunction(() => window.__mnist.doneAt > 0, undefined, { timeout: 60_000, polling: 20 })
  const seconds = await page.evaluate(() => (window.__mnist.doneAt - window.__mnist.t0) / 1000)
  return { seconds, hostCpu: cpuSeconds(hostPid) - cpu0, load: loadavg()[0] }
}

ensureCsv()
const size = statSync(csv).size
const { child, url } = await startHost(root)
const profile = mkdtempSync(join(tmpdir(), 'layerwise-bench-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 860 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = context.pages()[0] ?? (await context.newPage())
await page.goto(url)
const results = []
const mnist = []
try {
  for (let i = 0; i < runs; i++) {
    const load = loadavg()[0]
    const r = await once(page, child.pid, i === 0 ? join(root, 'test-results/data-import-progress.png') : null)
    results.push({ ...r, load })
    console.log(JSON.stringify({ run: i + 1, ...r, load }))
  }
  for (const run of ['first (tables loaded from the package)', 'again (tables cached by the backend)']) {
    const r = await mnistOnce(page, child.pid)
    mnist.push({ run, ...r })
    console.log(JSON.stringify({ mnist: run, ...r }))
  }
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
  child.kill('SIGTERM')
}

const mb = (size / 1e6).toFixed(1)
const row = (r, i) =>
  `| ${i + 1} | ${r.seconds.toFixed(2)} | ${r.hostCpu.toFixed(2)} | ${r.updates} | ${r.maxGap.toFixed(0)} | ${r.maxFrameGap.toFixed(0)} | ${r.longTasks} / ${r.longestTask.toFixed(0)} | ${Object.entries(r.phases).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.peakRss.toFixed(0)} (${(r.peakRss / (size / 2 ** 20)).toFixed(2)}×) | ${r.load.toFixed(2)} |`
const best = results.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const text = `# UI import benchmark (issue 5): ${mb} MB CSV through the Data view

Generated by \`node bench/ui-import.mjs\` on ${new Date().toISOString().slice(0, 16)} UTC (web host + Debian Chromium, built app).
File: \`bench/.cache/${basename(csv)}\` (1,000,000 rows × 12 numeric columns, ${size.toLocaleString('en-US')} bytes).
Path: file input → 4 MiB raw chunks to the web host's upload path (\`POST /upload\`; base64 \`data:chunk\` over the WebSocket is the fallback) → \`data:import\` (parse in the backend's worker thread,
\`data:progress\` events), then the columns described in the same worker (phase "Inferring columns of …", with progress) → the preview built on the host's main thread from those descriptions and a 20,000-row \`prepareData\` check → preview on screen.

| run | seconds to preview | host CPU s | progress updates | max gap between visible progress changes (ms) | max animation-frame gap (ms) | long tasks (count / longest ms) | phase spans (s, from first to last update) | host peak RSS MiB (× file) | load avg |
|---|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

MNIST digits from the built-in menu (target ≤ 1 s): from choosing "MNIST digits" to its 24 sample images on screen.

| run | seconds to images on screen | host CPU s | load avg |
|---|---|---|---|
${mnist.map((m) => `| ${m.run} | ${m.seconds.toFixed(2)} | ${m.hostCpu.toFixed(2)} | ${m.load.toFixed(2)} |`).join('\n')}

Target: ≤ 10 s, progress at least every 200 ms, UI responsive. Best run: **${best.seconds.toFixed(2)} s**, max progress gap ${best.maxGap.toFixed(0)} ms,
max frame gap ${best.maxFrameGap.toFixed(0)} ms. "Host peak RSS" is the whole web-host process (backend, worker thread, upload buffer,
parsed table) sampled every 25 ms; the renderer's memory is not included.

Notes:
- The machine is a 2-vCPU VM shared with other sessions; "load avg" is the 1-minute load when the run started. Under a load
  of 13–15 (six or seven runnable processes per core) every phase is 2–4× slower than on an idle machine, so compare runs
  at similar load. \`npx tsx bench/data-import.ts\` times the import alone in one process (parse + column inference, wall and CPU),
  the MNIST builtin's load + preview, and JSON / IDX imports with their longest gaps between progress reports.
- Uploading goes over the web host's binary path (\`POST /upload\`, 4 MiB raw chunks, token + Host + Origin checked):
  about 2 s for 100 MB here. The first version sent 1 MiB base64 chunks over the WebSocket: 11–13 s for the same file.
- Column inference (kind, missing count, range, histogram of every column over all rows) runs in the import worker
  after parsing, in steps of 65,536 values with progress ("Inferring columns of …") and cancellation between
  steps; the host then only builds the preview from those descriptions ("Building the preview of …"). Before
  session 2 that pass ran on the host's main thread without progress: a gap of 1.8 s at load 14–20.
- The worker reports progress every 100 ms of its own time; on this 2-vCPU machine at a load of 10–15 the worker
  thread and the host are often descheduled for a few hundred ms, which is where the gaps over 200 ms while parsing come from.
- At load 11–12 the longest gap was the last step, after "Building the preview of …" (100 %): the host builds the preview from the
  worker's column descriptions (plus a 20,000-row \`prepareData\` check, 50–90 ms CPU when cold), sends it, and the page
  renders it and refits the network (long tasks of 0.1–0.2 s): 0.45–0.5 s. At load 6–7, with progress every 50 ms, every
  gap was ≤ 230 ms, the longest while uploading (one 4 MiB chunk per bar update).
- Host peak RSS: from run 2 on, the previous import's table is still held (the backend keeps the last 4 data sets), so
  compare the growth over the run's starting RSS (${results.map((r, i) => `run ${i + 1}: ${(r.peakRss - r.baseRss).toFixed(0)} MiB, ${((r.peakRss - r.baseRss) / (size / 2 ** 20)).toFixed(2)}×`).join('; ')}) rather than the peak.
- "max animation-frame gap" is the page's longest time between frames during the import: parsing runs in the backend's
  worker thread and the renderer only slices and uploads the file, so the page keeps drawing; the few long tasks
  (0.1–0.5 s at load 14–20) are the preview being rendered and the network being refitted when the import ends.
`
writeFileSync(join(root, 'bench/RESULTS-import-ui.md'), text)
console.log(text)
