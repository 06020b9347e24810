/**
 * `layerwise dbn train`: greedy layer-wise RBM pretraining, then autoencoder (optionally denoising) or
 * classifier fine-tuning, on the same data pipeline and job code as the app's worker. Writes the model
 * JSON (with its preprocessing and the training-score percentiles `dbn anomaly` thresholds with) and a
 * report of every epoch.
 */
import { parseArgs } from 'node:util'
import { anomalyScores, parseNoise, saveDbnModel, type DbnFamilyModel, type DbnPipelineStep } from '../../engine/rbm'
import type { Dataset } from '../../engine/types'
import { loadKernels } from '../../main/training/kernels'
import { DbnDataError, prepareDbnData, type DbnData } from '../../main/training/dbn-data'
import { dbnPipeline, metricsObject, summarize } from '../../main/training/dbn-job'
import type { DbnFineTuneEpochDto, DbnPretrainEpochDto, DbnTrainSettings } from '../../shared/dbn'
import type { DbnJob } from '../../shared/engine-protocol'
import { CliError } from '../cli-error'
import { choiceOption, numberOption } from '../args'
import { loadTable } from '../load-data'
import { writeJson } from '../model-file'
import { percentileGrid, reconstructorOf, stackOf, writeText } from './common'

export const trainUsage = `Usage: layerwise dbn train --data FILE|builtin:NAME --layers 256,64 --out DBN.json [options]
  --target COL               label column kept out of the inputs (the class to learn with --classifier)
  --visible bernoulli|gaussian   first-layer visible units (default bernoulli: data in [0,1]; gaussian: z-scored)
  --rbm-epochs 10  --cd-k 1  --pcd  --lr 0.05  --batch 64  --seed 1
  --finetune-epochs 20       autoencoder fine-tuning epochs (0: keep the plain RBM stack)
  --finetune-lr 0.001        Adam learning rate of fine-tuning
  --classifier               fine-tune a softmax classifier on --target instead of an autoencoder
  --denoise saltpepper:0.2|gaussian:0.3|mask:0.25   denoising autoencoder fine-tuning
  --val 0.1  --test 0.1      held-out fractions
  --report R.json  --quiet`

