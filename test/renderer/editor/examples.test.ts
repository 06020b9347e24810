import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { fakeApi } from './fake-api'
import { EXAMPLES } from '../../../src/renderer/src/examples'
import { graphFromNetwork } from '../../../src/renderer/src/graph/from-spec'
import { compileGraph } from '../../../src/renderer/src/graph/compile'

vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { useProjectStore } = await import('../../../src/renderer/src/stores/project')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')
const { useTrainingStore } = await import('../../../src/renderer/src/stores/training')

beforeEach(() => setActivePinia(createPinia()))

describe('example projects', () => {
  it('each draws as a graph that compiles back to its network', () => {
    for (const e of EXAMPLES) {
      const compiled = compileGraph(graphFromNetwork(e.network))
      expect(compiled.kind, e.id).toBe('network')
      if (compiled.kind === 'network') expect(compiled.network.layers.map((l) => [l.units, l.activation]), e.id).toEqual(e.network.layers.map((l) => [l.units, l.activation]))
    }
  })

  it('have unique ids', () => {
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length)
  })
})

describe('opening an example', () => {
  it('loads its network, data set and settings as an untitled project without unsaved changes', () => {
    const project = useProjectStore()
    const network = useNetworkStore()
    useTrainingStore().$patch({ epochs: [{ epoch: 1 } as never] })
    expect(project.openExample('vanishing-sigmoid')).toBe(true)
    expect(network.network.layers.map((l) => l.activation)).toEqual(Array(6).fill('sigmoid'))
    expect(network.data).toEqual({ kind: 'builtin', name: 'moons' })
    expect(network.settings.batchSize).toBe(16)
    expect(project.name).toBe('Vanishing gradients: 6 sigmoid layers')
    expect(project.dirty).toBe(false)
    expect(project.handle).toBeNull()
    expect(useTrainingStore().epochs).toEqual([])
    expect(project.notice?.text).toMatch(/gradient per layer/)
  })

  it('refuses an unknown example and changes nothing', () => {
    const project = useProjectStore()
    const network = useNetworkStore()
    const before = JSON.stringify(network.graph)
    expect(project.openExample('no-such-example')).toBe(false)
    expect(JSON.stringify(network.graph)).toBe(before)
  })
})
