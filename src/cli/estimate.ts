/**
 * `layerwise estimate`: what a training run will cost before it starts (SPEC §8) — parameters,
 * FLOPs, time by the course's layer model and by the FLOP model calibrated on this machine, energy
 * and CO₂. The same `EstimatorService` as the app, so the numbers agree.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DEFAULT_CARBON_INTENSITY, DEFAULT_T_OP, LOCAL_PUE, ModelFormatError, parseModel, type ModelEstimate } from '../engine'
import type { NetworkSpec, OptimizerName, TrainSettings } from '../engine/types'
import { EstimatorService } from '../main/estimator/service'
import type { EstimateReply, StartTrainingRequest, TrainingDataInfo, TrainingDataRef } from '../shared/dto'
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { UserError } from '../main/api/dispatch'
import { listBuiltins } from '../main/data/builtins'
import { prepareTrainingData } from '../main/services/datasets'
import { loadTable } from './load-data'
import { choiceOption, numberOption } from './args'
import { CliError } from './cli-error'
import type { Command } from './commands'
import { dbnUsage, estimateDbn } from './estimate-dbn'

const usage = `Usage: layerwise estimate (--model MODEL.json | --arch 784,128,10) (--samples N | --data DATA [--target COL]) --batch m --epochs e
       [--optimizer sgd] [--density 1] [--t-op 0.01] [--power W] [--pue 1.0] [--carbon G_PER_KWH] [--calibrate] [--json]

  --arch        layer widths, input first; hidden layers ReLU, output softmax + cross-entropy
                (sigmoid + binary cross-entropy for one output unit)
  --samples     training rows N per epoch        --batch  mini-batch size m     --epochs  e
  --density     fraction of nonzero input values of the data, 0–1 (default 1: dense assumed; MNIST
                pixels ≈ 0.19: at ≤ 0.25 the engine multiplies the input layer over the nonzeros only)
  --t-op        seconds per layer operation of the layer model t = t_op·L·(N/m)·e (default 0.01)
  --power       average power in W (default: this machine, RAPL or TDP × utilisation)
  --pue         power usage effectiveness (default 1.0: a personal computer)
  --carbon      grid carbon intensity in g CO₂/kWh (default ${DEFAULT_CARBON_INTENSITY.value}: ${DEFAULT_CARBON_INTENSITY.source})
  --data        builtin:NAME (or just NAME) or a data file (CSV, TSV, JSON, IDX, .gz): prepared as
                \`layerwise train\` prepares it (--target COL, --seed 1, --val 0.1, --test 0.2,
                --scale none|minmax|zscore); N defaults to
                its training rows, ρ is their exact fraction of nonzero inputs (unless --density), and
                --calibrate trains on up to 1,024 of those rows
  --calibrate   run the ≤ 3 s benchmark on this machine first (else a cached calibration is used if any)
  --json        print JSON instead of text
With --model, --batch, --epochs and --optimizer default to the training settings stored in the file.`

const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']

/** The network of `--arch 784,128,10`. */
export function networkFromArch(text: string): NetworkSpec {
  const widths = text.split(',').map((w) => Number(w.trim()))
  if (widths.length < 2 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 1_000_000)) {
    throw new CliError(`--arch must list at least two layer widths (positive integers), e.g. 784,128,10; not "${text}".`, 2)
  }
  const outputs = widths[widths.length - 1]
  return {
    inputs: widths[0],
    layers: widths.slice(1).map((units, i) => ({
      units,
      activation: i < widths.length - 2 ? 'relu' : outputs === 1 ? 'sigmoid' : 'softmax',
    })),
    loss: outputs === 1 ? 'bce' : 'cce',
  }
}

async function networkFromModel(path: string): Promise<{ network: NetworkSpec; training?: TrainSettings }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new CliError(`--model: cannot read "${path}" (no such file).`)
  }
  try {
    const model = parseModel(JSON.parse(text))
    const n = model.network
    const network: NetworkSpec = {
      inputs: n.inputs,
      loss: n.loss,
      layers: n.layers.map((l) => ({ units: l.units, activation: l.activation, alpha: l.alpha, bias: l.bias })),
    }
    return { network, training: model.training }
  } catch (error) {
    if (error instanceof ModelFormatError || error instanceof SyntaxError) throw new CliError(`--model "${path}": ${(error as Error).message}`)
    throw error
  }
}

