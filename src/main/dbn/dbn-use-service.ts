/**
 * The `dbn:*` use requests (SPEC §4, issue 10) on a model the model store keeps (a finished DBN run's
 * model under its run id, or an imported one): denoising with MSE/PSNR before and after, anomaly scores
 * with reference percentiles and ROC/AUC, Gibbs sampling snapshots along the chain, and hidden-unit
 * filters. Also keeps the derived training set of the walkthrough "find the odd digit" (MNIST without one
 * digit), which `dbn:start` reads like an imported data set.
 */
import { Rng } from '../../engine'
import { addNoise, anomalyScores, hiddenFilters, mse, percentile, psnr, reconstructRows, roc, type DbnFamilyModel, type NoiseSpec } from '../../engine/rbm'
import type { DataRef } from '../../shared/dto'
import type { DbnFiltersDto } from '../../shared/dbn'
import type {
  DbnAnomalyReply,
  DbnAnomalyRequest,
  DbnDenoiseReply,
  DbnDenoiseRequest,
  DbnExample,
  DbnExampleRequest,
  DbnFiltersRequest,
  DbnImageShape,
  DbnSampleReply,
  DbnSampleRequest,
} from '../../shared/dbn-uses'
import { cellText, inputNames, loadMnist, type Column, type IndexedDataset, type Table } from '../data'
import { UserError } from '../api/dispatch'
import type { DataTables, TableSource } from '../services/datasets'
import { builtinTables } from '../services/datasets'
import type { LoadedModel } from '../models/model-file'
import { encodeFor, reconstructorOf, stackOf, visibleOf } from './dbn-models'

/** Where kept models are found (the model service: `list` waits for models of runs still loading). */
export interface DbnModelSource {
  list(): Promise<unknown>
  store: { get(id: string): { model: LoadedModel } | undefined }
}

const POSITIVE = new Set(['1', 'true', 'yes', 'anomaly', 'outlier'])
const EXAMPLE_PREFIX = 'dbn-example-odd-'

const round = (v: number): number => Math.round(v * 1e4) / 1e4
const rowOf = (x: Float32Array, r: number, cols: number): number[] => Array.from(x.subarray(r * cols, (r + 1) * cols), round)

function noiseSpec(choice: DbnDenoiseRequest['noise']): NoiseSpec {
  return choice.kind === 'gaussian' ? { kind: 'gaussian', sigma: choice.level } : { kind: choice.kind, rate: choice.level }
}

/** Square grey images when the width is a perfect square of at least 4×4 (the filters have no table to ask). */
function squareImage(inputs: number): DbnImageShape | null {
  const side = Math.round(Math.sqrt(inputs))
  return side >= 4 && side * side === inputs ? { width: side, height: side, channels: 1 } : null
}

export class DbnUseService implements TableSource {
  private readonly examples = new Map<string, Table>()

  constructor(private readonly options: { models: DbnModelSource; data: TableSource }) {}

  /** Tables of imported data sets, and of the walkthrough's derived training sets. */
  tables(id: string): DataTables {
    const example = this.examples.get(id)
    return example ? { table: example } : this.options.data.tables(id)
  }

  /** Denoises every row of the data: corrupt, reconstruct, and compare both with the clean rows. */
  async denoise(request: DbnDenoiseRequest): Promise<DbnDenoiseReply> {
    const model = await this.model(request.modelId)
    const recon = reconstructorOf(model)
    if (!recon) throw new UserError('A DBN classifier does not reconstruct its input; denoise with an RBM, DBN or autoencoder.')
    const table = await this.table(request.data)
    const data = encodeFor(model, table)
    const clean = data.x.subarray(0, data.rows * data.inputs)
    const noisy = addNoise(noiseSpec(request.noise), clean, new Rng(request.seed))
    const reconstructed = reconstructRows(recon, noisy, data.rows)
    const mseNoisy = mse(noisy, clean)
    const mseReconstructed = mse(reconstructed, clean)
    const bernoulli = visibleOf(model) === 'bernoulli'
    const shown = Math.min(request.shown, data.rows)
    return {
      rows: data.rows,
      inputs: data.inputs,
      names: model.preprocessing ? inputNames(model.preprocessing) : [],
      image: table.image ?? null,
      mseNoisy,
      mseReconstructed,
      psnrNoisy: bernoulli ? psnr(mseNoisy) : null,
      psnrReconstructed: bernoulli ? psnr(mseReconstructed) : null,
      samples: Array.from({ length: shown }, (_, r) => ({
        row: data.sourceRows[r]! + 1,
        clean: rowOf(clean, r, data.inputs),
        noisy: rowOf(noisy, r, data.inputs),
        reconstructed: rowOf(reconstructed, r, data.inputs),
      })),
    }
  }

