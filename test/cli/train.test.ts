import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { trainCommand } from '../../src/cli/train'
import { evaluateCommand } from '../../src/cli/evaluate'
import { predictCommand } from '../../src/cli/predict'
import { CliError } from '../../src/cli/cli-error'

let dir: string
const path = (name: string) => join(dir, name)
const json = (name: string) => JSON.parse(readFileSync(path(name), 'utf8'))

/** Runs a command with stdout/stderr captured. */
async function run(command: { run(argv: string[]): Promise<number> }, argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { code: await command.run(argv), stdout }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

const irisArgs = ['--data', 'builtin:iris', '--layers', '16:tanh,3:softmax', '--optimizer', 'adam', '--lr', '0.01', '--epochs', '60', '--batch', '16', '--quiet']

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-cli-'))
  await run(trainCommand, [...irisArgs, '--out', path('iris.json'), '--report', path('report.json')])
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('layerwise train', () => {
  it('writes a report with every epoch, the test confusion matrix and metrics', () => {
    const report = json('report.json')
    expect(report.epochs).toHaveLength(60)
    expect(Object.keys(report.epochs[0]).sort()).toEqual(['epoch', 'seconds', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss'])
    expect(report.stoppedBy).toBe('epochs')
    expect(report.samplesPerSecond).toBeGreaterThan(0)
    expect(report.test.labels).toEqual(['setosa', 'versicolor', 'virginica'])
    // 20% of 150 rows, stratified: 10 per class.
    expect(report.test.confusionMatrix.map((row: number[]) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10])
    const diagonal = report.test.confusionMatrix.reduce((s: number, row: number[], i: number) => s + row[i]!, 0)
    expect(report.test.accuracy).toBeCloseTo(diagonal / 30, 12)
    expect(report.test.metrics.overallAccuracy).toBeCloseTo(report.test.accuracy, 12)
    expect(report.test.accuracy).toBeGreaterThan(0.85)
  })

  it('is deterministic: the same seed and settings give the same model file', async () => {
    await run(trainCommand, [...irisArgs, '--out', path('again.json')])
    expect(readFileSync(path('again.json'), 'utf8')).toBe(readFileSync(path('iris.json'), 'utf8'))
  })

  it('stores the preprocessing so that prediction applies the same transform', () => {
    const model = json('iris.json')
    expect(model.format).toBe('layerwise-model')
    expect(model.preprocessing.scaling).toBe('zscore')
    expect(model.preprocessing.target).toEqual({ name: 'species', task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] })
  })

  it('fine-tunes from --init: the first epoch starts from the saved weights', async () => {
    const oneEpoch = ['--data', 'builtin:iris', '--optimizer', 'adam', '--lr', '0.0001', '--epochs', '1', '--batch', '16', '--quiet']
    await run(trainCommand, [...oneEpoch, '--init', path('iris.json'), '--report', path('init.json')])
    const fresh = json('report.json').epochs[0].trainLoss
    const resumed = json('init.json').epochs[0].trainLoss
    expect(resumed).toBeLessThan(fresh / 2)
  })

  it('refuses bad input with one clear sentence', async () => {
    await expect(run(trainCommand, ['--data', path('missing.csv')])).rejects.toThrow(new CliError(`--data: cannot read "${path('missing.csv')}" (no such file).`))
    await expect(run(trainCommand, [...irisArgs, '--lr', 'fast'])).rejects.toThrow('--lr must be a number from 1e-12 to 1000, not "fast".')
    await expect(run(trainCommand, ['--data', 'builtin:iris', '--layers', '16:wiggle,3:softmax'])).rejects.toThrow(/unknown activation "wiggle"/)
    await expect(run(trainCommand, ['--data', 'builtin:iris', '--val', '0.5', '--test', '0.5'])).rejects.toThrow('leave no rows to train on')
    writeFileSync(path('ragged.csv'), 'a,b,c\n1,2,x\n3,4\n')
    await expect(run(trainCommand, ['--data', path('ragged.csv')])).rejects.toBeInstanceOf(CliError)
  })
})

describe('layerwise evaluate and predict', () => {
  it('evaluates a model on labelled rows and reports its confusion matrix', async () => {
    const { stdout } = await run(evaluateCommand, ['--model', path('iris.json'), '--data', 'builtin:iris', '--report', path('eval.json')])
    const report = json('eval.json')
    expect(report.rows).toBe(150)
    expect(report.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(150)
    expect(stdout).toContain('150 rows')
    expect(stdout).toMatch(/setosa\s+\d+\s+\d+\s+\d+/)
  })

  it('predicts probabilities that sum to 1 and the arg-max label for every row', async () => {
    await run(predictCommand, ['--model', path('iris.json'), '--data', 'builtin:iris', '--out', path('pred.csv')])
    const [header, ...rows] = readFileSync(path('pred.csv'), 'utf8').trim().split('\n')
    expect(header).toBe('row,p(setosa),p(versicolor),p(virginica),predicted')
    expect(rows).toHaveLength(150)
    for (const line of rows) {
      const cells = line.split(',')
      const p = cells.slice(1, 4).map(Number)
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
      expect(cells[4]).toBe(['setosa', 'versicolor', 'virginica'][p.indexOf(Math.max(...p))])
    }
  })

  it('refuses a file that is not a model', async () => {
    writeFileSync(path('bad.json'), JSON.stringify({ format: 'keras', version: 1 }))
    await expect(run(evaluateCommand, ['--model', path('bad.json'), '--data', 'builtin:iris'])).rejects.toThrow(/--model ".*bad\.json": /)
  })
})
