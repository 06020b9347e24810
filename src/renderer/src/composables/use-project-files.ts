/**
 * The browser side of project files: downloads (Save in web mode), the file picker (Open in web mode),
 * a project file dropped anywhere on the window, and the autosave when the page goes away.
 */
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { useProjectStore } from '../stores/project'

/** Suffix of project files. */
export const PROJECT_SUFFIX = '.layerwise.json'

/** Starts a download of `text` as `fileName`. */
export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function useProjectFiles() {
  const project = useProjectStore()
  const picker = ref<HTMLInputElement | null>(null)

  async function save(as = false): Promise<void> {
    const file = await project.save(as)
    if (file) download(file.fileName, file.text)
  }

  /** Open…: the native dialog in the desktop app, the file picker in the browser. */
  function open(): void {
    if (project.host === 'electron') void project.open()
    else picker.value?.click()
  }

  async function onPicked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file) await project.openText(await file.text(), file.name)
  }

  /** A dropped `*.layerwise.json` opens as a project; other files are left to the data import. */
  function projectFileOf(event: DragEvent): File | null {
    const file = event.dataTransfer?.files?.[0]
    return file && file.name.endsWith(PROJECT_SUFFIX) ? file : null
  }
  function onWindowDragOver(event: DragEvent): void {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault()
  }
  function onWindowDrop(event: DragEvent): void {
    const file = projectFileOf(event)
    if (!file) return
    // Taken here (capture phase): the data import's drop handler sees `defaultPrevented` and leaves it.
    event.preventDefault()
    void file.text().then((text) => project.openText(text, file.name))
  }
  const onUnload = () => void project.autosave()

  onMounted(() => {
    window.addEventListener('dragover', onWindowDragOver)
    window.addEventListener('drop', onWindowDrop, true)
    window.addEventListener('beforeunload', onUnload)
    void project.init()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('dragover', onWindowDragOver)
    window.removeEventListener('drop', onWindowDrop, true)
    window.removeEventListener('beforeunload', onUnload)
  })

  return { picker, save, open, onPicked }
}
