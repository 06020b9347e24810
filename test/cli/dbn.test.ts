import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dbnCommand } from '../../src/cli/dbn'
import { commands } from '../../src/cli/commands'
import { CliError } from '../../src/cli/cli-error'
import { loadDbnModel } from '../../src/engine/rbm'
import { naiveKernels } from '../../src/engine/kernels/naive'

let dir: string
const path = (name: string) => join(dir, name)
const json = (name: string) => JSON.parse(readFileSync(path(name), 'utf8'))
const csvRows = (name: string) => readFileSync(path(name), 'utf8').trim().split('\n').map((l) => l.split(','))

/** Runs `layerwise dbn …` with stdout/stderr captured. */
async function dbn(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { code: await dbnCommand.run(argv), stdout }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

/**
 * 4×4 images of one bar: row r holds horizontal bar r % 4 for "h" rows and vertical bar r % 4 for "v" rows.
 * `kinds` picks which bars appear (cycling), so every file has exactly 4 ones per row.
 */
function barsCsv(rows: number, kinds: ('h' | 'v')[]): string {
  const header = [...Array.from({ length: 16 }, (_, p) => `p${p}`), 'label'].join(',')
  const lines = [header]
  for (let r = 0; r < rows; r++) {
    const kind = kinds[Math.floor(r / 4) % kinds.length]!
    const line = r % 4
    const pixels = Array.from({ length: 16 }, (_, p) => ((kind === 'h' ? Math.floor(p / 4) : p % 4) === line ? 1 : 0))
    lines.push([...pixels, kind].join(','))
  }
  return lines.join('\n') + '\n'
}

const small = ['--layers', '8,4', '--rbm-epochs', '30', '--lr', '0.1', '--batch', '16', '--quiet']

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerwise-dbn-'))
  writeFileSync(path('bars.csv'), barsCsv(240, ['h', 'v']))
  writeFileSync(path('h.csv'), barsCsv(200, ['h']))
  writeFileSync(path('mixed.csv'), barsCsv(80, ['h', 'h', 'h', 'v']))
  await dbn('train', '--data', path('bars.csv'), '--target', 'label', ...small, '--finetune-epochs', '30', '--finetune-lr', '0.01', '--denoise', 'saltpepper:0.1', '--out', path('ae.json'), '--report', path('ae-report.json'))
  await dbn('train', '--data', path('h.csv'), '--target', 'label', ...small, '--finetune-epochs', '40', '--finetune-lr', '0.01', '--out', path('h.json'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('layerwise dbn train', () => {
  it('is registered as the dbn command', () => {
    expect(commands.dbn).toBe(dbnCommand)
  })

  it('reports every RBM epoch of every layer with its monitors, then every fine-tuning epoch', () => {
    const report = json('ae-report.json')
    expect(report.pretrainEpochs.map((e: { layer: number; epoch: number }) => `${e.layer}.${e.epoch}`)).toEqual([1, 2].flatMap((l) => Array.from({ length: 30 }, (_, e) => `${l}.${e + 1}`)))
    expect(Object.keys(report.pretrainEpochs[0]).sort()).toEqual(['epoch', 'freeEnergyTrain', 'freeEnergyVal', 'layer', 'learningRate', 'momentum', 'pseudoLogLikelihood', 'reconstructionError', 'samples'.concat('PerSecond'), 'seconds'].sort())
    expect(report.fineTuneEpochs).toHaveLength(30)
    expect(report.stoppedBy).toBe('epochs')
  })

  it('saves an autoencoder whose preprocessing keeps --target out of the 16 inputs', () => {
    const model = loadDbnModel(readFileSync(path('ae.json'), 'utf8'), naiveKernels)
    expect(model.kind).toBe('autoencoder')
    expect(model.preprocessing!.features.map((f) => f.name)).toEqual(Array.from({ length: 16 }, (_, p) => `p${p}`))
    // Pixels already in [0, 1] are not rescaled.
    expect(model.preprocessing!.scaling).toBe('none')
    expect(json('ae-report.json').model.sizes).toEqual([16, 8, 4])
  })

  it('fine-tunes a classifier on --target and reports its test accuracy', async () => {
    const { code, stdout } = await dbn('train', '--data', path('bars.csv'), '--target', 'label', '--classifier', '--layers', '8', '--rbm-epochs', '10', '--lr', '0.1', '--batch', '16', '--finetune-epochs', '60', '--finetune-lr', '0.01', '--quiet', '--out', path('clf.json'), '--report', path('clf-report.json'))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^dbn-classifier 16-8 → 2 classes: 10 RBM epochs, 60 fine-tuning epochs .*; test accuracy 1\.0000\n$/)
    expect(json('clf-report.json').labels).toEqual(['h', 'v'])
  })

  it('without --target uses every column as an input, min-max scaled when values leave [0, 1]', async () => {
    const lines = ['a,b,c', ...Array.from({ length: 60 }, (_, r) => `${r % 2 ? 10 : 0},${r % 3},${r % 2 ? -5 : 5}`)]
    writeFileSync(path('plain.csv'), lines.join('\n') + '\n')
    expect((await dbn('train', '--data', path('plain.csv'), '--layers', '2', '--rbm-epochs', '2', '--finetune-epochs', '0', '--quiet', '--out', path('plain.json'))).code).toBe(0)
    const model = loadDbnModel(readFileSync(path('plain.json'), 'utf8'), naiveKernels)
    expect(model.kind).toBe('rbm')
    expect(model.preprocessing!.features.map((f) => f.name)).toEqual(['a', 'b', 'c'])
    expect(model.preprocessing!.scaling).toBe('minmax')
  })

  it('refuses --denoise with --classifier as a usage error', async () => {
    await expect(dbn('train', '--data', path('bars.csv'), '--target', 'label', '--classifier', '--denoise', 'saltpepper:0.2', '--layers', '4', '--out', path('x.json'))).rejects.toThrow(
      new CliError('--denoise applies to autoencoder fine-tuning: drop --classifier and keep --finetune-epochs above 0.', 2),
    )
  })

  it('refuses a malformed --layers and an unknown subcommand', async () => {
    await expect(dbn('train', '--data', path('bars.csv'), '--layers', '256:relu', '--out', path('x.json'))).rejects.toThrow('--layers must be hidden sizes separated by commas, e.g. 256,64, not "256:relu".')
    await expect(dbn('fit')).rejects.toThrow('dbn: unknown subcommand "fit"; choose one of train, denoise, anomaly, sample.')
  })
})

describe('layerwise dbn denoise', () => {
  it('reports MSE and PSNR of the noisy rows against the clean ones (mask:1 zeroes the 4 lit pixels of 16)', async () => {
    await dbn('denoise', '--model', path('ae.json'), '--data', path('bars.csv'), '--noise', 'mask:1', '--report', path('mask.json'))
    const report = json('mask.json')
    expect(report.rows).toBe(240)
    expect(report.mseNoisy).toBe(0.25)
    expect(report.psnrNoisy).toBeCloseTo(10 * Math.log10(4), 12)
  })

  it('a denoising autoencoder more than halves the error of salt-and-pepper noise; the rows are written as CSV', async () => {
    const { code } = await dbn('denoise', '--model', path('ae.json'), '--data', path('bars.csv'), '--noise', 'saltpepper:0.1', '--seed', '3', '--out', path('recon.csv'), '--report', path('sp.json'))
    expect(code).toBe(0)
    const report = json('sp.json')
    expect(report.mseReconstruction).toBeLessThan(report.mseNoisy / 2)
    expect(report.psnrReconstruction).toBeCloseTo(10 * Math.log10(1 / report.mseReconstruction), 12)
    const rows = csvRows('recon.csv')
    expect(rows[0]).toEqual(['row', ...Array.from({ length: 16 }, (_, p) => `p${p}`)])
    expect(rows).toHaveLength(241)
    expect(rows[1]![0]).toBe('1')
  })

  it('refuses an unknown noise with the accepted forms', async () => {
    await expect(dbn('denoise', '--model', path('ae.json'), '--data', path('bars.csv'), '--noise', 'blur:1')).rejects.toThrow('--noise: Noise "blur:1": unknown kind "blur". Use saltpepper:RATE, gaussian:SIGMA[:noclip] or mask:RATE')
  })

  it('refuses a classifier model, which does not reconstruct', async () => {
    await expect(dbn('denoise', '--model', path('clf.json'), '--data', path('bars.csv'), '--noise', 'mask:0.1')).rejects.toThrow(/does not reconstruct/)
  })
})

describe('layerwise dbn anomaly', () => {
  it('separates vertical bars from a model of horizontal ones: AUC, threshold from the training scores, confusion matrix', async () => {
    const { code, stdout } = await dbn('anomaly', '--model', path('h.json'), '--data', path('mixed.csv'), '--labels', 'label', '--positive', 'v', '--percentile', '99', '--out', path('scores.csv'), '--report', path('anomaly.json'))
    expect(code).toBe(0)
    const report = json('anomaly.json')
    expect(report.thresholdFrom).toBe('training')
    expect(report.auc).toBe(1)
    expect(stdout).toContain('AUC 1.0000')
    // Rows 13–16, 29–32, … hold the vertical bars: 20 anomalies among 80 rows.
    const c = report.confusion
    expect([c.tp + c.fn, c.fp + c.tn]).toEqual([20, 60])
    expect(report.confusionMatrix.counts).toEqual([[c.tn, c.fp], [c.fn, c.tp]])
    const flagged = report.scores.flatMap((s: number, i: number) => (s >= report.threshold ? [i + 1] : []))
    expect(report.flaggedRows).toEqual(flagged)
    const rows = csvRows('scores.csv')
    expect(rows[0]).toEqual(['row', 'score', 'flagged', 'anomaly'])
    expect(rows[13]).toEqual(['13', String(report.scores[12]), report.scores[12] >= report.threshold ? '1' : '0', '1'])
  })

  it('scores by free energy too', async () => {
    await dbn('anomaly', '--model', path('h.json'), '--data', path('mixed.csv'), '--labels', 'label', '--positive', 'v', '--score', 'energy', '--report', path('energy.json'))
    expect(json('energy.json').auc).toBeGreaterThan(0.9)
  })

  it('asks for --positive when the label column is not 0/1-like', async () => {
    await expect(dbn('anomaly', '--model', path('h.json'), '--data', path('mixed.csv'), '--labels', 'label')).rejects.toThrow(/row 1 holds "h"; use 1\/0, true\/false, yes\/no or anomaly\/normal, or say which value is the anomaly with --positive VALUE/)
  })
})

describe('layerwise dbn sample', () => {
  it('writes --count samples of 16 pixels in [0, 1] as CSV', async () => {
    const { code } = await dbn('sample', '--model', path('ae.json'), '--count', '5', '--gibbs-steps', '50', '--out', path('samples.csv'))
    expect(code).toBe(0)
    const rows = csvRows('samples.csv')
    expect(rows).toHaveLength(6)
    expect(rows[0]).toHaveLength(16)
    expect(rows.slice(1).flat().map(Number).every((v) => v >= 0 && v <= 1)).toBe(true)
  })

  it('refuses a missing model file', async () => {
    await expect(dbn('sample', '--model', path('nope.json'))).rejects.toThrow(`--model: cannot read "${path('nope.json')}" (no such file).`)
  })
})
