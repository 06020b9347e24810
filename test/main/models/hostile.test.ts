/** @vitest-environment node */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine'
import { UserError } from '../../../src/main/api/dispatch'
import { loadModelText, MODEL_MAX_BYTES } from '../../../src/main/models/model-file'

const badDir = new URL('../../fixtures/models/bad/', import.meta.url)
const expected = JSON.parse(readFileSync(new URL('expected.json', badDir), 'utf8')) as Record<string, string>
// The app loads every kind: a file of kind "rbm" goes to the RBM loader, which refuses the network it holds.
expected['rbm-kind.json'] = "unknown field 'network'"
const xor = JSON.parse(readFileSync(new URL('../../fixtures/models/xor-v1.json', import.meta.url), 'utf8')) as Record<string, unknown>

/** The refusal message of loading `text`, or null when it loads. */
function refusal(text: string): string | null {
  try {
    loadModelText('hostile.json', text, tsKernels)
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return (error as Error).message
  }
}

const withXor = (patch: (m: Record<string, unknown>) => void): string => {
  const m = structuredClone(xor)
  patch(m)
  return JSON.stringify(m)
}

describe('the bad-model corpus', () => {
  for (const file of readdirSync(badDir).filter((f) => f !== 'expected.json')) {
    it(`refuses ${file} with its message`, () => {
      expect(refusal(readFileSync(new URL(file, badDir), 'utf8'))).toContain(expected[file])
    })
  }
})

describe('hostile model files', () => {
  it('refuses a __proto__ key and leaves Object.prototype alone', () => {
    const text = xorText().replace('"network":', '"__proto__":{"polluted":true},"network":')
    expect(refusal(text)).toContain('forbidden key "__proto__"')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a constructor key inside the preprocessing', () => {
    const text = xorText().replace('"scaling":', '"constructor":{"prototype":{"polluted":true}},"scaling":')
    expect(refusal(text)).toContain('constructor')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses 100,000 nested arrays quickly, without a stack overflow', () => {
    const text = withXor((m) => (m.metrics = { deep: 0 })).replace('"deep":0', `"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    const start = performance.now()
    expect(refusal(text)).toContain('nested deeper than')
    expect(performance.now() - start).toBeLessThan(2000)
  })

  it('refuses a weight array of 10 million numbers by its length', () => {
    const text = withXor((m) => {
      const layer = (m.network as { layers: { weights: { data: number[] } }[] }).layers[0]!
      layer.weights.data = new Array<number>(10_000_000).fill(0)
    })
    expect(refusal(text)).toContain('has 10000000 numbers, expected 8')
  }, 60_000) // builds and parses 20 MB of JSON: seconds on a busy 2-core machine

  it('refuses a million layers by the layer limit', () => {
    const text = withXor((m) => ((m.network as { layers: unknown[] }).layers = new Array(1_000_000).fill(0)))
    expect(refusal(text)).toContain('more than the limit 64')
  })

  it('refuses a 50 MB string with a short message', () => {
    const text = withXor((m) => ((m.preprocessing as { target: { name: string } }).target.name = 'x'.repeat(50_000_000)))
    const message = refusal(text)!
    expect(message).toContain('50,000,000 characters long')
    expect(message.length).toBeLessThan(400)
  })

  it('keeps the message short when the format field itself is 50 MB', () => {
    const message = refusal(`{"format":"${'y'.repeat(50_000_000)}","version":1}`)!
    expect(message).toContain('not a Layerwise model')
    expect(message.length).toBeLessThan(400)
  })

  it('refuses "NaN" given as a string weight', () => {
    const text = withXor((m) => ((m.network as { layers: { weights: { data: unknown[] } }[] }).layers[0]!.weights.data[0] = 'NaN'))
    expect(refusal(text)).toContain('must be a finite number, got "NaN"')
  })

  it('refuses "Infinity" given as a string bias', () => {
    const text = withXor((m) => ((m.network as { layers: { biases: { data: unknown[] } }[] }).layers[1]!.biases.data[0] = 'Infinity'))
    expect(refusal(text)).toContain('must be a finite number, got "Infinity"')
  })

  it('refuses a file over the size limit before parsing it', () => {
    const text = ' '.repeat(MODEL_MAX_BYTES + 1)
    expect(refusal(text)).toContain('over the model limit of 134.2 MB')
  })

  it('refuses an empty file', () => {
    expect(refusal('')).toBe('hostile.json: the file is empty')
  })

  it('refuses text that is not JSON', () => {
    expect(refusal('{"format": "layerwise-model",')).toContain('not valid JSON')
  })
})

function xorText(): string {
  return JSON.stringify(xor)
}
