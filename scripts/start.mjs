// `npm start`: launches the Electron app; where the Electron binary is missing (its download can be
// blocked), says so in one sentence and starts the web host instead.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const electronDir = join(root, 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null

const run = (command, args) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (binary && existsSync(binary)) {
  run(binary, ['.'])
} else {
  process.stdout.write('The Electron binary is not installed on this machine, so Layerwise starts its web host instead: open the URL below in a browser.\n')
  run(process.execPath, [join(root, 'out', 'main', 'web.js')])
}
