import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { fakeApi, invoke } from './fake-api'

vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { useProjectStore, WEB_AUTOSAVE_KEY } = await import('../../../src/renderer/src/stores/project')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
})

describe('project store (web mode)', () => {
  it('saves the graph, data set and settings as a version-1 project file to download', async () => {
    const project = useProjectStore()
    const file = await project.save()
    const document = JSON.parse(file!.text)
    expect(file!.fileName).toBe('Untitled.layerwise.json')
    expect([document.format, document.version, document.data.name, document.graph.nodes.length]).toEqual(['layerwise-project', 1, 'xor', 3])
  })

  it('round-trips: a saved file opens as the same graph', async () => {
    const project = useProjectStore()
    const network = useNetworkStore()
    network.updateNode('layer-0', { units: 7 })
    const file = await project.save()
    network.updateNode('layer-0', { units: 3 })
    await project.openText(file!.text, 'mine.layerwise.json')
    expect(network.network.layers[0]!.units).toBe(7)
    expect(project.name).toBe('mine')
  })

  it('tracks unsaved changes', async () => {
    const project = useProjectStore()
    useNetworkStore().updateNode('layer-0', { units: 5 })
    expect(project.dirty).toBe(true)
    await project.save()
    expect(project.dirty).toBe(false)
  })

  it('autosaves unsaved changes to local storage in the browser', async () => {
    const project = useProjectStore()
    useNetworkStore().updateNode('layer-0', { units: 9 })
    await project.autosave()
    expect(JSON.parse(localStorage.getItem(WEB_AUTOSAVE_KEY)!).graph.nodes[1].config.units).toBe(9)
  })

  it('shows the parser’s message when a file is refused', async () => {
    invoke['project:parse'].mockRejectedValueOnce(new Error('This file was saved by a newer Layerwise (project format version 2; this version reads up to 1). Update Layerwise to open it.'))
    const project = useProjectStore()
    expect(await project.openText('{}')).toBe(false)
    expect(project.notice).toEqual({ kind: 'error', text: expect.stringMatching(/newer Layerwise/) })
  })

  it('opening a project without results clears the run of the project open before, with its kernels', async () => {
    const project = useProjectStore()
    const file = await project.save()
    const { useTrainingStore } = await import('../../../src/renderer/src/stores/training')
    const training = useTrainingStore()
    training.$patch({ result: { runId: 'old', stop: { kind: 'epochs' }, epochs: 1, elapsedSeconds: 1, train: { loss: 1, accuracy: null, confusion: null }, test: null, labels: null }, kernels: { set: 'ts', requested: 'wasm', dataParallel: false } })
    await project.openText(file!.text)
    expect([training.result, training.kernels]).toEqual([null, null])
  })

  it('a new project starts from an empty canvas', () => {
    const project = useProjectStore()
    project.newProject()
    expect(useNetworkStore().graph.nodes).toEqual([])
  })
})
