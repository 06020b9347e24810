import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import TheDropOverlay from '../../../src/renderer/src/components/data/TheDropOverlay.vue'
import { useDataStore } from '../../../src/renderer/src/stores/data'

function mountOverlay() {
  const pinia = createTestingPinia({ stubActions: true, createSpy: vi.fn })
  const wrapper = mount(TheDropOverlay, { global: { plugins: [pinia] }, attachTo: document.body })
  return { wrapper, store: useDataStore(pinia) }
}

/** A drag event whose dataTransfer carries `files` (or only the given types). */
function drag(type: string, files: File[], types = files.length ? ['Files'] : ['application/x-node']): Event {
  const event = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(event, 'dataTransfer', { value: { types, files, dropEffect: 'none' } })
  return event
}

describe('TheDropOverlay', () => {
  it('imports files dropped anywhere on the window', () => {
    const { wrapper, store } = mountOverlay()
    const csv = new File(['a,b\n'], 'data.csv')
    window.dispatchEvent(drag('drop', [csv]))
    expect(store.importFiles).toHaveBeenCalledWith([csv])
    expect(wrapper.emitted('dropped')).toHaveLength(1)
    wrapper.unmount()
  })

  it('shows the overlay while files are dragged over the window', async () => {
    const { wrapper } = mountOverlay()
    window.dispatchEvent(drag('dragenter', [new File(['x'], 'a.csv')]))
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid=drop-overlay]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('ignores drags that carry no files, such as the editor\'s node drags', async () => {
    const { wrapper, store } = mountOverlay()
    const enter = drag('dragenter', [])
    window.dispatchEvent(enter)
    window.dispatchEvent(drag('drop', []))
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid=drop-overlay]').exists()).toBe(false)
    expect(enter.defaultPrevented).toBe(false)
    expect(store.importFiles).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})

describe('TheDropOverlay with an opened project waiting for its data file', () => {
  const waiting = { kind: 'file', name: 'colors.csv', path: 'colors.csv', sha256: 'a'.repeat(64), size: 103 }

  it('loads the dropped file of the same name as the project\'s data (with its saved choices)', async () => {
    const pinia = createTestingPinia({ initialState: { 'project-data': { pending: { ref: waiting, standIn: '' } } }, stubActions: true, createSpy: vi.fn })
    const wrapper = mount(TheDropOverlay, { global: { plugins: [pinia] }, attachTo: document.body })
    const { useProjectStore } = await import('../../../src/renderer/src/stores/project')
    const csv = new File(['a,b\n'], 'colors.csv')
    window.dispatchEvent(drag('drop', [csv]))
    expect(useProjectStore(pinia).locateFile).toHaveBeenCalledWith(csv)
    expect(useDataStore(pinia).importFiles).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('imports a file of another name as ordinary data', () => {
    const pinia = createTestingPinia({ initialState: { 'project-data': { pending: { ref: waiting, standIn: '' } } }, stubActions: true, createSpy: vi.fn })
    const wrapper = mount(TheDropOverlay, { global: { plugins: [pinia] }, attachTo: document.body })
    const other = new File(['a,b\n'], 'other.csv')
    window.dispatchEvent(drag('drop', [other]))
    expect(useDataStore(pinia).importFiles).toHaveBeenCalledWith([other])
    wrapper.unmount()
  })
})
