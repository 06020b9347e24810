// Data import benchmark (issue 5 targets): a 100 MB CSV of 1M rows × 12 numeric columns imports in
// ≤ 10 s, with progress at least every 200 ms and peak memory ≤ 4× the file size.
// Run: `npx tsx bench/data-import.ts`. The CSV is generated once (seeded) into bench/.cache/.
// Prints one markdown table row; memory is `process.memoryUsage().rss`, sampled every 20 ms and at
// every progress report (the parser yields to the event loop between chunks, so the sampler runs).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Rng } from '../src/engine/random'
import { importFile } from '../src/main/data/import'

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

async function main(): Promise<void> {
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
  const bytes = new Uint8Array(readFileSync(file))
  let last = performance.now()
  let maxGap = 0
  let reports = 0
  const { table } = await importFile(
    { name: 'import-1m-x12.csv', bytes },
    {
      progressIntervalMs: 100,
      onProgress: () => {
        const now = performance.now()
        maxGap = Math.max(maxGap, now - last)
        last = now
        reports++
        sample()
      },
    },
  )
  const seconds = (performance.now() - t0) / 1000
  clearInterval(timer)
  sample()
  if (table.rows !== ROWS || table.columns.length !== COLS || table.columns.some((c) => c.type !== 'numeric')) {
    throw new Error(`unexpected table: ${table.rows} rows × ${table.columns.length} columns`)
  }
  const mb = (n: number): string => (n / 1e6).toFixed(0)
  const load1 = loadavg()[0]
  console.log('| file | rows × cols | import s (incl. read) | MB/s | peak RSS MB | peak RSS / file | RSS growth MB | max progress gap ms | reports | load avg (1 min) before → after |')
  console.log('|---|---|---|---|---|---|---|---|---|---|')
  console.log(
    `| ${mb(size)} MB CSV | ${ROWS.toLocaleString('en')} × ${COLS} | ${seconds.toFixed(2)} | ${(size / 1e6 / seconds).toFixed(0)} | ${mb(peak)} | ${(peak / size).toFixed(2)}× | ${mb(peak - baseline)} | ${maxGap.toFixed(0)} | ${reports} | ${load0.toFixed(2)} → ${load1.toFixed(2)} |`,
  )
}

await main()
