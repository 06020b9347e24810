/**
 * `layerwise estimate --dbn 784,256,64`: what greedy DBN training will cost before it starts (issue 8) —
 * parameters and FLOPs per RBM (CD-k, monitors, propagation, fine-tuning), time by the course's layer
 * model t = t_op·R·(N/m)·e and by the DBN model calibrated on this machine, energy and CO₂. The same
 * `DbnEstimatorService` as the app's `estimate:dbnRun`, so the numbers agree.
 */
import { DEFAULT_CARBON_INTENSITY, DEFAULT_T_OP, LOCAL_PUE, type DbnModelEstimate, type DbnRunShape } from '../engine/cost'
import type { DbnEstimateReply } from '../shared/dbn-estimate'
import { DbnEstimatorService } from '../main/estimator/dbn-service'
import { EstimatorService } from '../main/estimator/service'
import { choiceOption, numberOption } from './args'
import { CliError } from './cli-error'

export const dbnUsage = `       layerwise estimate --dbn 784,256,64 --samples N --batch m --epochs e [--cd-k 1] [--pcd] [--gaussian]
       [--validation-rows V] [--fine-tune none|autoencoder|classifier --fine-tune-epochs E --classes C]
       [--density 1] [--t-op 0.01] [--power W] [--pue 1.0] [--carbon G_PER_KWH] [--calibrate] [--json]

  --dbn         visible units then the hidden units of each RBM, bottom first (one RBM: 784,64)
  --epochs      epochs of each RBM; --cd-k Gibbs steps (default 1); --pcd persistent CD
  --validation-rows  rows the job monitors and propagates besides the N training rows (default 0)
  --fine-tune   fine-tune the unrolled stack by backpropagation with Adam after pretraining (default none)`

/** The option values `layerwise estimate` passes on (strings as typed, booleans for flags). */
export type DbnCliValues = Record<string, string | boolean | undefined>

const FINE_TUNE = ['none', 'autoencoder', 'classifier'] as const

/** The stack of `--dbn 784,256,64`: at least the visible and one hidden width. */
export function dbnFromArg(text: string): { inputs: number; layers: number[] } {
  const widths = text.split(',').map((w) => Number(w.trim()))
  if (widths.length < 2 || widths.length > 17 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 65_536)) {
    throw new CliError(`--dbn must list the visible width and at least one hidden width (integers 1–65536), e.g. 784,256,64; not "${text}".`, 2)
  }
  return { inputs: widths[0], layers: widths.slice(1) }
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined)

/** Runs `layerwise estimate --dbn …`; prints text or JSON and answers the exit code. */
export async function estimateDbn(values: DbnCliValues): Promise<number> {
  const { inputs, layers } = dbnFromArg(str(values.dbn) ?? '')
  if (values.samples === undefined) throw new CliError('--samples N is required: the number of training rows.', 2)
  if (values.batch === undefined) throw new CliError('--batch m is required.', 2)
  if (values.epochs === undefined) throw new CliError('--epochs e is required: the epochs of each RBM.', 2)
  const fineTune = choiceOption('fine-tune', str(values['fine-tune']), FINE_TUNE, 'none')
  const shape: DbnRunShape = {
    inputs,
    layers,
    k: layers.map(() => numberOption('cd-k', str(values['cd-k']), 1, { min: 1, max: 1000, integer: true })),
    persistent: values.pcd === true,
    visible: values.gaussian === true ? 'gaussian' : 'bernoulli',
    samples: numberOption('samples', str(values.samples), 0, { min: 1, max: 1e9, integer: true }),
    validationRows: numberOption('validation-rows', str(values['validation-rows']), 0, { min: 0, max: 1e9, integer: true }),
    batchSize: numberOption('batch', str(values.batch), 1, { min: 1, max: 1e9, integer: true }),
    epochs: numberOption('epochs', str(values.epochs), 1, { min: 1, max: 1e7, integer: true }),
    fineTune,
    classes: numberOption('classes', str(values.classes), 10, { min: 2, max: 65_536, integer: true }),
    fineTuneEpochs: fineTune === 'none' ? 0 : numberOption('fine-tune-epochs', str(values['fine-tune-epochs']), 5, { min: 0, max: 1e7, integer: true }),
    inputDensity: numberOption('density', str(values.density), 1, { min: 0, max: 1 }),
  }
  const tOp = numberOption('t-op', str(values['t-op']), DEFAULT_T_OP, { min: 1e-9, max: 3600 })
  const pue = numberOption('pue', str(values.pue), LOCAL_PUE.value, { min: 1, max: 10 })
  const carbon = numberOption('carbon', str(values.carbon), DEFAULT_CARBON_INTENSITY.value, { min: 0, max: 5000 })
  const service = new DbnEstimatorService({ kernels: 'wasm' })
  if (values.calibrate === true) await service.calibrate({ shape })
  // the power of "this machine" as the network estimator knows it (RAPL of its latest calibration, else TDP × utilisation)
  const machine = new EstimatorService({ kernels: 'wasm' })
  const machinePower = machine.power(machine.cache.get())
  const watts = numberOption('power', str(values.power), machinePower.watts, { min: 0, max: 1e7 })
  const reply = service.estimate({ shape, tOp, watts, pue, carbonGramsPerKwh: carbon })
  const power = values.power !== undefined ? { watts, source: 'user', assumption: 'given with --power' } : machinePower
  if (values.json === true) {
    process.stdout.write(JSON.stringify(dbnJson(reply, shape, { tOp, pue, carbon, power, carbonGiven: values.carbon !== undefined }), null, 2) + '\n')
    return 0
  }
  process.stdout.write(dbnText(reply, shape, { tOp, pue, carbon, power }))
  return 0
}

