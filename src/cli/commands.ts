/** The CLI's commands by name. */
import { serveCommand } from './serve'
import { trainCommand } from './train'
import { evaluateCommand } from './evaluate'
import { predictCommand } from './predict'
import { exportCommand } from './export'
import { estimateCommand } from './estimate'
import { dbnCommand } from './dbn'

export interface Command {
  summary: string
  run(argv: string[]): Promise<number>
}

export const commands: Record<string, Command> = {
  train: trainCommand,
  evaluate: evaluateCommand,
  predict: predictCommand,
  export: exportCommand,
  serve: serveCommand,
  estimate: estimateCommand,
  dbn: dbnCommand,
}
