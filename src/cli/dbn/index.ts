/**
 * `layerwise dbn train | denoise | anomaly | sample`: Deep Belief Nets from the command line (SPEC §4),
 * on the same data pipeline, engine and job code as the app.
 */
import { CliError } from '../cli-error'
import type { Command } from '../commands'
import { anomalyUsage, dbnAnomaly } from './anomaly'
import { dbnDenoise, denoiseUsage } from './denoise'
import { dbnSample, sampleUsage } from './sample'
import { dbnTrain, trainUsage } from './train'

const subcommands: Record<string, (argv: string[]) => Promise<number>> = { train: dbnTrain, denoise: dbnDenoise, anomaly: dbnAnomaly, sample: dbnSample }

const usage = `Usage: layerwise dbn train|denoise|anomaly|sample [options]   (--help after a subcommand for its options)

${trainUsage}

${denoiseUsage}

${anomalyUsage}

${sampleUsage}`

export const dbnCommand: Command = {
  summary: 'Deep Belief Nets: pretrain RBMs and fine-tune (train), denoise, score anomalies, sample',
  async run(argv) {
    const [name, ...rest] = argv
    if (name === undefined || name === '--help' || name === '-h') return (process.stdout.write(usage + '\n'), name === undefined ? 2 : 0)
    const sub = subcommands[name]
    if (!sub) throw new CliError(`dbn: unknown subcommand "${name}"; choose one of ${Object.keys(subcommands).join(', ')}.`, 2)
    return sub(rest)
  },
}
