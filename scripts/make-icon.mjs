// Draws resources/icon.png (512×512): three layers of units joined by weights, on a rounded square.
// Run once with `node scripts/make-icon.mjs`; the PNG is committed so packaging needs no tool.
import { deflateSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'

const N = 512
const px = new Uint8Array(N * N * 4)
const blend = (x, y, [r, g, b], a) => {
  if (x < 0 || y < 0 || x >= N || y >= N || a <= 0) return
  const i = (y * N + x) * 4
  const k = Math.min(1, a)
  px[i] = px[i] * (1 - k) + r * k
  px[i + 1] = px[i + 1] * (1 - k) + g * k
  px[i + 2] = px[i + 2] * (1 - k) + b * k
  px[i + 3] = Math.max(px[i + 3], k * 255)
}
// Rounded square background.
for (let y = 0; y < N; y++)
  for (let x = 0; x < N; x++) {
    const dx = Math.max(0, Math.abs(x - 255.5) - 170)
    const dy = Math.max(0, Math.abs(y - 255.5) - 170)
    const d = Math.hypot(dx, dy) - 70
    blend(x, y, [29, 36, 51], 0.5 - d)
  }
const layers = [[176, 336], [128, 256, 384], [256]].map((ys, i) => ys.map((y) => [120 + i * 136, y]))
const line = ([x0, y0], [x1, y1], color, width) => {
  for (let y = Math.min(y0, y1) - width; y <= Math.max(y0, y1) + width; y++)
    for (let x = x0; x <= x1; x++) {
      const t = Math.max(0, Math.min(1, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2)))
      const d = Math.hypot(x - (x0 + t * (x1 - x0)), y - (y0 + t * (y1 - y0)))
      blend(x, y, color, (width - d) * 0.9)
    }
}
for (let l = 0; l < 2; l++) for (const a of layers[l]) for (const b of layers[l + 1]) line(a, b, [120, 150, 220], 5)
const colors = [[90, 164, 105], [59, 111, 216], [224, 123, 57]]
layers.forEach((units, l) =>
  units.forEach(([cx, cy]) => {
    for (let y = cy - 40; y <= cy + 40; y++) for (let x = cx - 40; x <= cx + 40; x++) blend(x, y, colors[l], 36 - Math.hypot(x - cx, y - cy))
  }),
)
// PNG: signature, IHDR, IDAT (filter 0 per row), IEND.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(N, 0)
ihdr.writeUInt32BE(N, 4)
ihdr.set([8, 6, 0, 0, 0], 8)
const raw = Buffer.alloc(N * (N * 4 + 1))
for (let y = 0; y < N; y++) Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1)
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
writeFileSync(new URL('../resources/icon.png', import.meta.url), png)
