/** `layerwise serve [--port N]`: the web host, until interrupted. */
import { parseArgs } from 'node:util'
import { serve } from '../main/web/serve'
import { CliError } from './cli-error'
import type { Command } from './commands'

export const serveCommand: Command = {
  summary: 'start the web host on 127.0.0.1 and print its URL with the access token',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, help: { type: 'boolean' } }, strict: true })
    if (values.help) {
      process.stdout.write('Usage: layerwise serve [--port N]\n')
      return 0
    }
    const port = values.port === undefined ? undefined : Number(values.port)
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new CliError(`--port must be an integer from 1 to 65535, not "${values.port}".`, 2)
    const { close } = await serve({ port })
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await close()
    return 0
  },
}