/** `--data NAME` names a built-in data set when no file of that name exists; `builtin:NAME` always does. */
export function dataSource(text: string): string {
  if (/^builtin:/i.test(text) || existsSync(text)) return text
  return listBuiltins().some((b) => b.name === text.trim().toLowerCase()) ? `builtin:${text}` : text
}

/**
 * The training split of `--data` for `network`, prepared by the app's training code (`prepareTrainingData`)
 * with the hold-outs and seed of `layerwise train` (--val 0.1, --test 0.2, --seed 1): its rows, ρ and sample.
 */
async function trainingDataOf(
  source: string,
  values: { target?: string; seed?: string; val?: string; test?: string; scale?: string },
  network: NetworkSpec,
  estimator: EstimatorService,
): Promise<{ ref: TrainingDataRef; info: TrainingDataInfo }> {
  const seed = numberOption('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true })
  const validation = numberOption('val', values.val, 0.1, { min: 0, max: 0.9 })
  const test = numberOption('test', values.test, 0.2, { min: 0, max: 0.9 })
  if (validation + test >= 1) throw new CliError(`--val ${validation} and --test ${test} leave no rows to train on.`, 2)
  const scaling = choiceOption('scale', values.scale, ['none', 'minmax', 'zscore'] as const)
  const name = basename(source.replace(/^builtin:/i, ''))
  const ref: TrainingDataRef = {
    data: { kind: 'imported', id: 'cli', name, ...(values.target !== undefined ? { target: values.target } : {}), ...(scaling ? { scaling } : {}) },
    seed,
    split: { validation, test },
  }
  try {
    return { ref, info: (await estimator.trainingData(network, ref)).info }
  } catch (error) {
    if (error instanceof UserError) throw new CliError(`--data: ${error.message}`)
    throw error
  }
}

function modelJson(m: ModelEstimate): { seconds: number; joules: number; kWh: number; co2Grams: number } {
  return { seconds: m.time.seconds, joules: m.energy.joules, kWh: m.energy.kWh, co2Grams: m.energy.co2Grams }
}

export const estimateCommand: Command = {
  summary: 'estimate the time, energy and CO₂ of a training run before it starts',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        arch: { type: 'string' },
        samples: { type: 'string' },
        batch: { type: 'string' },
        epochs: { type: 'string' },
        optimizer: { type: 'string' },
        density: { type: 'string' },
        't-op': { type: 'string' },
        power: { type: 'string' },
        pue: { type: 'string' },
        carbon: { type: 'string' },
        calibrate: { type: 'boolean' },
        data: { type: 'string' },
        target: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        val: { type: 'string' },
        test: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        dbn: { type: 'string' },
        'cd-k': { type: 'string' },
        pcd: { type: 'boolean' },
        gaussian: { type: 'boolean' },
        'validation-rows': { type: 'string' },
        'fine-tune': { type: 'string' },
        'fine-tune-epochs': { type: 'string' },
        classes: { type: 'string' },
      },
    })
    if (values.help) {
      process.stdout.write(usage + '\n' + dbnUsage + '\n')
      return 0
    }
    if (values.dbn !== undefined) return estimateDbn(values)
    if ((values.model === undefined) === (values.arch === undefined)) throw new CliError('give exactly one of --model MODEL.json or --arch WIDTHS (see --help).', 2)
    const { network, training } = values.model !== undefined ? await networkFromModel(values.model) : { network: networkFromArch(values.arch ?? ''), training: undefined }
    // --data: the file's (or built-in's) tables, prepared by the app's training code as an imported data set
    const tables = values.data !== undefined ? await loadTable(dataSource(values.data)) : null
    const estimator = new EstimatorService({ kernels: 'wasm', ...(tables ? { prepare: (r: StartTrainingRequest) => prepareTrainingData(r, { tables: () => tables }) } : {}) })
    const data = tables && values.data !== undefined ? await trainingDataOf(values.data, values, network, estimator) : null
    if (values.samples === undefined && !data) throw new CliError('--samples N is required (or --data): the number of training rows per epoch.', 2)
    const samples = numberOption('samples', values.samples, data?.info.rows ?? 0, { min: 1, max: 1e9, integer: true })
    const storedBatch = training ? (training.batchSize === 'full' ? samples : training.batchSize) : undefined
    if (values.batch === undefined && storedBatch === undefined) throw new CliError('--batch m is required (the model file stores no batch size).', 2)
    if (values.epochs === undefined && training === undefined) throw new CliError('--epochs e is required (the model file stores no training settings).', 2)
    const batchSize = numberOption('batch', values.batch, storedBatch ?? 1, { min: 1, max: 1e9, integer: true })
    const epochs = numberOption('epochs', values.epochs, training?.epochs ?? 1, { min: 1, max: 1e7, integer: true })
    const optimizer = choiceOption('optimizer', values.optimizer, OPTIMIZERS, training?.optimizer ?? 'sgd')
    const inputDensity = numberOption('density', values.density, data?.info.inputDensity ?? 1, { min: 0, max: 1 })
    // a typed --density wins over the data's ρ (then the calibration uses the rows' densities, not the rows)
    const typedDensity = values.density !== undefined ? { inputDensity } : {}
    const tOp = numberOption('t-op', values['t-op'], DEFAULT_T_OP, { min: 1e-9, max: 3600 })
    const pue = numberOption('pue', values.pue, LOCAL_PUE.value, { min: 1, max: 10 })
    const carbon = numberOption('carbon', values.carbon, DEFAULT_CARBON_INTENSITY.value, { min: 0, max: 5000 })

    if (values.calibrate) {
      await estimator.calibrate(data ? { network, samples, batchSize, optimizer, ...typedDensity, trainingData: data.ref } : { network, samples, batchSize, optimizer, inputDensity })
    }
    const machinePower = estimator.power(estimator.cache.get())
    const watts = numberOption('power', values.power, machinePower.watts, { min: 0, max: 1e7 })
    const reply = data
      ? estimator.estimate({ network, samples, batchSize, epochs, optimizer, tOp, ...typedDensity, watts, pue, carbonGramsPerKwh: carbon }, data.info)
      : estimator.estimate({ network, samples, batchSize, epochs, optimizer, tOp, inputDensity, watts, pue, carbonGramsPerKwh: carbon })
    const density = {
      value: inputDensity,
      source:
        values.density !== undefined
          ? 'given with --density'
          : data
            ? `of the ${data.info.rows.toLocaleString('en')} prepared training rows of ${data.info.name}`
            : 'assumed dense (no data given; set --density or --data)',
    }
    const power = values.power !== undefined ? { watts, source: 'user', assumption: 'given with --power' } : machinePower
    if (values.json) {
      const json = {
        layers: reply.cost.layers.map((l, i) => ({
          index: l.index,
          fanIn: l.fanIn,
          units: l.units,
          activation: l.activation,
          weights: l.weights,
          biases: l.biases,
          flopsForward: l.flopsForward,
          flopsBackward: l.flopsBackward,
          layerModelSeconds: reply.layerModel.time.layers[i],
          flopModelSeconds: reply.flopModel ? reply.flopModel.time.layers[i] : null,
        })),
        parameters: reply.cost.parameters,
        parametersWithoutBias: reply.cost.parametersWithoutBias,
        flopsPerSample: reply.cost.flopsPerSample,
        flopsForwardPerSample: reply.cost.flopsForward,
        flopsBackwardPerSample: reply.cost.flopsBackward,
        totalFlops: reply.training.totalFlops,
        run: { samples, batchSize, epochs, optimizer, batchesPerEpoch: reply.training.batchesPerEpoch, tOp },
        inputDensity: density,
        trainingData: data?.info ?? null,
        correction: reply.correction,
        layerModel: modelJson(reply.layerModel),
        flopModel: reply.flopModel ? modelJson(reply.flopModel) : null,
        power,
        pue,
        carbon: { gramsPerKwh: carbon, source: values.carbon !== undefined ? 'given with --carbon' : DEFAULT_CARBON_INTENSITY.source },
        equivalents: (reply.flopModel ?? reply.layerModel).equivalents,
        calibration: reply.calibration ? { ...reply.calibration.params, rmsRelativeError: reply.calibration.rmsRelativeError, shapes: reply.calibration.shapes, createdAt: reply.calibration.createdAt } : null,
      }
      process.stdout.write(JSON.stringify(json, null, 2) + '\n')
      return 0
    }
    process.stdout.write(formatText(reply, { samples, batchSize, epochs, tOp, pue, carbon, power, density }))
    return 0
  },
}

