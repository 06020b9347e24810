/** @vitest-environment node */
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tsKernels } from '../../../src/engine'
import { ModelService, type ModelDialogs } from '../../../src/main/models/model-service'

const dir = mkdtempSync(join(tmpdir(), 'layerwise-model-save-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fixturePath = new URL('../../fixtures/models/xor-v1.json', import.meta.url).pathname

function desktop(dialogs: ModelDialogs): ModelService {
  return new ModelService({ host: 'electron', kernels: async () => tsKernels, table: () => Promise.reject(new Error('none')), dialogs })
}

describe('the desktop app', () => {
  it('imports a model file by path', async () => {
    const info = await desktop({ saveModelFile: async () => null, chooseExportFolder: async () => null }).import({ path: fixturePath })
    expect([info.name, info.params.weights]).toEqual(['xor-v1.json', 12])
  })

  it('says a path that does not exist cannot be opened', async () => {
    const s = desktop({ saveModelFile: async () => null, chooseExportFolder: async () => null })
    await expect(s.import({ path: join(dir, 'missing.json') })).rejects.toThrow('missing.json: the file cannot be opened (ENOENT)')
  })

  it('writes the model JSON where the save dialog says, and it loads again', async () => {
    const target = join(dir, 'saved.json')
    const s = desktop({ saveModelFile: async () => target, chooseExportFolder: async () => null })
    const { id } = await s.import({ path: fixturePath })
    expect(await s.save({ modelId: id, format: 'json' })).toBe(target)
    const again = await s.import({ path: target })
    expect(again.layers).toEqual((await s.list()).find((m) => m.id === id)!.layers)
  })

  it('writes model.json and weights.bin into the chosen folder, leaving no temp files', async () => {
    const folder = join(dir, 'tfjs')
    const s = desktop({ saveModelFile: async () => null, chooseExportFolder: async () => folder })
    const { id } = await s.import({ path: fixturePath })
    expect(await s.save({ modelId: id, format: 'tfjs' })).toBe(folder)
    expect(readdirSync(folder).sort()).toEqual(['model.json', 'weights.bin'])
    expect(readFileSync(join(folder, 'weights.bin')).length).toBe(17 * 4)
  })

  it('writes nothing when the dialog is cancelled', async () => {
    const s = desktop({ saveModelFile: async () => null, chooseExportFolder: async () => null })
    const { id } = await s.import({ path: fixturePath })
    expect(await s.save({ modelId: id, format: 'json' })).toBeNull()
  })

  it('refuses a model file over the size limit by its size, before reading it', async () => {
    const big = join(dir, 'big.json')
    writeFileSync(big, '')
    truncateSync(big, 200 * 1024 * 1024)
    const s = desktop({ saveModelFile: async () => null, chooseExportFolder: async () => null })
    await expect(s.import({ path: big })).rejects.toThrow('over the model limit')
  })
})
