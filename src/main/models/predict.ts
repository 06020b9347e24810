/**
 * Prediction with a kept model on a table (SPEC §9): the model's stored preprocessing is applied
 * exactly as at training time (`applyPreprocessing`), then per row the class probabilities and the
 * predicted label (classification), the predicted values (regression), or the reconstruction error
 * and an anomaly flag (RBM stacks and autoencoders). With the target column, accuracy and the confusion matrix.
 */
import { classificationMetrics, confusionMatrix, regressionMetrics } from '../../engine'
import { anomalyScores, classProbabilities, percentile, type DbnFamilyModel } from '../../engine/rbm'
import type { Preprocessing } from '../../engine/types'
import { applyPreprocessing, type IndexedDataset, type Table } from '../data'
import type { PredictionRow, PredictionsDto } from '../../shared/models'
import { UserError } from '../api/dispatch'
import { preprocessingOf, type LoadedModel } from './model-file'

/** Rows sent for the table; the CSV has every row. */
export const PREDICTION_ROWS_SHOWN = 1000
/** Without a stored threshold, rows in the top 5 % of reconstruction error are flagged. */
const ANOMALY_PERCENTILE = 95

/** Every row's values, before the table is cut to `PREDICTION_ROWS_SHOWN`. */
export type Predictions = Omit<PredictionsDto, 'modelId' | 'title'>

function inputsOf(model: LoadedModel): number {
  if (model.kind === 'mlp') return model.net.inputs
  const d = model.dbn
  if (d.kind === 'rbm') return d.rbm.nVisible
  if (d.kind === 'dbn') return d.dbn.layers[0].nVisible
  return d.kind === 'autoencoder' ? d.autoencoder.net.inputs : d.classifier.net.inputs
}

/** Encodes the table with the model's preprocessing (or, lacking one, takes its numeric columns as they are). */
function encode(model: LoadedModel, table: Table): { data: IndexedDataset | { rows: number; x: Float32Array; sourceRows: Int32Array; hasTarget: false }; pre: Preprocessing | null } {
  const inputs = inputsOf(model)
  const pre = preprocessingOf(model)
  if (pre) {
    const data = applyPreprocessing(pre, table, { requireTarget: false })
    if (data.inputs !== inputs) throw new UserError(`${table.name}: the data encodes to ${data.inputs} inputs but the model takes ${inputs}.`)
    return { data, pre }
  }
  if (model.kind === 'mlp' || model.kind === 'dbn-classifier') {
    throw new UserError('This model file has no preprocessing section, so raw rows cannot be encoded for it (was it saved by Layerwise?).')
  }
  const numeric = table.columns.filter((c) => c.type === 'numeric')
  if (numeric.length !== inputs) throw new UserError(`${table.name}: the model has no stored preprocessing and takes ${inputs} inputs, but the file has ${numeric.length} numeric columns.`)
  const x = new Float32Array(table.rows * inputs)
  numeric.forEach((c, j) => {
    for (let r = 0; r < table.rows; r++) x[r * inputs + j] = c.values[r] as number
  })
  if (x.some((v) => !Number.isFinite(v))) throw new UserError(`${table.name}: a value is missing or not a finite number, and the model has no stored fill values.`)
  return { data: { rows: table.rows, x, sourceRows: Int32Array.from({ length: table.rows }, (_, i) => i), hasTarget: false }, pre: null }
}

function argmax(p: ArrayLike<number>, from: number, n: number): number {
  let best = 0
  for (let k = 1; k < n; k++) if (p[from + k]! > p[from + best]!) best = k
  return best
}

function classify(probs: Float32Array, outputs: number, data: IndexedDataset | { rows: number; hasTarget: false; sourceRows: Int32Array }, labels: string[]): Predictions {
  const classes = outputs === 1 ? 2 : outputs
  const names = Array.from({ length: classes }, (_, k) => labels[k] ?? String(k))
  const predicted = new Int32Array(data.rows)
  const rows: PredictionRow[] = []
  const actual = 'labels' in data && data.hasTarget ? data.labels : undefined
  for (let r = 0; r < data.rows; r++) {
    // one sigmoid unit gives p(class 1); p(class 0) = 1 − p
    const p = outputs === 1 ? [1 - probs[r]!, probs[r]!] : Array.from(probs.subarray(r * outputs, (r + 1) * outputs))
    predicted[r] = argmax(p, 0, classes)
    rows.push({ row: data.sourceRows[r]! + 1, values: p, predicted: names[predicted[r]!]!, actual: actual ? names[actual[r]!]! : null })
  }
  const confusion = actual && data.rows > 0 ? confusionMatrix(actual, predicted, classes) : null
  const accuracy = confusion ? confusion.reduce((s, row, i) => s + row[i]!, 0) / data.rows : null
  return { mode: 'classification', columns: names.map((n) => `p(${n})`), rows, total: data.rows, skipped: 0, labels: names, accuracy, confusion, metrics: confusion ? classificationMetrics(confusion) : null, regression: null, threshold: null }
}

