import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './helpers'

describe('npm start without the Electron binary', () => {
  it('says so in one sentence and starts the web host, which refuses requests without its token', async () => {
    // This machine has no Electron binary (TOOLCHAIN.md): the fallback is the path a user meets here.
    expect(existsSync(join(root, 'node_modules/electron/path.txt'))).toBe(false)
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = ''
        const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${text}`)), 20_000)
        child.stdout!.on('data', (chunk) => {
          text += chunk
          if (/token=\S+\n/.test(text)) {
            clearTimeout(timer)
            resolve(text)
          }
        })
      })
      const [sentence, urlLine] = output.trim().split('\n')
      expect(sentence).toBe('The Electron binary is not installed on this machine, so Layerwise starts its web host instead: open the URL below in a browser.')
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(urlLine!)![0]
      expect((await fetch(url)).status).toBe(200)
      const { origin } = new URL(url)
      expect((await fetch(origin + '/')).status).toBe(403)
    } finally {
      child.kill('SIGTERM')
    }
  })
})