function modelJson(m: DbnModelEstimate): { seconds: number; joules: number; kWh: number; co2Grams: number } {
  return { seconds: m.time.seconds, joules: m.energy.joules, kWh: m.energy.kWh, co2Grams: m.energy.co2Grams }
}

interface Context {
  tOp: number
  pue: number
  carbon: number
  power: { watts: number; source: string; assumption: string }
}

/** The `--json` form: the network form's keys (layers = RBMs), plus fine-tuning, the run and the calibration. */
export function dbnJson(r: DbnEstimateReply, shape: DbnRunShape, o: Context & { carbonGiven: boolean }): Record<string, unknown> {
  return {
    kind: 'dbn',
    layers: r.cost.rbms.map((b, i) => ({
      ...b,
      layerModelSeconds: r.layerModel.time.rbms[i],
      flopModelSeconds: r.flopModel ? r.flopModel.time.rbms[i] + r.flopModel.time.propagate[i] : null,
    })),
    parameters: r.cost.parameters,
    parametersWithoutBias: r.cost.parametersWithoutBias,
    flopsPerSample: r.cost.flopsPerSample,
    totalFlops: r.cost.totalFlops,
    fineTune: r.cost.fineTune,
    run: { ...shape, batchesPerEpoch: Math.ceil(shape.samples / Math.min(shape.batchSize, shape.samples)), tOp: o.tOp },
    layerModel: modelJson(r.layerModel),
    flopModel: r.flopModel ? modelJson(r.flopModel) : null,
    time: { layerModel: r.layerModel.time, flopModel: r.flopModel?.time ?? null },
    power: o.power,
    pue: o.pue,
    carbon: { gramsPerKwh: o.carbon, source: o.carbonGiven ? 'given with --carbon' : DEFAULT_CARBON_INTENSITY.source },
    equivalents: (r.flopModel ?? r.layerModel).equivalents,
    correction: r.correction,
    calibration: r.calibration ? { ...r.calibration.params, rms: r.calibration.rms, anchor: r.calibration.anchor, shapes: r.calibration.shapes, createdAt: r.calibration.createdAt } : null,
  }
}

const si = (n: number) => (n >= 1e12 ? `${(n / 1e12).toFixed(2)} T` : n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(2)} k` : `${n} `)
const num = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toPrecision(3) : x.toExponential(2))
const seconds = (s: number) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : s < 120 ? `${s.toFixed(2)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(2)} h`)

function dbnText(r: DbnEstimateReply, shape: DbnRunShape, o: Context): string {
  const lines: string[] = []
  const m = Math.min(shape.batchSize, shape.samples)
  lines.push(`DBN ${[shape.inputs, ...shape.layers].join('-')}: ${r.cost.parameters.toLocaleString('en')} parameters (${r.cost.parametersWithoutBias.toLocaleString('en')} without bias)`)
  for (const [i, b] of r.cost.rbms.entries()) {
    const f = r.flopModel ? `, ${seconds(r.flopModel.time.rbms[i])} (${seconds(r.flopModel.time.rbmUpdateEpochs[i])} per epoch of updates)` : ''
    lines.push(`  RBM ${b.index} ${b.visible}→${b.hidden} CD-${b.k}: ${si(b.flopsPerSample)}FLOP per sample, ${si(b.trainFlops + b.monitorFlops + b.propagateFlops)}FLOP in all${f}`)
  }
  if (r.cost.fineTune) lines.push(`  fine-tuning ${r.cost.fineTune.kind} ${r.cost.fineTune.widths.join('-')} (Adam): ${si(r.cost.fineTune.flopsPerSample)}FLOP per sample, ${si(r.cost.fineTune.trainFlops + r.cost.fineTune.evaluationFlops)}FLOP`)
  lines.push(`Total ${si(r.cost.totalFlops)}FLOP for N=${shape.samples}, m=${shape.batchSize}, e=${shape.epochs} per RBM`)
  const energy = (x: DbnModelEstimate) => `${num(x.energy.joules)} J = ${num(x.energy.kWh)} kWh, ${num(x.energy.co2Grams)} g CO₂`
  const ft = r.cost.fineTune ? ` + ${o.tOp}·${r.cost.fineTune.widths.length - 1}·(${shape.samples}/${m})·${shape.fineTuneEpochs}` : ''
  lines.push(`Layer model  t = ${o.tOp}·${shape.layers.length}·(${shape.samples}/${m})·${shape.epochs}${ft} = ${seconds(r.layerModel.time.seconds)}; ${energy(r.layerModel)}`)
  if (r.flopModel && r.calibration) {
    const c = r.calibration.params.cd
    lines.push(`Calibrated   ${seconds(r.flopModel.time.seconds)}; ${energy(r.flopModel)}`)
    lines.push(
      `  calibrated ${r.calibration.createdAt} on ${r.calibration.shapes}: t_batch = a + f·r + c·U + r·G/R + d·r·E with a = ${num(c.perBatch * 1e6)} µs, ` +
        `f = ${num(c.perRow * 1e9)} ns, c = ${num(c.perUpdateFlop * 1e9)} ns, R = ${si(c.flopsPerSecond)}FLOP/s, d = ${num(c.perElement * 1e9)} ns (rms ${(r.calibration.rms.cd * 100).toFixed(1)} %)`,
    )
  } else {
    lines.push('Calibrated   not calibrated on this machine yet: run with --calibrate')
  }
  lines.push(`Power ${o.power.watts.toFixed(1)} W (${o.power.assumption}), PUE ${o.pue}, ${o.carbon} g CO₂/kWh`)
  for (const e of (r.flopModel ?? r.layerModel).equivalents) lines.push(`  ≈ ${num(e.value)} ${e.label} (${e.assumption})`)
  return lines.join('\n') + '\n'
}
