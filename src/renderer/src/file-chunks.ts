/**
 * Reading dropped files in pieces for the web-mode upload: raw 4 MiB requests to the web host's upload
 * path, or, over the request channel (whose frames carry JSON), base64 text of 1 MiB per `data:chunk`.
 */

/** Bytes per base64 upload chunk (`data:chunk`). */
export const CHUNK_BYTES = 1 << 20

/** Bytes per raw upload request (the web host's binary upload path). */
export const RAW_CHUNK_BYTES = 4 << 20

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
