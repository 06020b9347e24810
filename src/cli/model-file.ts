/** Reading and writing model JSON files for the CLI, with clear refusals. */
import { readFile } from 'node:fs/promises'
import { atomicWriteFile } from '../main/services/atomic-write'
import { loadNetwork, ModelFormatError, type ModelJSON, type Network } from '../engine'
import type { Kernels } from '../engine/types'
import { CliError } from './cli-error'

export async function readModel(path: string, kernels?: Kernels): Promise<{ model: ModelJSON; net: Network }> {
  return readModelFile(path, (text) => loadNetwork(text, kernels))
}

/**
 * Reads the model file at `path` (the `--model` option) and hands its text to `load`; a missing file
 * and a model the loader refuses (`ModelFormatError`, broken JSON) become one clear `CliError` line.
 */
export async function readModelFile<T>(path: string, load: (text: string) => T): Promise<T> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new CliError(`--model: cannot read "${path}" (no such file).`)
  }
  try {
    return load(text)
  } catch (error) {
    if (error instanceof ModelFormatError || error instanceof SyntaxError) throw new CliError(`--model "${path}": ${(error as Error).message}`)
    throw error
  }
}

/** Writes JSON atomically (temp file + rename), so an interrupted write leaves no half file. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, JSON.stringify(value, null, 1) + '\n')
}

/** Writes text atomically (temp file, fsync, rename): an interrupted write leaves the old file or none. */
export function writeText(path: string, text: string): Promise<void> {
  return atomicWriteFile(path, text)
}
