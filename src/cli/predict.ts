/**
 * `layerwise predict --model MODEL.json --data FILE [--out PRED.csv]`: per row, the class probabilities
 * and the predicted label (classification) or the predicted value (regression), as CSV.
 */
import { parseArgs } from 'node:util'
import { writeFile } from 'node:fs/promises'
import { loadKernels } from '../main/training/kernels'
import { CliError } from './cli-error'
import { loadTable } from './load-data'
import { readModel } from './model-file'
import { encodeForModel } from './encode'
import type { Command } from './commands'

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

export const predictCommand: Command = {
  summary: 'predict with a model JSON on a file; write probabilities and labels (or values) as CSV',
  async run(argv) {
    const { values } = parseArgs({ args: argv, strict: true, options: { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } })
    if (values.help) return (process.stdout.write('Usage: layerwise predict --model MODEL.json --data FILE [--out PRED.csv]\n'), 0)
    if (!values.model || !values.data) throw new CliError('predict needs --model MODEL.json and --data FILE.', 2)
    const { model, net } = await readModel(values.model, await loadKernels('wasm'))
    const { table } = await loadTable(values.data)
    const { data, task, labels } = encodeForModel(model, table, false)
    const y = net.predict(data.x, data.rows)
    const outputs = net.outputs
    const lines: string[] = []
    if (task === 'regression') {
      lines.push('row,predicted')
      for (let r = 0; r < data.rows; r++) lines.push(`${data.sourceRows[r]! + 1},${y[r * outputs]}`)
    } else {
      const names = labels ?? []
      // One sigmoid unit gives p(class 1); p(class 0) = 1 − p.
      const probabilities = (r: number) => (outputs === 1 ? [1 - y[r]!, y[r]!] : Array.from(y.subarray(r * outputs, (r + 1) * outputs)))
      lines.push(['row', ...names.map((n) => csvField(`p(${n})`)), 'predicted'].join(','))
      for (let r = 0; r < data.rows; r++) {
        const p = probabilities(r)
        let best = 0
        for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k
        lines.push([String(data.sourceRows[r]! + 1), ...p.map((v) => String(v)), csvField(names[best] ?? String(best))].join(','))
      }
    }
    const text = lines.join('\n') + '\n'
    if (values.out) await writeFile(values.out, text)
    else process.stdout.write(text)
    return 0
  },
}
