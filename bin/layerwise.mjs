#!/usr/bin/env node
// The `layerwise` command: runs the built CLI (out/main/cli.js), which `npm run build` produces.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('layerwise: the CLI is not built yet; run `npm run build` in the Layerwise folder first.\n')
  process.exit(1)
}
await import(cli)