function regress(y: Float32Array, outputs: number, data: IndexedDataset, pre: Preprocessing): Predictions {
  const rows: PredictionRow[] = []
  for (let r = 0; r < data.rows; r++) {
    rows.push({ row: data.sourceRows[r]! + 1, values: Array.from(y.subarray(r * outputs, (r + 1) * outputs)), predicted: null, actual: data.hasTarget ? String(data.y[r * outputs]) : null })
  }
  const columns = outputs === 1 ? [`predicted ${pre.target.name}`] : Array.from({ length: outputs }, (_, k) => `predicted ${pre.target.name}[${k}]`)
  const regression = data.hasTarget && data.rows > 0 ? regressionMetrics(y, data.y) : null
  return { mode: 'regression', columns, rows, total: data.rows, skipped: 0, labels: null, accuracy: null, confusion: null, metrics: null, regression, threshold: null }
}

function reconstruction(d: DbnFamilyModel, x: Float32Array, rows: number, sourceRows: Int32Array): Predictions {
  const reconstructor = d.kind === 'rbm' ? d.rbm : d.kind === 'dbn' ? d.dbn : d.kind === 'autoencoder' ? d.autoencoder : null
  if (!reconstructor) throw new UserError('This model does not reconstruct its input.')
  const errors = anomalyScores(reconstructor, x, rows, 'recon')
  const stored = (d.metrics as { threshold?: unknown } | undefined)?.threshold
  const threshold = typeof stored === 'number' ? stored : rows > 0 ? percentile(errors, ANOMALY_PERCENTILE) : null
  // the anomaly score: the row's error relative to the threshold (≥ 1 = flagged)
  const out: PredictionRow[] = []
  for (let r = 0; r < rows; r++) {
    const e = errors[r]!
    const score = threshold && threshold > 0 ? e / threshold : 0
    out.push({ row: sourceRows[r]! + 1, values: [e, score], predicted: threshold !== null && e >= threshold ? 'anomaly' : 'normal', actual: null })
  }
  return { mode: 'reconstruction', columns: ['reconstruction error', 'anomaly score'], rows: out, total: rows, skipped: 0, labels: null, accuracy: null, confusion: null, metrics: null, regression: null, threshold }
}

/** Predicts on every row of `table` that has the model's features. */
export function predictTable(model: LoadedModel, table: Table): Predictions {
  const { data, pre } = encode(model, table)
  const skipped = table.rows - data.rows
  let result: Predictions
  if (model.kind === 'mlp') {
    const y = model.net.predict(data.x, data.rows)
    const task = pre!.target.task
    result = task === 'regression' ? regress(y, model.net.outputs, data as IndexedDataset, pre!) : classify(y, model.net.outputs, data, pre!.target.labels ?? [])
  } else if (model.kind === 'dbn-classifier' && model.dbn.kind === 'dbn-classifier') {
    const c = model.dbn.classifier
    result = classify(classProbabilities(c, data.x, data.rows), c.classes, data, pre?.target.labels ?? [])
  } else {
    result = reconstruction(model.dbn, data.x, data.rows, data.sourceRows)
  }
  return { ...result, skipped }
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

/** All predictions as CSV: row, the value columns, predicted (and actual when known). */
export function predictionsCsv(p: Predictions): string {
  const hasPredicted = p.mode !== 'regression'
  const hasActual = p.rows.some((r) => r.actual !== null)
  const header = ['row', ...p.columns, ...(hasPredicted ? ['predicted'] : []), ...(hasActual ? ['actual'] : [])]
  const lines = [header.map(csvField).join(',')]
  for (const r of p.rows) {
    const cells = [String(r.row), ...r.values.map((v) => String(v))]
    if (hasPredicted) cells.push(csvField(r.predicted ?? ''))
    if (hasActual) cells.push(csvField(r.actual ?? ''))
    lines.push(cells.join(','))
  }
  return lines.join('\n') + '\n'
}
