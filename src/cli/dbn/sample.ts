/**
 * `layerwise dbn sample`: new samples by block Gibbs sampling in the top RBM from random starts, then a
 * mean-field down pass to the data (Hinton et al. 2006 §5). Writes them as CSV in the data's units.
 */
import { parseArgs } from 'node:util'
import { Rng } from '../../engine'
import { gibbsSamples } from '../../engine/rbm'
import { loadKernels } from '../../main/training/kernels'
import { CliError } from '../cli-error'
import { numberOption } from '../args'
import { readDbnModel, rowsCsv, stackOf, writeText } from './common'

export const sampleUsage = `Usage: layerwise dbn sample --model DBN.json [options]
  --count 16           samples to draw
  --gibbs-steps 1000   alternating Gibbs updates in the top RBM
  --seed 1
  --out S.csv          (default: CSV on stdout)`

export async function dbnSample(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { model: { type: 'string' }, count: { type: 'string' }, 'gibbs-steps': { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  })
  if (values.help) return (process.stdout.write(sampleUsage + '\n'), 0)
  if (!values.model) throw new CliError('dbn sample needs --model DBN.json.', 2)
  const count = numberOption('count', values.count, 16, { min: 1, max: 100_000, integer: true })
  const steps = numberOption('gibbs-steps', values['gibbs-steps'], 1000, { min: 1, max: 1e7, integer: true })
  const seed = numberOption('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true })
  const model = await readDbnModel(values.model, await loadKernels('wasm'))
  const stack = stackOf(model)
  if (!stack) throw new CliError('this model has no RBM stack (saved without its pretrained layers), so it cannot sample.')
  const samples = gibbsSamples(stack, count, steps, new Rng(seed))
  const csv = rowsCsv(model.preprocessing, samples, count, stack.nVisible)
  if (values.out) {
    await writeText(values.out, csv)
    process.stdout.write(`${count} samples after ${steps} Gibbs steps written to ${values.out}\n`)
  } else process.stdout.write(csv)
  return 0
}
