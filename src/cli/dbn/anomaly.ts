/**
 * `layerwise dbn anomaly`: anomaly score per row (reconstruction error or the first RBM's free energy),
 * threshold = a percentile of the training rows' scores (stored in the model by `dbn train`; a model
 * without them falls back to the scored rows' own scores, and the report says so), flagged rows, and with
 * a label column the ROC AUC and the confusion matrix at the threshold.
 */
import { parseArgs } from 'node:util'
import { anomalyScores, confusionAt, percentile, roc, type ScoreKind } from '../../engine/rbm'
import type { Column, Table } from '../../main/data'
import { cellText } from '../../main/data'
import { loadKernels } from '../../main/training/kernels'
import { CliError } from '../cli-error'
import { choiceOption, numberOption } from '../args'
import { loadTable } from '../load-data'
import { writeJson } from '../model-file'
import { csvField, encodeForDbn, fromGrid, readDbnModel, reconstructorOf, stackOf, trainingGrid, writeText } from './common'

export const anomalyUsage = `Usage: layerwise dbn anomaly --model DBN.json --data FILE [options]
  --score recon|energy   reconstruction error per row (default) or the first RBM's free energy
  --percentile 99        threshold = this percentile of the training rows' scores
  --labels COL           column marking anomalies (1/0, true/false, yes/no, anomaly/normal): adds AUC and the confusion matrix
  --positive VALUE       with --labels: the value that marks an anomaly (e.g. a digit), every other value is normal
  --out SCORES.csv  --report R.json`

const POSITIVE = new Set(['1', 'true', 'yes', 'anomaly', 'outlier'])
const NEGATIVE = new Set(['0', 'false', 'no', 'normal', 'inlier'])

export async function dbnAnomaly(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' }, data: { type: 'string' }, labels: { type: 'string' }, positive: { type: 'string' }, score: { type: 'string' },
      percentile: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, help: { type: 'boolean' },
    },
  })
  if (values.help) return (process.stdout.write(anomalyUsage + '\n'), 0)
  if (!values.model || !values.data) throw new CliError('dbn anomaly needs --model DBN.json and --data FILE.', 2)
  if (values.positive !== undefined && values.labels === undefined) throw new CliError('--positive needs --labels COL.', 2)
  const kind = choiceOption('score', values.score, ['recon', 'energy'] as const, 'recon' as ScoreKind)
  const pct = numberOption('percentile', values.percentile, 99, { min: 0, max: 100 })
  const model = await readDbnModel(values.model, await loadKernels('wasm'))
  const { table } = await loadTable(values.data)
  const data = encodeForDbn(model, table)
  const recon = reconstructorOf(model)
  const stack = stackOf(model)
  const scorer = kind === 'recon' ? recon : stack
  if (!scorer) {
    throw new CliError(kind === 'recon' ? 'a DBN classifier does not reconstruct its input; use --score energy.' : 'this model has no RBM stack (saved without its pretrained layers), so it has no free energy; use --score recon.')
  }
  const scores = anomalyScores(scorer, data.x, data.rows, kind)
  const labels = values.labels === undefined ? undefined : anomalyLabels(table, values.labels, data.sourceRows, values.positive)
  const grid = trainingGrid(model, kind)
  const threshold = grid ? fromGrid(grid, pct) : percentile(scores, pct)
  const flaggedRows: number[] = []
  scores.forEach((v, i) => v >= threshold && flaggedRows.push(data.sourceRows[i]! + 1))
  let auc: number | null = null
  if (labels) {
    try {
      auc = roc(scores, labels).auc
    } catch (error) {
      throw new CliError(`--labels: ${(error as Error).message}`)
    }
  }
  const c = labels ? confusionAt(scores, labels, threshold) : null
  const found = { auc }
  process.stdout.write(
    `${data.rows} rows scored by ${kind === 'recon' ? 'reconstruction error' : 'free energy'}; threshold ${threshold.toPrecision(5)} (${pct}th percentile of ${grid ? 'the training rows' : "this file's rows: the model has no training scores"}); ${flaggedRows.length} flagged` +
      (found.auc !== null && c ? `; AUC ${found.auc.toFixed(4)}; at the threshold TP ${c.tp} FP ${c.fp} TN ${c.tn} FN ${c.fn}` : '') + '\n',
  )
  if (values.out) {
    const lines = [['row', 'score', 'flagged', ...(labels ? ['anomaly'] : [])].join(',')]
    for (let i = 0; i < data.rows; i++) lines.push([String(data.sourceRows[i]! + 1), String(scores[i]), scores[i]! >= threshold ? '1' : '0', ...(labels ? [String(labels[i])] : [])].join(','))
    await writeText(values.out, lines.join('\n') + '\n')
  }
  if (values.report) {
    await writeJson(values.report, {
      rows: data.rows,
      score: kind,
      percentile: pct,
      threshold,
      thresholdFrom: grid ? 'training' : 'data',
      flaggedRows,
      scores: Array.from(scores),
      ...(labels && c ? { auc: found.auc, confusionMatrix: { labels: ['normal', 'anomaly'], counts: [[c.tn, c.fp], [c.fn, c.tp]] }, confusion: c } : {}),
    })
  }
  return 0
}

/** 1 = anomaly, 0 = normal per encoded row, read from the raw table's column `name`. */
function anomalyLabels(table: Table, name: string, rows: Int32Array, positive: string | undefined): Int8Array {
  const column: Column | undefined = table.columns.find((c) => c.name === name)
  if (!column) throw new CliError(`--labels: there is no column "${name}" (columns: ${table.columns.slice(0, 8).map((c) => csvField(c.name)).join(', ')}${table.columns.length > 8 ? ', …' : ''}).`)
  const out = new Int8Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const text = cellText(column, rows[i]!)
    if (text === null) throw new CliError(`--labels: row ${rows[i]! + 1} has no value in "${name}".`)
    if (positive !== undefined) {
      out[i] = text === positive ? 1 : 0
      continue
    }
    const key = text.trim().toLowerCase()
    if (POSITIVE.has(key)) out[i] = 1
    else if (!NEGATIVE.has(key)) throw new CliError(`--labels: row ${rows[i]! + 1} holds "${text}"; use 1/0, true/false, yes/no or anomaly/normal, or say which value is the anomaly with --positive VALUE.`)
  }
  return out
}
