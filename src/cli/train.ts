/**
 * `layerwise train`: the same data preparation and engine as the app, headless. Writes the model JSON
 * (with its preprocessing) and a report of every epoch and the test metrics.
 */
import { parseArgs } from 'node:util'
import { Network, Rng, Trainer, classificationMetrics, evaluate, serializeModel } from '../engine'
import type { DenseLayerSpec, EpochStats, LossName, NetworkSpec, OptimizerName, StopReason, TrainSettings } from '../engine/types'
import { isDataError, prepareData, type PreparedData } from '../main/data'
import { loadKernels } from '../main/training/kernels'
import { CliError } from './cli-error'
import { choiceOption, numberOption, parseLayers } from './args'
import { loadTable } from './load-data'
import { readModel, writeJson } from './model-file'
import type { Command } from './commands'

const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const
const LOSSES = ['mse', 'bce', 'cce'] as const
const SCALINGS = ['none', 'minmax', 'zscore'] as const

const usage = `Usage: layerwise train --data FILE|builtin:NAME [options]
  --target COL           label column (default: the last column)
  --layers 128:relu,10:softmax   hidden and output layers (default: 16:relu and an output layer for the task)
  --loss mse|bce|cce     (default: cce for softmax, bce for one sigmoid unit, else mse)
  --optimizer sgd|momentum|nesterov|adagrad|rmsprop|adam   (default sgd)
  --lr 0.1  --momentum 0.9  --batch 128  --epochs 20  --seed 1  --l2 0  --patience N
  --init MODEL.json      start from this model's network and weights
  --no-shuffle           keep the row order in every epoch
  --val 0.1  --test 0.2 | --test-data FILE   held-out fractions, or a separate test file
  --scale none|minmax|zscore   (default zscore; none for images)
  --out MODEL.json  --report REPORT.json`

export const trainCommand: Command = {
  summary: 'train a dense network on a CSV file or a built-in data set; write the model and a report',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        data: { type: 'string' }, target: { type: 'string' }, layers: { type: 'string' }, loss: { type: 'string' },
        optimizer: { type: 'string' }, lr: { type: 'string' }, momentum: { type: 'string' }, batch: { type: 'string' },
        epochs: { type: 'string' }, init: { type: 'string' }, 'no-shuffle': { type: 'boolean' }, seed: { type: 'string' },
        val: { type: 'string' }, test: { type: 'string' }, 'test-data': { type: 'string' }, scale: { type: 'string' },
        l2: { type: 'string' }, patience: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' },
        quiet: { type: 'boolean' }, help: { type: 'boolean' },
      },
    })
    if (values.help) return (process.stdout.write(usage + '\n'), 0)
    if (!values.data) throw new CliError('train needs --data FILE (or builtin:NAME).', 2)
    if (values.test !== undefined && values['test-data'] !== undefined) throw new CliError('give either --test or --test-data, not both.', 2)

    const seed = numberOption('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true })
    const val = numberOption('val', values.val, 0.1, { min: 0, max: 0.9 })
    const test = values['test-data'] ? 0 : numberOption('test', values.test, 0.2, { min: 0, max: 0.9 })
    if (val + test >= 1) throw new CliError(`--val ${val} and --test ${test} leave no rows to train on.`, 2)
    const kernels = await loadKernels('wasm')
    const init = values.init ? await readModel(values.init, kernels) : null
    const requested = values.layers ? parseLayers(values.layers) : init ? init.model.network.layers.map(layerSpecOf) : null

    const { table, test: pairedTest } = await loadTable(values.data)
    const testTable = values['test-data'] ? (await loadTable(values['test-data'], 'test-data')).table : pairedTest
    const lastUnits = requested?.at(-1)?.units
    let data: PreparedData
    try {
      data = prepareData(table, {
        target: values.target,
        split: { train: 1 - val - (testTable ? 0 : test), val, test: testTable ? 0 : test },
        seed,
        scaling: choiceOption('scale', values.scale, SCALINGS),
        testTable,
        outputs: lastUnits === 1 ? 1 : undefined,
      })
    } catch (error) {
      if (isDataError(error)) throw new CliError(error.message)
      throw error
    }
    const pre = data.preprocessing
    const layers = requested ?? defaultLayers(pre.target.task, data.train.outputs)
    const loss = choiceOption('loss', values.loss, LOSSES) ?? defaultLoss(layers)
    const spec: NetworkSpec = { inputs: data.train.inputs, layers, loss }
    const settings: TrainSettings = {
      optimizer: choiceOption('optimizer', values.optimizer, OPTIMIZERS, 'sgd' as OptimizerName),
      learningRate: numberOption('lr', values.lr, 0.1, { min: 1e-12, max: 1e3 }),
      momentum: numberOption('momentum', values.momentum, 0.9, { min: 0, max: 1 }),
      batchSize: numberOption('batch', values.batch, 128, { min: 1, max: 1e7, integer: true }),
      epochs: numberOption('epochs', values.epochs, 20, { min: 1, max: 1e7, integer: true }),
      shuffle: !values['no-shuffle'],
      seed,
      l2: numberOption('l2', values.l2, 0, { min: 0 }),
      task: pre.target.task,
      ...(values.patience ? { stopping: { patience: numberOption('patience', values.patience, 5, { min: 1, integer: true }), restoreBest: true } } : {}),
    }

    let net: Network
    let trainer: Trainer
    try {
      net = init ? init.net : Network.create(spec, new Rng(seed), kernels)
      if (init) checkSameShape(init.net.spec, spec)
      trainer = new Trainer(net, { train: data.train, val: data.val.rows > 0 ? data.val : null }, settings)
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError((error as Error).message)
    }

    const epochs: EpochStats[] = []
    let stop: StopReason | null = null
    let lastPrint = 0
    while (stop === null) {
      const step = trainer.step()
      if (step.epochEnd) {
        epochs.push(step.epochEnd)
        const now = performance.now()
        if (!values.quiet && (now - lastPrint > 250 || step.stop)) {
          process.stderr.write(formatEpoch(step.epochEnd, settings.epochs) + '\n')
          lastPrint = now
        }
      }
      stop = step.stop
    }

    const testSet = data.test.rows > 0 ? data.test : null
    const final = testSet ? evaluate(net, testSet, spec.loss, pre.target.task) : null
    const metrics = final?.confusion ? classificationMetrics(final.confusion) : null
    const seconds = epochs.reduce((s, e) => s + e.seconds, 0)
    const samplesPerSecond = seconds > 0 ? (data.train.rows * epochs.length) / seconds : 0
    const testSummary = final && { loss: final.loss, accuracy: final.accuracy, labels: pre.target.labels ?? null, confusionMatrix: final.confusion, metrics }
    if (stop.kind === 'diverged') process.stderr.write(`layerwise: ${stop.message}\n`)
    process.stdout.write(`stopped: ${describeStop(stop)}; ${epochs.length} epochs, ${Math.round(samplesPerSecond)} samples/s (${kernels.name} kernels)` +
      (final ? `; test loss ${final.loss.toPrecision(4)}${final.accuracy !== null ? `, accuracy ${final.accuracy.toFixed(4)}` : ''}` : '') + '\n')

    if (values.out) {
      await writeJson(values.out, serializeModel(net, { preprocessing: pre, training: settings, metrics: testSummary ? { test: { loss: testSummary.loss, accuracy: testSummary.accuracy } } : undefined }))
    }
    if (values.report) {
      await writeJson(values.report, {
        epochs: epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, trainAccuracy: e.trainAccuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy, seconds: e.seconds })),
        test: testSummary,
        samplesPerSecond,
        stoppedBy: stop.kind,
        ...(stop.kind === 'diverged' ? { message: stop.message } : {}),
        kernels: kernels.name,
      })
    }
    return stop.kind === 'diverged' ? 1 : 0
  },
}

