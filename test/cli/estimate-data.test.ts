/** `layerwise estimate --data`: N, ρ and the calibration's rows from the prepared training split (issue 8). */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataSource, estimateCommand } from '../../src/cli/estimate'
import { CliError } from '../../src/cli/cli-error'
import { useEstimateCli } from '../helpers/estimate-cli'

const cli = useEstimateCli('estimate-data-')

interface Reply {
  run: { samples: number; batchSize: number }
  inputDensity: { value: number; source: string }
  trainingData: { name: string; rows: number; inputDensity: number; sampleRows: number } | null
  correction: { factor: number; reason: string }
  flopModel: { seconds: number } | null
}

const json = (argv: string[]) => cli.json<Reply>(argv)

/** A CSV of `rows` (inputs a, b) with the label alternating yes / no. */
function csv(name: string, rows: number[][]): string {
  const path = join(cli.dir, name)
  writeFileSync(path, ['a,b,label', ...rows.map((r, i) => `${r.join(',')},${i % 2 === 0 ? 'yes' : 'no'}`)].join('\n') + '\n')
  return path
}

// 10 rows (too few to split: all train); nonzeros 1,2,0,1,1,0,2,1,1,0 = 9 of 20 → ρ = 0.45
const SMALL = [[5, 0], [-3, 2], [0, 0], [0, 7], [1, 0], [0, 0], [4, 4], [0, 1], [9, 0], [0, 0]]

describe('layerwise estimate --data', () => {
  it('takes N = 10 training rows and ρ = 9/20 = 0.45 from an unscaled CSV', async () => {
    const r = await json(['--arch', '2,4,1', '--data', csv('small.csv', SMALL), '--scale', 'none', '--batch', '5', '--epochs', '3'])
    expect(r.run.samples).toBe(10)
    expect(r.inputDensity).toEqual({ value: 0.45, source: 'of the 10 prepared training rows of small.csv' })
    expect(r.trainingData).toEqual({ name: 'small.csv', rows: 10, inputDensity: 0.45, sampleRows: 10 })
  })

  it('prints where ρ came from in the text output', async () => {
    expect(await estimateCommand.run(['--arch', '2,4,1', '--data', csv('small.csv', SMALL), '--scale', 'none', '--batch', '5', '--epochs', '3'])).toBe(0)
    expect(cli.out).toContain('input density ρ = 0.45 (of the 10 prepared training rows of small.csv)')
  })

  it('prepares as layerwise train does: z-scored by default, so no input is exactly 0 (ρ = 1)', async () => {
    const r = await json(['--arch', '2,4,1', '--data', csv('small.csv', SMALL), '--batch', '5', '--epochs', '3'])
    expect(r.inputDensity.value).toBe(1)
  })

  it('holds out --val 0.1 and --test 0.2 of a built-in set named without builtin: (Iris: 35 of each 50 train)', async () => {
    const r = await json(['--arch', '4,8,3', '--data', 'iris', '--batch', '10', '--epochs', '1'])
    expect(r.run.samples).toBe(105)
    expect(r.trainingData?.name).toBe('iris')
  })

  it('keeps --samples and --density when given beside --data', async () => {
    const r = await json(['--arch', '2,4,1', '--data', csv('small.csv', SMALL), '--scale', 'none', '--samples', '500', '--density', '0.2', '--batch', '5', '--epochs', '3'])
    expect(r.run.samples).toBe(500)
    expect(r.inputDensity).toEqual({ value: 0.2, source: 'given with --density' })
  })

  it('refuses data that does not fit the network, naming --data', async () => {
    await expect(estimateCommand.run(['--arch', '3,4,1', '--data', csv('small.csv', SMALL), '--batch', '5', '--epochs', '3'])).rejects.toThrow(/--data: .*has 2 inputs but the network's input layer has 3/)
  })

  it('refuses hold-outs that leave no training rows', async () => {
    await expect(estimateCommand.run(['--arch', '2,4,1', '--data', csv('small.csv', SMALL), '--val', '0.5', '--test', '0.5', '--batch', '5', '--epochs', '3'])).rejects.toBeInstanceOf(CliError)
  })

  it('calibrates on the data’s rows: every row has one zero of two, so the anchor ran at ρ = 0.5 and its κ applies', async () => {
    const half = Array.from({ length: 10 }, (_, r) => (r % 2 === 0 ? [r + 1, 0] : [0, 2 * r]))
    const r = await json(['--arch', '2,4,1', '--data', csv('half.csv', half), '--scale', 'none', '--batch', '5', '--epochs', '3', '--calibrate'])
    expect(r.inputDensity.value).toBe(0.5)
    expect(r.flopModel).not.toBeNull()
    expect(r.correction.reason).toBe('measured/modelled time of this network at batch 5 in the calibration')
  }, 20_000)
})

describe('dataSource', () => {
  it('reads a bare built-in name as builtin:NAME, and leaves files and unknown names alone', () => {
    expect(dataSource('spirals')).toBe('builtin:spirals')
    expect(dataSource('builtin:mnist')).toBe('builtin:mnist')
    expect(dataSource('no-such-set')).toBe('no-such-set')
    const path = csv('spirals', SMALL)
    expect(dataSource(path)).toBe(path)
  })
})
