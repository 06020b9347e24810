/**
 * Reading dropped files in pieces for the web-mode upload: WebSocket frames carry JSON, so bytes go
 * as base64, 1 MiB per `data:chunk` request (the backend accepts at most that).
 */

/** Bytes per upload chunk. */
export const CHUNK_BYTES = 1 << 20

/** The base64 text of a blob (the browser's own encoder, via a data: URL). */
export function readBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(new Error(`The file could not be read by the browser (${reader.error?.message ?? 'unknown error'}).`))
    reader.readAsDataURL(blob)
  })
}

/** Byte offsets of the chunks of a file of `size` bytes. */
export function chunkOffsets(size: number, step = CHUNK_BYTES): number[] {
  const offsets: number[] = []
  for (let at = 0; at < size; at += step) offsets.push(at)
  return offsets
}
