import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import type { DataPreview, DataRef } from '../../../src/shared/dto'
import type { DataFileRef, ProjectDocument } from '../../../src/shared/project'
import { fakeCost } from './fake-api'

const SHA = '03e18377addf49d2012c21791f4c9a30843c1ec740658739760ddda7ded84620'
const fileRef = (): DataFileRef => ({ kind: 'file', name: 'colors.csv', path: '/data/colors.csv', sha256: SHA, choices: { target: 'label' } })
const imported = (id: string): DataRef => ({ kind: 'imported', id, name: 'colors.csv', target: 'label' })
const preview = (id: string) => ({ data: imported(id), title: 'colors.csv', inputs: 2, outputs: 1, task: 'binary', classes: [{ label: 'no', count: 3 }, { label: 'yes', count: 3 }] }) as unknown as DataPreview

const invoke = {
  'app:info': vi.fn(async () => ({ name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } })),
  'estimate:network': vi.fn(async (spec: Parameters<typeof fakeCost>[0]) => fakeCost(spec)),
  'data:preview': vi.fn(async (request: { data: DataRef }) => preview(request.data.kind === 'imported' ? request.data.id : 'x')),
  'data:begin': vi.fn(async () => 'import-2'),
  'data:chunk': vi.fn(async () => 0),
  'data:import': vi.fn(async () => preview('import-2')),
  'project:parse': vi.fn(async (text: string) => JSON.parse(text) as ProjectDocument),
  'project:open': vi.fn(),
  'project:recent': vi.fn(async () => []),
  'project:data-ref': vi.fn(async (data: DataRef) => (data.kind === 'imported' ? { ...fileRef(), path: data.name } : data)),
  'project:load-data': vi.fn(async () => preview('import-1')),
  'project:locate-data': vi.fn(),
}
const fakeApi = { invoke, on: new Proxy({}, { get: () => () => () => undefined }) }
vi.mock('../../../src/renderer/src/api', () => ({ useApi: () => fakeApi }))
const { useProjectStore } = await import('../../../src/renderer/src/stores/project')
const { useNetworkStore } = await import('../../../src/renderer/src/stores/network')

/** A saved project whose data is the file colors.csv. */
async function projectText(): Promise<string> {
  return JSON.stringify({ ...useProjectStore().toDocument(), name: 'colors', data: fileRef() })
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.clearAllMocks()
})

describe('project with file data, desktop app', () => {
  beforeEach(() => invoke['app:info'].mockResolvedValue({ name: 'Layerwise', version: 'test', host: 'electron', engine: { kernels: 'ts' } }))
  const opened = async (document: string) => ({ handle: 'h1', name: 'colors', path: '/p/colors.layerwise.json', document: JSON.parse(document), data: { status: 'ok', message: null } })

  it('loads the file by path on open and binds it, so Train needs no re-import', async () => {
    const project = useProjectStore()
    const text = await projectText()
    await project.init()
    invoke['project:open'].mockResolvedValueOnce(await opened(text))
    await project.open()
    expect(invoke['project:load-data']).toHaveBeenCalledWith(fileRef())
    expect(useNetworkStore().data).toEqual(imported('import-1'))
    expect(project.dataCheck).toBeNull()
  })

  it('does not count loading the data as an unsaved change', async () => {
    const project = useProjectStore()
    await project.init()
    invoke['project:open'].mockResolvedValueOnce(await opened(await projectText()))
    await project.open()
    expect(project.dirty).toBe(false)
  })

  it('saves the loaded data back as the same path and hash', async () => {
    const project = useProjectStore()
    await project.init()
    invoke['project:open'].mockResolvedValueOnce(await opened(await projectText()))
    await project.open()
    expect(project.toDocument().data).toEqual(fileRef())
  })

  it('asks to locate the file when the backend cannot load it', async () => {
    const project = useProjectStore()
    await project.init()
    invoke['project:load-data'].mockRejectedValueOnce(new Error('The data file “colors.csv” has changed since the project was saved: results will differ from the saved ones.'))
    invoke['project:open'].mockResolvedValueOnce(await opened(await projectText()))
    await project.open()
    expect(project.dataCheck).toEqual({ status: 'missing', message: expect.stringMatching(/has changed/) })
  })

  it('loads the located file with the saved choices', async () => {
    const project = useProjectStore()
    await project.init()
    invoke['project:open'].mockResolvedValueOnce({ ...(await opened(await projectText())), data: { status: 'missing', message: 'gone' } })
    await project.open()
    invoke['project:locate-data'].mockResolvedValueOnce({ kind: 'file', name: 'colors.csv', path: '/moved/colors.csv', sha256: SHA })
    await project.locateData()
    expect(invoke['project:load-data']).toHaveBeenLastCalledWith({ ...fileRef(), path: '/moved/colors.csv' })
    expect(useNetworkStore().data).toEqual(imported('import-1'))
    expect(project.notice).toEqual({ kind: 'info', text: 'Using colors.csv: ready to train.' })
  })
})

