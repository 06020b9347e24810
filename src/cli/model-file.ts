/** Reading and writing model JSON files for the CLI, with clear refusals. */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { loadNetwork, ModelFormatError, type ModelJSON, type Network } from '../engine'
import type { Kernels } from '../engine/types'
import { CliError } from './cli-error'

export async function readModel(path: string, kernels?: Kernels): Promise<{ model: ModelJSON; net: Network }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new CliError(`--model: cannot read "${path}" (no such file).`)
  }
  try {
    return loadNetwork(text, kernels)
  } catch (error) {
    if (error instanceof ModelFormatError || error instanceof SyntaxError) throw new CliError(`--model "${path}": ${(error as Error).message}`)
    throw error
  }
}

/** Writes JSON atomically (temp file + rename), so an interrupted write leaves no half file. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, JSON.stringify(value, null, 1) + '\n')
  await rename(temp, path)
}
