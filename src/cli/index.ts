/**
 * `layerwise` — the engine and backend services headless (SPEC §1).
 * Every command exits non-zero with one clear line on stderr when something is wrong.
 */
import { commands } from './commands'
import { CliError } from './cli-error'

const usage = `Usage: layerwise <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Run \`layerwise <command> --help\` for the options of a command.`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage + '\n')
    return name ? 0 : 1
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) throw new CliError(`unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}.`)
  return command.run(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code
  },
  (error: unknown) => {
    const message = error instanceof CliError ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`
    process.stderr.write(`layerwise: ${message}\n`)
    process.exitCode = error instanceof CliError ? error.exitCode : 70
  },
)
