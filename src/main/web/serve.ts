/** The backend behind a web host, as `npm run web`, `npm start` without Electron and `layerwise serve` use it. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startWebHost } from './server'
import { createBackend } from '../backend'

/** Starts the backend behind a web host and returns a function that shuts both down. */
export async function serve(options: { port?: number; quiet?: boolean } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const host = await startWebHost({ root: rendererRoot(), port: options.port })
  const backend = createBackend({ host: 'web', sink: host.sink })
  host.attach(backend.handlers)
  host.attachUpload((importId, file, offset, bytes) => backend.data.receive(importId, file, offset, bytes))
  if (!options.quiet) process.stdout.write(`Layerwise web host: ${host.url}\n`)
  return {
    url: host.url,
    close: async () => {
      await backend.dispose()
      await host.close()
    },
  }
}


/** The built renderer: `out/renderer`, found from this file whether it was bundled into `out/main` or a chunk below it. */
export function rendererRoot(): string {
  const candidates = [join(import.meta.dirname, '../renderer'), join(import.meta.dirname, '../../renderer'), join(import.meta.dirname, '../../out/renderer'), join(import.meta.dirname, '../../../out/renderer')]
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')))
  if (!found) throw new Error('The built renderer (out/renderer/index.html) is missing: run `npm run build` first.')
  return found
}
