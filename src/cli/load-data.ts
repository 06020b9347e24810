/** Reads a data argument: a file path (CSV, TSV, JSON, IDX, .gz) or `builtin:NAME`. */
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { DEFAULT_MAX_BYTES, formatBytes, importFile, isDataError, loadBuiltin, type Table } from '../main/data'
import { CliError } from './cli-error'

export async function loadTable(source: string, option = 'data'): Promise<{ table: Table; test?: Table }> {
  try {
    if (/^builtin:/i.test(source)) return { table: await loadBuiltin(source) }
    let size: number
    try {
      size = (await stat(source)).size
    } catch {
      throw new CliError(`--${option}: cannot read "${source}" (no such file).`)
    }
    if (size > DEFAULT_MAX_BYTES) throw new CliError(`--${option}: "${source}" is ${formatBytes(size)}, over the limit of ${formatBytes(DEFAULT_MAX_BYTES)}.`)
    const bytes = new Uint8Array(await readFile(source))
    const result = await importFile({ name: basename(source), bytes })
    return { table: result.table, test: result.test }
  } catch (error) {
    if (isDataError(error)) throw new CliError(error.message)
    throw error
  }
}
