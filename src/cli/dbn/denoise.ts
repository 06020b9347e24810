/**
 * `layerwise dbn denoise`: corrupts the (encoded) rows of a file with seeded noise, reconstructs them with
 * the model (RBM/DBN up-down pass or autoencoder) and reports MSE and PSNR of the noisy and of the
 * reconstructed rows against the clean ones. PSNR's peak is 1 for Bernoulli data in [0, 1], else the
 * clean rows' value range.
 */
import { parseArgs } from 'node:util'
import { Rng } from '../../engine'
import { addNoise, mse, parseNoise, psnr, reconstructRows, type NoiseSpec } from '../../engine/rbm'
import { loadKernels } from '../../main/training/kernels'
import { CliError } from '../cli-error'
import { numberOption } from '../args'
import { loadTable } from '../load-data'
import { writeJson } from '../model-file'
import { encodeForDbn, readDbnModel, reconstructorOf, rowsCsv, visibleOf, writeText } from './common'

export const denoiseUsage = `Usage: layerwise dbn denoise --model DBN.json --data FILE --noise saltpepper:0.2|gaussian:0.3|mask:0.25 [options]
  --seed 1           seed of the noise
  --out RECON.csv    the reconstructed rows, in the data's units
  --report R.json    MSE and PSNR of the noisy and the reconstructed rows against the clean ones`

export async function dbnDenoise(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { model: { type: 'string' }, data: { type: 'string' }, noise: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, help: { type: 'boolean' } },
  })
  if (values.help) return (process.stdout.write(denoiseUsage + '\n'), 0)
  if (!values.model || !values.data || !values.noise) throw new CliError('dbn denoise needs --model DBN.json, --data FILE and --noise KIND:LEVEL.', 2)
  let noise: NoiseSpec
  try {
    noise = parseNoise(values.noise)
  } catch (error) {
    throw new CliError(`--noise: ${(error as Error).message}`, 2)
  }
  const seed = numberOption('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true })
  const model = await readDbnModel(values.model, await loadKernels('wasm'))
  const reconstructor = reconstructorOf(model)
  if (!reconstructor) throw new CliError('a DBN classifier does not reconstruct its input; denoise with an RBM, DBN or autoencoder model.')
  const visible = visibleOf(model)
  // z-scored data (Gaussian visible units) must not be clipped to [0, 1]
  if (noise.kind === 'gaussian' && visible === 'gaussian') noise = { ...noise, clip: false }
  const { table } = await loadTable(values.data)
  const data = encodeForDbn(model, table)
  const clean = data.x.subarray(0, data.rows * data.inputs)
  const noisy = addNoise(noise, clean, new Rng(seed))
  const recon = reconstructRows(reconstructor, noisy, data.rows)
  const peak = visible === 'bernoulli' ? 1 : range(clean)
  const mseNoisy = mse(noisy, clean)
  const mseReconstruction = mse(recon, clean)
  const report = {
    rows: data.rows,
    noise: values.noise,
    seed,
    mseNoisy,
    mseReconstruction,
    psnrNoisy: finiteOrNull(psnr(mseNoisy, peak)),
    psnrReconstruction: finiteOrNull(psnr(mseReconstruction, peak)),
    psnrPeak: peak,
    mseReconstructionOfClean: mse(reconstructRows(reconstructor, clean, data.rows), clean),
  }
  const db = (v: number | null) => (v === null ? '∞' : v.toFixed(2))
  process.stdout.write(`${data.rows} rows, ${values.noise}: MSE(noisy, clean) ${mseNoisy.toPrecision(4)} (PSNR ${db(report.psnrNoisy)} dB) → MSE(reconstruction, clean) ${mseReconstruction.toPrecision(4)} (PSNR ${db(report.psnrReconstruction)} dB)\n`)
  if (values.out) {
    await writeText(values.out, rowsCsv(model.preprocessing, recon, data.rows, data.inputs, { header: ['row'], cells: (r) => [String(data.sourceRows[r]! + 1)] }))
  }
  if (values.report) await writeJson(values.report, report)
  return 0
}

function range(x: Float32Array): number {
  let lo = Infinity
  let hi = -Infinity
  for (const v of x) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return hi > lo ? hi - lo : 1
}

/** JSON has no Infinity: a perfect reconstruction's PSNR is reported as null. */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)
