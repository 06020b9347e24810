/**
 * Atomic file replacement (SPEC §9): write a temp file next to the target, fsync it, rename it over
 * the target, then fsync the folder. A crash at any point leaves either the old file or the new one,
 * never a half-written file: rename(2) within one folder is atomic on POSIX and NTFS.
 */
import { open, rename, rm, readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/** Test hook: runs after the temp file is durable and before the rename (a crash here must lose nothing). */
export type BeforeRename = (tempPath: string) => Promise<void> | void

/** Replaces `path` with `contents` (UTF-8 text or bytes) atomically. */
export async function atomicWriteFile(path: string, contents: string | Uint8Array, beforeRename?: BeforeRename): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', 0o644)
  try {
    await handle.writeFile(contents)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await beforeRename?.(temp)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncFolder(dirname(path))
}

/** Makes the rename itself durable; some platforms cannot open a folder, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Windows cannot fsync a directory; NTFS journals the rename.
  }
}

/** Removes temp files that a crashed save left next to `path`. */
export async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`
  const entries = await readdir(dirname(path)).catch(() => [] as string[])
  await Promise.all(entries.filter((e) => e.startsWith(prefix) && e.endsWith('.tmp')).map((e) => rm(join(dirname(path), e), { force: true })))
}
