/** `layerwise export --model MODEL.json --format tfjs --out DIR`: the TensorFlow.js layers format. */
import { parseArgs } from 'node:util'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TfjsExportError, toTfjsLayers } from '../engine/export/tfjs'
import { APP_VERSION } from '../main/version'
import { CliError } from './cli-error'
import { choiceOption } from './args'
import { readModel } from './model-file'
import type { Command } from './commands'

export const exportCommand: Command = {
  summary: 'export a model JSON to the TensorFlow.js layers format (model.json + weights.bin)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, strict: true, options: { model: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } })
    if (values.help) return (process.stdout.write('Usage: layerwise export --model MODEL.json --format tfjs --out DIR\n'), 0)
    if (!values.model || !values.out) throw new CliError('export needs --model MODEL.json and --out DIR.', 2)
    choiceOption('format', values.format, ['tfjs'] as const, 'tfjs')
    const { model } = await readModel(values.model)
    let exported
    try {
      exported = toTfjsLayers(model.network, { generatedBy: `Layerwise ${APP_VERSION}` })
    } catch (error) {
      if (error instanceof TfjsExportError) throw new CliError(error.message)
      throw error
    }
    await mkdir(values.out, { recursive: true })
    await writeFile(join(values.out, 'model.json'), JSON.stringify(exported.modelJson))
    await writeFile(join(values.out, 'weights.bin'), exported.weights)
    process.stdout.write(`wrote ${join(values.out, 'model.json')} and weights.bin (${exported.weights.length} bytes)\n`)
    return 0
  },
}