const si = (n: number) => (n >= 1e12 ? `${(n / 1e12).toFixed(2)} T` : n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(2)} k` : `${n} `)

/** 3 significant digits, in exponent form when very small or large. */
function num(x: number): string {
  if (x === 0) return '0'
  if (Math.abs(x) >= 1e3 && Math.abs(x) < 1e9) return Math.round(x).toLocaleString('en')
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e3 ? x.toPrecision(3) : x.toExponential(2)
}

function seconds(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(1)} ms`
  if (s < 120) return `${s.toFixed(2)} s`
  if (s < 7200) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(2)} h`
}

function formatText(
  r: EstimateReply,
  o: {
    samples: number
    batchSize: number
    epochs: number
    tOp: number
    pue: number
    carbon: number
    power: { watts: number; source: string; assumption: string }
    density: { value: number; source: string }
  },
): string {
  const lines: string[] = []
  lines.push(`Network ${[r.cost.layers[0].fanIn, ...r.cost.layers.map((l) => l.units)].join('-')}: ${r.cost.parameters.toLocaleString('en')} parameters (${r.cost.parametersWithoutBias.toLocaleString('en')} without bias)`)
  for (const l of r.cost.layers) {
    lines.push(`  layer ${l.index} ${l.fanIn}→${l.units} ${l.activation}: ${(l.weights + l.biases).toLocaleString('en')} params, ${si(l.flopsForward)}FLOP fwd, ${si(l.flopsBackward)}FLOP bwd per sample`)
  }
  lines.push(`FLOPs per sample: ${si(r.cost.flopsPerSample)}FLOP (fwd ${si(r.cost.flopsForward)}FLOP, bwd ${si(r.cost.flopsBackward)}FLOP); total ${si(r.training.totalFlops)}FLOP for N=${o.samples}, m=${o.batchSize}, e=${o.epochs}`)
  const energy = (m: ModelEstimate) => `${num(m.energy.joules)} J = ${num(m.energy.kWh)} kWh, ${num(m.energy.co2Grams)} g CO₂`
  lines.push(`Layer model  t = ${o.tOp}·${r.cost.layers.length}·(${o.samples}/${o.batchSize})·${o.epochs} = ${seconds(r.layerModel.time.seconds)}; ${energy(r.layerModel)}`)
  if (r.flopModel && r.calibration) {
    const p = r.calibration.params
    lines.push(`FLOP model   ${seconds(r.flopModel.time.seconds)}; ${energy(r.flopModel)}`)
    lines.push(
      `  calibrated ${r.calibration.createdAt} on ${r.calibration.shapes}: t_batch = a + b·L + c·P·(1+cost(opt)) + f·r + r′·G/R + d·r′·E + s·(g + h·P) with ` +
        `a = ${num(p.perBatch * 1e6)} µs, b = ${num(p.perLayer * 1e6)} µs, c = ${num(p.perParameter * 1e9)} ns, f = ${num(p.perRow * 1e9)} ns, R = ${si(p.flopsPerSecond)}FLOP/s, d = ${num(p.perElement * 1e9)} ns` +
        (p.threads === 2 ? `, g = ${num(p.perSplitBatch * 1e6)} µs, h = ${num(p.perSplitParameter * 1e9)} ns (batches split over 2 threads)` : ''),
    )
    lines.push(
      `  input density ρ = ${+o.density.value.toPrecision(4)} (${o.density.source})${r.flopModel.time.sparseInputs ? ': input layer costed over its nonzero inputs' : ''}; ` +
        `κ = ${r.correction.factor.toFixed(3)} (${r.correction.reason})`,
    )
  } else {
    lines.push('FLOP model   not calibrated on this machine yet: run with --calibrate')
    lines.push(`  input density ρ = ${+o.density.value.toPrecision(4)} (${o.density.source})`)
  }
  lines.push(`Power ${o.power.watts.toFixed(1)} W (${o.power.assumption}), PUE ${o.pue}, ${o.carbon} g CO₂/kWh`)
  const basis = r.flopModel ? 'FLOP' : 'layer'
  for (const e of (r.flopModel ?? r.layerModel).equivalents) lines.push(`  ≈ ${num(e.value)} ${e.label} by the ${basis} model (${e.assumption})`)
  return lines.join('\n') + '\n'
}
