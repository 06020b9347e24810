// The built web host for the browser benchmarks (ui-fps, ui-import): started on a free port, resolved
// with the URL it prints (token included). The end-to-end tests' test/e2e/helpers.ts does the same in TS.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** Starts `out/main/web.js` under `root`; `HOST_LOG=1` forwards its stderr. */
export async function startHost(root) {
  const child = spawn(process.execPath, [join(root, 'out/main/web.js')], { cwd: root, env: { ...process.env, LAYERWISE_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  if (process.env.HOST_LOG) child.stderr.on('data', (c) => process.stderr.write(c))
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)))
  })
  return { child, url }
}