function layerSpecOf(layer: { units: number; activation: DenseLayerSpec['activation']; alpha?: number; bias?: boolean }): DenseLayerSpec {
  return { units: layer.units, activation: layer.activation, ...(layer.alpha !== undefined ? { alpha: layer.alpha } : {}), ...(layer.bias === false ? { bias: false } : {}) }
}

function defaultLayers(task: string, outputs: number): DenseLayerSpec[] {
  const output: DenseLayerSpec = task === 'regression' ? { units: 1, activation: 'identity' } : outputs === 1 ? { units: 1, activation: 'sigmoid' } : { units: outputs, activation: 'softmax' }
  return [{ units: 16, activation: 'relu' }, output]
}

function defaultLoss(layers: DenseLayerSpec[]): LossName {
  const last = layers[layers.length - 1]!
  if (last.activation === 'softmax') return 'cce'
  if (last.activation === 'sigmoid' && last.units === 1) return 'bce'
  return 'mse'
}

function checkSameShape(model: NetworkSpec, wanted: NetworkSpec): void {
  const a = [model.inputs, ...model.layers.map((l) => l.units)].join('-')
  const b = [wanted.inputs, ...wanted.layers.map((l) => l.units)].join('-')
  if (a !== b) throw new CliError(`--init: the model is ${a} but the data and --layers need ${b}.`)
}

function formatEpoch(e: EpochStats, total: number): string {
  const acc = (v: number | null) => (v === null ? '' : ` acc ${v.toFixed(4)}`)
  const validation = e.valLoss === null ? '' : `  val loss ${e.valLoss.toFixed(4)}${acc(e.valAccuracy)}`
  return `epoch ${e.epoch}/${total}  loss ${e.trainLoss.toFixed(4)}${acc(e.trainAccuracy)}${validation}  ${Math.round(e.samplesPerSecond)} samples/s`
}

function describeStop(stop: StopReason): string {
  switch (stop.kind) {
    case 'epochs': return 'reached the last epoch'
    case 'lossDelta': return `training loss changed by less than the threshold (${stop.delta.toExponential(2)})`
    case 'earlyStopping': return `early stopping; restored epoch ${stop.bestEpoch}`
    case 'targetAccuracy': return `reached accuracy ${stop.accuracy.toFixed(4)}`
    case 'diverged': return 'diverged'
    case 'stopped': return 'stopped'
  }
}
