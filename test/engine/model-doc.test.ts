import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

describe('docs/model-format.md', () => {
  // python3 (standard library only) is on every machine of this project, CI included.
  it('its Python loader, written from the doc alone, reproduces the fixture’s predictions', () => {
    const doc = readFileSync(join(root, 'docs/model-format.md'), 'utf8')
    const code = doc.split('```python\n')[1].split('```')[0]
    const out = execFileSync('python3', ['-c', code], { cwd: root, encoding: 'utf8' })
    const got = JSON.parse(out.trim()) as number[][]
    const recorded = JSON.parse(readFileSync(join(root, 'test/fixtures/models/xor-v1.predictions.json'), 'utf8')) as { outputs: number[] }
    got.forEach(([y], i) => expect(y).toBeCloseTo(recorded.outputs[i], 6))
  })
})