  /** Every reconstruction of a denoise request as CSV: row, then each input back in the data's units (encoded·scale + offset). */
  async denoiseCsv(request: DbnDenoiseRequest): Promise<string> {
    const model = await this.model(request.modelId)
    const recon = reconstructorOf(model)
    if (!recon) throw new UserError('A DBN classifier does not reconstruct its input.')
    const data = encodeFor(model, await this.table(request.data))
    const noisy = addNoise(noiseSpec(request.noise), data.x.subarray(0, data.rows * data.inputs), new Rng(request.seed))
    const out = reconstructRows(recon, noisy, data.rows)
    const names = model.preprocessing ? inputNames(model.preprocessing) : Array.from({ length: data.inputs }, (_, i) => `x${i}`)
    const lines = [['row', ...names.map(csvField)].join(',')]
    const pre = model.preprocessing
    for (let r = 0; r < data.rows; r++) {
      const cells = [String(data.sourceRows[r]! + 1)]
      for (let i = 0; i < data.inputs; i++) cells.push(String(round(out[r * data.inputs + i]! * (pre?.scale[i] ?? 1) + (pre?.offset[i] ?? 0))))
      lines.push(cells.join(','))
    }
    return lines.join('\n') + '\n'
  }

  /** Scores every row; percentiles of the reference rows' scores; ROC and AUC when a label column marks anomalies. */
  async anomaly(request: DbnAnomalyRequest): Promise<DbnAnomalyReply> {
    const model = await this.model(request.modelId)
    const scorer = request.score === 'recon' ? reconstructorOf(model) : stackOf(model)
    if (!scorer) {
      throw new UserError(request.score === 'recon' ? 'A DBN classifier does not reconstruct its input; score by free energy.' : 'This model has no RBM stack, so it has no free energy; score by reconstruction error.')
    }
    const table = await this.table(request.data)
    const data = encodeFor(model, table)
    const scores = anomalyScores(scorer, data.x, data.rows, request.score)
    let reference: Float64Array = scores
    let referenceRows = data.rows
    if (request.reference) {
      const ref = encodeFor(model, await this.table(request.reference))
      reference = anomalyScores(scorer, ref.x, ref.rows, request.score)
      referenceRows = ref.rows
    }
    const classes = request.labels ? labelTexts(table, request.labels.column, data) : null
    const positive = request.labels?.positive
    const marked = classes && classes.map((c) => (positive !== undefined ? (c === positive ? 1 : 0) : POSITIVE.has(c.trim().toLowerCase()) ? 1 : 0))
    // A label column with no anomaly in it says nothing about anomalies (e.g. digits without a chosen one).
    const anomaly = marked && marked.includes(1) ? marked : null
    const hasBoth = anomaly !== null && anomaly.includes(0)
    const curve = hasBoth ? roc(scores, anomaly) : null
    const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!)
    return {
      rows: data.rows,
      score: request.score,
      scores: Array.from(scores),
      sourceRows: Array.from(data.sourceRows, (r) => r + 1),
      classes,
      anomaly,
      referencePercentiles: Array.from({ length: 101 }, (_, p) => percentile(reference, p)),
      referenceRows,
      roc: curve && { fpr: curve.fpr, tpr: curve.tpr },
      auc: curve?.auc ?? null,
      top: order.slice(0, request.top).map((i) => ({ row: data.sourceRows[i]! + 1, score: scores[i]!, label: classes?.[i] ?? null, values: rowOf(data.x, i, data.inputs) })),
      image: table.image ?? null,
    }
  }

  /**
   * Block Gibbs sampling in the top RBM (h ~ p(h|v), v ~ p(v|h)) from random starts, with a mean-field
   * down pass to the data after every `steps / frames` steps: snapshots of one chain (Hinton et al. 2006 §5).
   */
  async sample(request: DbnSampleRequest): Promise<DbnSampleReply> {
    const model = await this.model(request.modelId)
    const dbn = stackOf(model)
    if (!dbn) throw new UserError('This model has no RBM stack to sample from.')
    const top = dbn.layers[dbn.layers.length - 1]!
    const rng = new Rng(request.seed)
    const n = request.count
    const v = new Float32Array(n * top.nVisible)
    const h = new Float32Array(n * top.nHidden)
    const mean = new Float32Array(n * top.nVisible)
    for (let i = 0; i < v.length; i++) v[i] = top.visible === 'gaussian' ? rng.normal() : rng.next() < 0.5 ? 1 : 0
    const every = Math.max(1, Math.ceil(request.steps / request.frames))
    const frames: DbnSampleReply['frames'] = []
    for (let t = 1; t <= request.steps; t++) {
      top.hiddenProbs(v, n, h)
      top.sampleH(h, n, h, rng)
      top.visibleMeans(h, n, mean)
      top.sampleV(mean, n, v, rng)
      if (t % every === 0 || t === request.steps) {
        const x = dbn.down(mean, n, dbn.layers.length - 1)
        frames.push({ step: t, samples: Array.from({ length: n }, (_, r) => rowOf(x, r, dbn.nVisible)) })
      }
    }
    return { inputs: dbn.nVisible, image: squareImage(dbn.nVisible), frames }
  }

  /** Filters of one layer's hidden units in data space, mapped to [0, 1] (0.5 = zero weight). */
  async filters(request: DbnFiltersRequest): Promise<DbnFiltersDto> {
    const model = await this.model(request.modelId)
    const dbn = stackOf(model)
    if (!dbn) throw new UserError('This model has no RBM stack, so it has no filters.')
    if (request.layer > dbn.layers.length) throw new UserError(`The model has ${dbn.layers.length} RBM layer(s); there is no layer ${request.layer}.`)
    const image = squareImage(dbn.nVisible) ?? { width: dbn.nVisible, height: 1, channels: 1 }
    const all = hiddenFilters(dbn, request.layer)
    return { layer: request.layer, units: all.length, ...image, filters: all.slice(0, request.max).map((f) => Array.from(f, round)) }
  }

  /** The walkthrough's training set: the first `rows` MNIST digits other than `digit`. */
  async example(request: DbnExampleRequest): Promise<DbnExample> {
    const mnist = await loadMnist()
    const label = mnist.columns.find((c) => c.name === 'label')!
    const keep: number[] = []
    for (let r = 0; r < mnist.rows && keep.length < request.rows; r++) if (cellText(label, r) !== String(request.digit)) keep.push(r)
    const table: Table = { name: `mnist-without-${request.digit}`, rows: keep.length, columns: mnist.columns.map((c) => pick(c, keep)), ...(mnist.image ? { image: mnist.image } : {}) }
    const id = `${EXAMPLE_PREFIX}${request.digit}-${keep.length}`
    this.examples.set(id, table)
    return {
      train: { kind: 'imported', id, name: `MNIST without ${request.digit} (${keep.length.toLocaleString('en')} digits)` },
      score: { kind: 'builtin', name: 'mnist' },
      labels: { column: 'label', positive: String(request.digit) },
    }
  }

  private async model(id: string): Promise<DbnFamilyModel> {
    await this.options.models.list()
    const kept = this.options.models.store.get(id)
    if (!kept) throw new UserError(`No model with id ${id}: models of finished runs and imported models are kept; train or import one first.`)
    if (kept.model.kind === 'mlp') throw new UserError('This model is a backpropagation network; the DBN views need an RBM, DBN or autoencoder model.')
    return kept.model.dbn
  }

  private async table(ref: DataRef): Promise<Table> {
    return ref.kind === 'imported' ? this.tables(ref.id).table : (await builtinTables(ref)).table
  }
}

/** Rows `keep` of a column. */
function pick(c: Column, keep: number[]): Column {
  if (c.type === 'numeric') return { ...c, values: Float32Array.from(keep, (r) => c.values[r]!) }
  return { ...c, values: keep.map((r) => c.values[r]!) }
}

/** The label column's text of each encoded row. */
function labelTexts(table: Table, name: string, data: IndexedDataset): string[] {
  const column = table.columns.find((c) => c.name === name)
  if (!column) throw new UserError(`There is no column "${name}" to mark anomalies.`)
  return Array.from(data.sourceRows, (r) => cellText(column, r) ?? '')
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)
