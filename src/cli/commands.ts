/** The CLI's commands by name. */
import { serveCommand } from './serve'

export interface Command {
  summary: string
  run(argv: string[]): Promise<number>
}

export const commands: Record<string, Command> = {
  serve: serveCommand,
}