describe('project with file data, browser', () => {
  beforeEach(() => invoke['app:info'].mockResolvedValue({ name: 'Layerwise', version: 'test', host: 'web', engine: { kernels: 'ts' } }))
  it('asks the user to pick the file (a browser cannot read paths) and keeps the reference meanwhile', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await projectText())
    expect(invoke['project:load-data']).not.toHaveBeenCalled()
    expect(project.dataCheck?.message).toMatch(/pick it to load it/)
    expect(project.toDocument().data).toEqual(fileRef())
  })

  it('keeps Train disabled until the data file is loaded, saying what to do', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await projectText())
    await flushPromises()
    expect(useNetworkStore().trainBlocker).toMatch(/Load this project's data file “colors.csv” first/)
    await project.locateFile(new File(['age,color,score,label\n'], 'colors.csv'))
    await flushPromises()
    expect(useNetworkStore().trainBlocker).toBeNull()
  })

  it('stops waiting for the file when another data set is chosen', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await projectText())
    await flushPromises()
    useNetworkStore().setData({ kind: 'builtin', name: 'circle' })
    await flushPromises()
    expect(useNetworkStore().trainBlocker).toBeNull()
    expect(project.toDocument().data).toEqual({ kind: 'builtin', name: 'circle' })
  })

  it('imports the picked file and binds it: the data set is ready to train', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await projectText())
    await project.locateFile(new File(['age,color,score,label\n'], 'colors.csv'))
    await flushPromises()
    expect(invoke['data:begin']).toHaveBeenCalledWith({ files: [{ name: 'colors.csv', size: 22 }] })
    expect(useNetworkStore().data).toEqual(imported('import-2'))
    expect(project.dataCheck).toBeNull()
    expect(project.notice?.text).toBe('Using colors.csv: ready to train.')
  })

  it('warns when the picked file differs from the saved one', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await projectText())
    // the backend hashes the picked file (asked by the binding and by the store that remembers file references)
    const other = { ...fileRef(), sha256: 'f'.repeat(64) }
    invoke['project:data-ref'].mockResolvedValueOnce(other).mockResolvedValueOnce(other)
    await project.locateFile(new File(['a,b\n'], 'colors.csv'))
    expect(project.notice).toEqual({ kind: 'error', text: expect.stringMatching(/differs from the file the project was saved with/) })
  })
})

describe('project data file size (desktop app and browser)', () => {
  const sized = (): DataFileRef => ({ ...fileRef(), size: 103 })
  const sizedText = async () => JSON.stringify({ ...useProjectStore().toDocument(), name: 'colors', data: sized() })

  it('keeps the saved size when the loaded file is saved back', async () => {
    invoke['app:info'].mockResolvedValueOnce({ name: 'Layerwise', version: 'test', host: 'electron', engine: { kernels: 'ts' } })
    const project = useProjectStore()
    await project.init()
    const text = await sizedText()
    invoke['project:open'].mockResolvedValueOnce({ handle: 'h1', name: 'colors', path: '/p/colors.layerwise.json', document: JSON.parse(text), data: { status: 'ok', message: null } })
    await project.open()
    expect(project.toDocument().data).toEqual(sized())
  })

  it('names the file and its size in the browser, and says to drop it again', async () => {
    const project = useProjectStore()
    await project.init()
    await project.openText(await sizedText())
    expect(project.dataCheck?.message).toBe(
      'This project trains on the data file “colors.csv” (103 bytes): drop it on the window again, or pick it to load it (a browser cannot open files by their path).',
    )
  })
})
