import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atomicWriteFile, removeStaleTemps } from '../../../src/main/services/atomic-write'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'layerwise-atomic-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const child = join(import.meta.dirname, 'write-and-hang.ts')

describe('atomicWriteFile', () => {
  it('replaces the file with the new text', async () => {
    const file = join(dir, 'p.layerwise.json')
    writeFileSync(file, 'old')
    await atomicWriteFile(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
  })

  it('leaves the old file intact when the process is killed between temp-write and rename', async () => {
    const file = join(dir, 'p.layerwise.json')
    writeFileSync(file, '{"old":true}')
    const proc = spawn(process.execPath, ['--import', 'tsx', child, file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    proc.stderr.on('data', (c) => (err += c))
    // The child prints the temp path once the new content is durable, then hangs before renaming.
    const temp = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
      proc.once('exit', (code) => reject(new Error(`child exited (${code}) before writing: ${err}`)))
    })
    expect(readFileSync(temp, 'utf8')).toBe('{"new":true}')
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGKILL')
    await exited
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}')
  }, 30_000)

  it('cleans up temp files a crashed save left behind', async () => {
    const file = join(dir, 'p.layerwise.json')
    writeFileSync(join(dir, '.p.layerwise.json.123.abcd.tmp'), 'half')
    await removeStaleTemps(file)
    expect(readdirSync(dir)).toEqual([])
  })
})
