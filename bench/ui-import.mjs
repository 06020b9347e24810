/* global window, document, requestAnimationFrame, MutationObserver -- page-side code inside page.evaluate() */
// UI side of the issue-5 import target: "a 100 MB CSV (1M rows × 12 numeric columns) imports in ≤ 10 s
// with the UI responsive throughout (progress updates at least every 200 ms)". Drives the BUILT web host
// in Debian Chromium exactly as a user would: the file goes in through the Data view's file input, is
// uploaded in 1 MiB base64 chunks, parsed in the backend's worker thread, and previewed.
// Run: `npm run build && node bench/ui-import.mjs [--runs=N]` → prints and writes bench/RESULTS-import-ui.md.
// Measured in the page: time from choosing the file to the preview on screen; gaps between visible
// progress changes (MutationObserver on the progress bar); animation-frame gaps and long tasks (UI
// responsiveness). Measured on the host: peak RSS of the web host process (/proc, sampled every 25 ms).
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

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

async function startHost() {
  const child = spawn(process.execPath, [join(root, 'out/main/web.js')], { cwd: root, env: { ...process.env, LAYERWISE_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  if (process.env.HOST_LOG) child.stderr.on('data', (c) => process.stderr.write(c))
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)))
  })
  return { child, url }
}

function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
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
  let peakRss = baseRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(hostPid))), 25)
  const shot = shotPath
    ? page.waitForFunction(() => /Parsing/.test(document.querySelector('[data-testid=import-progress]')?.textContent ?? ''), undefined, { timeout: 120_000 }).then(() => page.screenshot({ path: shotPath }))
    : Promise.resolve()
  await page.getByTestId('file-input').setInputFiles(csv)
  await shot
  await page.waitForFunction((name) => document.querySelector('[data-testid=data-title]')?.textContent === name || document.querySelector('[data-testid=data-error]'), basename(csv), { timeout: 120_000, polling: 50 })
  clearInterval(sampler)
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
  return { ...r, peakRss, baseRss }
}

ensureCsv()
const size = statSync(csv).size
const { child, url } = await startHost()
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
try {
  for (let i = 0; i < runs; i++) {
    const load = loadavg()[0]
    const r = await once(page, child.pid, i === 0 ? join(root, 'test-results/data-import-progress.png') : null)
    results.push({ ...r, load })
    console.log(JSON.stringify({ run: i + 1, ...r, load }))
  }
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
  child.kill('SIGTERM')
}

const mb = (size / 1e6).toFixed(1)
const row = (r, i) =>
  `| ${i + 1} | ${r.seconds.toFixed(2)} | ${r.updates} | ${r.maxGap.toFixed(0)} | ${r.maxFrameGap.toFixed(0)} | ${r.longTasks} / ${r.longestTask.toFixed(0)} | ${Object.entries(r.phases).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.peakRss.toFixed(0)} (${(r.peakRss / (size / 2 ** 20)).toFixed(2)}×) | ${r.load.toFixed(2)} |`
const best = results.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const text = `# UI import benchmark (issue 5): ${mb} MB CSV through the Data view

Generated by \`node bench/ui-import.mjs\` on ${new Date().toISOString().slice(0, 16)} UTC (web host + Debian Chromium, built app).
File: \`bench/.cache/${basename(csv)}\` (1,000,000 rows × 12 numeric columns, ${size.toLocaleString('en-US')} bytes).
Path: file input → 4 MiB raw chunks to the web host's upload path (\`POST /upload\`; base64 \`data:chunk\` over the WebSocket is the fallback) → \`data:import\` (parse in the backend's worker thread,
\`data:progress\` events) → schema of all rows and a 20,000-row \`prepareData\` check for the preview on the host's main thread → preview on screen.

| run | seconds to preview | progress updates | max gap between visible progress changes (ms) | max animation-frame gap (ms) | long tasks (count / longest ms) | phase spans (s, from first to last update) | host peak RSS MiB (× file) | load avg |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

Target: ≤ 10 s, progress at least every 200 ms, UI responsive. Best run: **${best.seconds.toFixed(2)} s**, max progress gap ${best.maxGap.toFixed(0)} ms,
max frame gap ${best.maxFrameGap.toFixed(0)} ms. "Host peak RSS" is the whole web-host process (backend, worker thread, upload buffer,
parsed table) sampled every 25 ms; the renderer's memory is not included.

Notes:
- The machine is a 2-vCPU VM shared with other sessions; "load avg" is the 1-minute load when the run started. Under a load
  of 13–15 (six or seven runnable processes per core) every phase is 2–4× slower than on an idle machine, so compare runs
  at similar load. The backend engineer's \`bench/data-import.ts\` times the raw parse alone.
- Uploading goes over the web host's binary path (\`POST /upload\`, 4 MiB raw chunks, token + Host + Origin checked):
  about 2 s for 100 MB here. The first version sent 1 MiB base64 chunks over the WebSocket: 11–13 s for the same file.
- The longest gap between visible progress changes is the "Describing the columns" step: schema inference over all
  1M rows (and checks of the chosen target on a 20,000-row sample) runs on the host's main thread after parsing, with
  one progress event before it and none during it (the bar pulses meanwhile). Everything before it updates at least
  every ~200 ms (the worker reports every 100 ms). Moving the schema pass into the import worker would close that gap.
- "max animation-frame gap" is the page's longest time between frames during the import: parsing runs in the backend's
  worker thread and the renderer only slices and uploads the file, so the page keeps drawing; the few long tasks
  (0.1–0.5 s at load 14–20) are the preview being rendered and the network being refitted when the import ends.
`
writeFileSync(join(root, 'bench/RESULTS-import-ui.md'), text)
console.log(text)
