/** `layerwise evaluate --model MODEL.json --data FILE [--report R.json]`: loss, accuracy, confusion matrix, metrics. */
import { parseArgs } from 'node:util'
import { classificationMetrics, evaluate, regressionMetrics } from '../engine'
import { loadKernels } from '../main/training/kernels'
import { CliError } from './cli-error'
import { loadTable } from './load-data'
import { readModel, writeJson } from './model-file'
import { encodeForModel } from './encode'
import type { Command } from './commands'

export const evaluateCommand: Command = {
  summary: 'evaluate a model JSON on a labelled file: loss, accuracy, confusion matrix and metrics',
  async run(argv) {
    const { values } = parseArgs({ args: argv, strict: true, options: { model: { type: 'string' }, data: { type: 'string' }, report: { type: 'string' }, help: { type: 'boolean' } } })
    if (values.help) return (process.stdout.write('Usage: layerwise evaluate --model MODEL.json --data FILE [--report R.json]\n'), 0)
    if (!values.model || !values.data) throw new CliError('evaluate needs --model MODEL.json and --data FILE.', 2)
    const { model, net } = await readModel(values.model, await loadKernels('wasm'))
    const { table } = await loadTable(values.data)
    const { data, task, labels } = encodeForModel(model, table, true)
    const result = evaluate(net, data, model.network.loss, task)
    const metrics = result.confusion ? classificationMetrics(result.confusion) : regressionMetrics(net.predict(data.x, data.rows), data.y)
    process.stdout.write(`${data.rows} rows; loss ${result.loss.toPrecision(4)}${result.accuracy !== null ? `; accuracy ${result.accuracy.toFixed(4)}` : ''}\n`)
    if (result.confusion && labels) {
      const width = Math.max(6, ...labels.map((l) => l.length))
      process.stdout.write(`confusion matrix (rows = actual, columns = predicted)\n${''.padEnd(width)} ${labels.map((l) => l.padStart(width)).join(' ')}\n`)
      result.confusion.forEach((row, i) => process.stdout.write(`${labels[i]!.padEnd(width)} ${row.map((c) => String(c).padStart(width)).join(' ')}\n`))
    }
    if (values.report) await writeJson(values.report, { rows: data.rows, loss: result.loss, accuracy: result.accuracy, labels, confusionMatrix: result.confusion, metrics })
    return 0
  },
}
