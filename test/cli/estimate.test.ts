import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Network, Rng, serializeModel } from '../../src/engine'
import { estimateCommand, networkFromArch } from '../../src/cli/estimate'
import { CliError } from '../../src/cli/cli-error'
import { useEstimateCli } from '../helpers/estimate-cli'

const cli = useEstimateCli('estimate-cli-')

type Json = Record<string, unknown> & { layerModel: Record<string, number>; flopModel: Record<string, number> | null }
const json = (argv: string[]) => cli.json<Json>(argv)

describe('layerwise estimate --arch', () => {
  it('reads the widths as ReLU hidden layers and a softmax output', () => {
    expect(networkFromArch('3,4,2')).toEqual({
      inputs: 3,
      layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'softmax' }],
      loss: 'cce',
    })
    expect(networkFromArch('2,8,1').loss).toBe('bce')
  })

  it('prints the counts of 3-4-2: 26 parameters, 20 without bias, 144 FLOPs per sample', async () => {
    // relu hidden: fwd 24+4+4, bwd 4+24+4; softmax+CCE output: fwd 16+2+10, bwd 16+2+16; loss 14 + 4
    const r = await json(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5'])
    expect(r.parameters).toBe(26)
    expect(r.parametersWithoutBias).toBe(20)
    expect(r.flopsPerSample).toBe(144)
    expect(r.totalFlops).toBe(5 * (100 * 144 + 10 * 26 * 2))
  })

  it('gives the layer model t = 0.01·2·(100/10)·5 = 1 s and its energy at 100 W, PUE 1.5, 400 g/kWh', async () => {
    const r = await json(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5', '--power', '100', '--pue', '1.5', '--carbon', '400'])
    expect(r.layerModel.seconds).toBeCloseTo(1, 12)
    expect(r.layerModel.joules).toBeCloseTo(150, 10)
    expect(r.layerModel.kWh).toBeCloseTo(150 / 3.6e6, 15)
    expect(r.layerModel.co2Grams).toBeCloseTo((150 / 3.6e6) * 400, 12)
  })

  it('has no FLOP model without a calibration', async () => {
    const r = await json(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5'])
    expect(r.flopModel).toBeNull()
  })

  it('calibrates with --calibrate and then estimates with the FLOP model', async () => {
    const r = await json(['--arch', '2,8,1', '--samples', '200', '--batch', '8', '--epochs', '3', '--calibrate'])
    expect(r.flopModel?.seconds).toBeGreaterThan(0)
    cli.clear()
    const cached = await json(['--arch', '2,8,1', '--samples', '200', '--batch', '8', '--epochs', '3'])
    expect(cached.flopModel?.seconds).toBeCloseTo(r.flopModel?.seconds ?? NaN, 12)
  }, 20_000)

  it('prints text with both models when --json is absent', async () => {
    expect(await estimateCommand.run(['--arch', '784,128,10', '--samples', '60000', '--batch', '100', '--epochs', '10'])).toBe(0)
    expect(cli.out).toContain('101,770 parameters (101,632 without bias)')
    expect(cli.out).toContain('Layer model  t = 0.01·2·(60000/100)·10 = 2.0 min')
    expect(cli.out).toContain('FLOP model   not calibrated on this machine yet')
  })
})

describe('layerwise estimate --model', () => {
  it('counts the network of a model file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estimate-model-'))
    const path = join(dir, 'm.json')
    const net = Network.create({ inputs: 784, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'cce' }, new Rng(1))
    writeFileSync(path, JSON.stringify(serializeModel(net)))
    const r = await json(['--model', path, '--samples', '8000', '--batch', '32', '--epochs', '1'])
    expect(r.parameters).toBe(101_770)
  })
})

describe('layerwise estimate: refusals', () => {
  const run = (argv: string[]) => estimateCommand.run(argv)

  it('states the input density: assumed dense without --density, the given value with it', async () => {
    const dense = await json(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5'])
    expect(dense.inputDensity).toEqual({ value: 1, source: 'assumed dense (no data given; set --density or --data)' })
    cli.clear()
    const sparse = await json(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5', '--density', '0.19'])
    expect(sparse.inputDensity).toEqual({ value: 0.19, source: 'given with --density' })
    expect(sparse.correction).toEqual({ factor: 1, reason: 'no run of this network in the calibration' })
  })

  it('refuses a density above 1', async () => {
    await expect(estimateCommand.run(['--arch', '3,4,2', '--samples', '100', '--batch', '10', '--epochs', '5', '--density', '1.5'])).rejects.toThrow(CliError)
  })

  it('needs exactly one of --model and --arch', async () => {
    await expect(run(['--samples', '1', '--batch', '1', '--epochs', '1'])).rejects.toThrow(/exactly one of --model/)
    await expect(run(['--arch', '2,1', '--model', 'x.json', '--samples', '1', '--batch', '1', '--epochs', '1'])).rejects.toBeInstanceOf(CliError)
  })

  it('refuses an --arch with one width and a missing --samples', async () => {
    await expect(run(['--arch', '784', '--samples', '1', '--batch', '1', '--epochs', '1'])).rejects.toThrow(/at least two layer widths/)
    await expect(run(['--arch', '2,1', '--batch', '1', '--epochs', '1'])).rejects.toThrow(/--samples N is required/)
  })

  it('refuses a PUE below 1 and an unreadable model file', async () => {
    await expect(run(['--arch', '2,1', '--samples', '1', '--batch', '1', '--epochs', '1', '--pue', '0.9'])).rejects.toThrow(/--pue must be a number from 1 to 10/)
    await expect(run(['--model', '/nonexistent/m.json', '--samples', '1', '--batch', '1', '--epochs', '1'])).rejects.toThrow(/cannot read/)
  })
})
