import { describe, expect, it } from 'vitest'
import { estimateCommand } from '../../src/cli/estimate'
import { dbnFromArg } from '../../src/cli/estimate-dbn'
import { CliError } from '../../src/cli/cli-error'
import { useEstimateCli } from '../helpers/estimate-cli'

const cli = useEstimateCli('estimate-dbn-cli-')

type Json = Record<string, unknown> & {
  layers: Record<string, number>[]
  layerModel: Record<string, number>
  flopModel: Record<string, number> | null
  fineTune: Record<string, unknown> | null
}

const json = (argv: string[]) => cli.json<Json>(argv)

describe('layerwise estimate --dbn', () => {
  it('reads the visible width and the hidden widths bottom first', () => {
    expect(dbnFromArg('784,256,64')).toEqual({ inputs: 784, layers: [256, 64] })
    expect(() => dbnFromArg('784')).toThrow(CliError)
    expect(() => dbnFromArg('784,2.5')).toThrow(CliError)
  })

  it('prints the RBMs of 784-256-64 with their CD-1 FLOPs per sample and the parameters', async () => {
    const r = await json(['--dbn', '784,256,64', '--samples', '8000', '--batch', '64', '--epochs', '5'])
    expect(r.kind).toBe('dbn')
    expect(r.layers.map((l) => [l.visible, l.hidden, l.k])).toEqual([[784, 256, 1], [256, 64, 1]])
    // CD-1 per sample: 2vh+4h+2h + (4vh+4v+4h) + 3v+4h+4vh = 10vh + 7v + 14h
    expect(r.layers[0].flopsPerSample).toBe(10 * 784 * 256 + 7 * 784 + 14 * 256)
    expect(r.flopsPerSample).toBe(r.layers[0].flopsPerSample + 10 * 256 * 64 + 7 * 256 + 14 * 64)
    expect(r.parameters).toBe(784 * 256 + 784 + 256 + 256 * 64 + 256 + 64)
    expect(r.parametersWithoutBias).toBe(784 * 256 + 256 * 64)
  })

  it('gives the layer model t = 0.01 · 2 · (8000/64) · 5 = 12.5 s and its energy at 100 W, PUE 1.5, 400 g/kWh', async () => {
    const r = await json(['--dbn', '784,256,64', '--samples', '8000', '--batch', '64', '--epochs', '5', '--power', '100', '--pue', '1.5', '--carbon', '400'])
    expect(r.layerModel.seconds).toBeCloseTo(12.5, 12)
    expect(r.layerModel.joules).toBeCloseTo(1875, 9)
    expect(r.layerModel.kWh).toBeCloseTo(1875 / 3.6e6, 15)
    expect(r.layerModel.co2Grams).toBeCloseTo((1875 / 3.6e6) * 400, 12)
    expect(r.layers.map((l) => l.layerModelSeconds)).toEqual([6.25, 6.25])
  })

  it('counts CD-3 with --cd-k 3: 2vh+6h + 3(4vh+4v+4h) + 2(2v+2h) + 3v+4h+4vh per sample', async () => {
    const r = await json(['--dbn', '20,8', '--samples', '100', '--batch', '10', '--epochs', '1', '--cd-k', '3'])
    const [v, h] = [20, 8]
    expect(r.layers[0].flopsPerSample).toBe(2 * v * h + 6 * h + 3 * (4 * v * h + 4 * v + 4 * h) + 2 * (2 * v + 2 * h) + 3 * v + 4 * h + 4 * v * h)
  })

  it('adds the fine-tuning of the unrolled autoencoder 784-256-64-256-784 and its layer-model term', async () => {
    const r = await json(['--dbn', '784,256,64', '--samples', '8000', '--batch', '64', '--epochs', '5', '--fine-tune', 'autoencoder', '--fine-tune-epochs', '3'])
    expect(r.fineTune?.widths).toEqual([784, 256, 64, 256, 784])
    expect(r.layerModel.seconds).toBeCloseTo(12.5 + 0.01 * 4 * 125 * 3, 12)
    expect(r.totalFlops).toBeGreaterThan(r.layers.reduce((s, l) => s + l.trainFlops, 0))
  })

  it('has no calibrated model without a calibration', async () => {
    expect((await json(['--dbn', '784,64', '--samples', '100', '--batch', '10', '--epochs', '1'])).flopModel).toBeNull()
  })

  it('calibrates with --calibrate and then estimates with the calibrated model', async () => {
    const r = await json(['--dbn', '30,8,4', '--samples', '200', '--batch', '16', '--epochs', '2', '--calibrate'])
    expect(r.flopModel).not.toBeNull()
    expect(r.flopModel!.seconds).toBeGreaterThan(0)
    expect(r.layers.every((l) => l.flopModelSeconds > 0)).toBe(true)
  }, 20_000)

  it('refuses a missing --samples and a bad --fine-tune as usage errors (exit 2)', async () => {
    await expect(estimateCommand.run(['--dbn', '784,64', '--batch', '10', '--epochs', '1'])).rejects.toMatchObject({ exitCode: 2 })
    await expect(estimateCommand.run(['--dbn', '784,64', '--samples', '10', '--batch', '10', '--epochs', '1', '--fine-tune', 'both'])).rejects.toMatchObject({ exitCode: 2 })
  })
})