export async function dbnTrain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' }, target: { type: 'string' }, layers: { type: 'string' }, visible: { type: 'string' },
      'rbm-epochs': { type: 'string' }, 'cd-k': { type: 'string' }, pcd: { type: 'boolean' }, lr: { type: 'string' },
      batch: { type: 'string' }, 'finetune-epochs': { type: 'string' }, 'finetune-lr': { type: 'string' }, classifier: { type: 'boolean' },
      denoise: { type: 'string' }, seed: { type: 'string' }, val: { type: 'string' }, test: { type: 'string' },
      out: { type: 'string' }, report: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
    },
  })
  if (values.help) return (process.stdout.write(trainUsage + '\n'), 0)
  if (!values.data) throw new CliError('dbn train needs --data FILE (or builtin:NAME).', 2)
  if (!values.layers) throw new CliError('dbn train needs --layers, e.g. --layers 256,64.', 2)
  if (!values.out) throw new CliError('dbn train needs --out DBN.json.', 2)
  if (values.classifier && values.target === undefined) throw new CliError('--classifier needs --target COL, the class to learn.', 2)
  const fineTuneEpochs = numberOption('finetune-epochs', values['finetune-epochs'], 20, { min: 0, max: 1e6, integer: true })
  if (values.denoise !== undefined && (values.classifier || fineTuneEpochs === 0)) throw new CliError('--denoise applies to autoencoder fine-tuning: drop --classifier and keep --finetune-epochs above 0.', 2)
  if (values.denoise !== undefined) {
    try {
      parseNoise(values.denoise)
    } catch (error) {
      throw new CliError(`--denoise: ${(error as Error).message}`, 2)
    }
  }
  const settings: DbnTrainSettings = {
    layers: parseSizes(values.layers),
    visible: choiceOption('visible', values.visible, ['bernoulli', 'gaussian'] as const, 'bernoulli'),
    rbmEpochs: numberOption('rbm-epochs', values['rbm-epochs'], 10, { min: 1, max: 1e6, integer: true }),
    cdK: numberOption('cd-k', values['cd-k'], 1, { min: 1, max: 1000, integer: true }),
    persistent: values.pcd ?? false,
    learningRate: numberOption('lr', values.lr, values.visible === 'gaussian' ? 0.005 : 0.05, { min: 1e-9, max: 10 }),
    batchSize: numberOption('batch', values.batch, 64, { min: 1, max: 1e7, integer: true }),
    fineTune: values.classifier ? 'classifier' : fineTuneEpochs > 0 ? 'autoencoder' : 'none',
    fineTuneEpochs,
    ...(values['finetune-lr'] !== undefined ? { fineTuneLearningRate: numberOption('finetune-lr', values['finetune-lr'], 0.001, { min: 1e-9, max: 10 }) } : {}),
    ...(values.denoise !== undefined ? { noise: values.denoise } : {}),
    seed: numberOption('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true }),
  }
  const val = numberOption('val', values.val, 0.1, { min: 0, max: 0.9 })
  const test = numberOption('test', values.test, 0.1, { min: 0, max: 0.9 })
  if (val + test >= 1) throw new CliError(`--val ${val} and --test ${test} leave no rows to train on.`, 2)

  const kernels = await loadKernels('wasm')
  const { table } = await loadTable(values.data)
  let data: DbnData
  try {
    data = prepareDbnData(table, { ...(values.target !== undefined ? { target: values.target } : {}), classifier: settings.fineTune === 'classifier', visible: settings.visible, validation: val, test, seed: settings.seed })
  } catch (error) {
    if (error instanceof DbnDataError) throw new CliError(error.message)
    throw error
  }
  const job: DbnJob = { runId: 'cli', settings, train: data.train, validation: data.validation, test: data.test, labels: data.labels, preprocessing: data.preprocessing, image: data.image, kernels: 'wasm', frameIntervalMs: 0 }
  let pipeline: ReturnType<typeof dbnPipeline>
  try {
    pipeline = dbnPipeline(job, kernels)
  } catch (error) {
    throw new CliError((error as Error).message)
  }

  const pretrainEpochs: DbnPretrainEpochDto[] = []
  const fineTuneLog: DbnFineTuneEpochDto[] = []
  const started = performance.now()
  let r: DbnPipelineStep
  do {
    r = pipeline.step()
    if (r.pretrainEpoch) {
      const e = r.pretrainEpoch
      pretrainEpochs.push({ layer: r.layer, ...e })
      if (!values.quiet) {
        const pll = e.pseudoLogLikelihood === null ? '' : `  pseudo-LL ${e.pseudoLogLikelihood.toFixed(2)}`
        const fe = `  free energy ${e.freeEnergyTrain.toFixed(2)}${e.freeEnergyVal === null ? '' : ` (val ${e.freeEnergyVal.toFixed(2)})`}`
        process.stderr.write(`layer ${r.layer}/${r.layers} epoch ${e.epoch}/${settings.rbmEpochs}  recon ${e.reconstructionError.toFixed(5)}${pll}${fe}  ${Math.round(e.samplesPerSecond)} samples/s\n`)
      }
    }
    if (r.fineTuneEpoch) {
      const e = r.fineTuneEpoch
      fineTuneLog.push({ ...e })
      if (!values.quiet) {
        const acc = (v: number | null) => (v === null ? '' : ` acc ${v.toFixed(4)}`)
        process.stderr.write(`fine-tune epoch ${e.epoch}/${fineTuneEpochs}  loss ${e.trainLoss.toFixed(4)}${acc(e.trainAccuracy)}${e.valLoss === null ? '' : `  val loss ${e.valLoss.toFixed(4)}${acc(e.valAccuracy)}`}\n`)
      }
    }
  } while (!r.done)
  const seconds = (performance.now() - started) / 1000
  const model = pipeline.model({ preprocessing: data.preprocessing, training: { ...settings, validation: val, test, ...(values.target !== undefined ? { target: values.target } : {}) } })
  const summary = summarize(model, job, settings.visible)
  const metrics = { ...metricsObject(summary.metrics), trainingScorePercentiles: trainingScores(model, data.train) }
  await writeText(values.out, saveDbnModel({ ...model, metrics }))

  const stop = r.stopReason ?? { kind: 'epochs' as const }
  if (stop.kind === 'diverged') process.stderr.write(`layerwise: ${stop.message}\n`)
  const testMetrics = summary.metrics.find((m) => m.split === 'test')
  const testText = !testMetrics ? '' : testMetrics.accuracy !== null ? `; test accuracy ${testMetrics.accuracy.toFixed(4)}` : testMetrics.reconstructionMse !== null ? `; test reconstruction MSE ${testMetrics.reconstructionMse.toPrecision(4)}` : ''
  process.stdout.write(`${summary.kind} ${summary.sizes.join('-')}${summary.classes ? ` → ${summary.classes} classes` : ''}: ${pretrainEpochs.length} RBM epochs, ${fineTuneLog.length} fine-tuning epochs in ${seconds.toFixed(1)} s (${kernels.name} kernels)${testText}\n`)
  if (values.report) {
    await writeJson(values.report, { settings, model: summary, pretrainEpochs, fineTuneEpochs: fineTuneLog, labels: data.labels, seconds, stoppedBy: stop.kind, ...(stop.kind === 'diverged' ? { message: stop.message } : {}), kernels: kernels.name })
  }
  return stop.kind === 'diverged' ? 1 : 0
}

/** `256,64` → [256, 64]. */
function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((t) => Number(t.trim()))
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 65536)) {
    throw new CliError(`--layers must be hidden sizes separated by commas, e.g. 256,64, not "${text}".`, 2)
  }
  return sizes
}

/** Percentile grids of the training rows' anomaly scores, for thresholds on new data. */
function trainingScores(model: DbnFamilyModel, train: Dataset): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  const recon = reconstructorOf(model)
  const stack = stackOf(model)
  if (recon) out.recon = percentileGrid(anomalyScores(recon, train.x, train.rows, 'recon'))
  if (stack) out.energy = percentileGrid(anomalyScores(stack, train.x, train.rows, 'energy'))
  return out
}
