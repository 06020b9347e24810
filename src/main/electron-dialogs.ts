/**
 * Native Open / Save dialogs for the project service (the only Electron-specific part of it). Paths
 * picked here are the only paths the project service accepts, besides its own recent-files list.
 */
import { dialog, type BrowserWindow } from 'electron'
import type { ProjectDialogs } from './projects/project-service'
import type { ModelDialogs } from './models/model-service'

const PROJECT_FILTERS = [{ name: 'Layerwise project', extensions: ['layerwise.json', 'json'] }]

export function electronDialogs(window: () => BrowserWindow | undefined): ProjectDialogs {
  return {
    async openProject() {
      const options = { title: 'Open project', filters: PROJECT_FILTERS, properties: ['openFile' as const] }
      const win = window()
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async saveProject(defaultName) {
      const options = { title: 'Save project', defaultPath: defaultName, filters: PROJECT_FILTERS }
      const win = window()
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return result.canceled ? null : (result.filePath ?? null)
    },
    async openDataFile(name) {
      const options = { title: `Locate the data file “${name}”`, properties: ['openFile' as const] }
      const win = window()
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}

/** Where a model export goes (SPEC §9): a file for the Model JSON, a folder for TF.js model.json + weights.bin. */
export function electronModelDialogs(window: () => BrowserWindow | undefined): ModelDialogs {
  return {
    async saveModelFile(defaultName) {
      const options = { title: 'Export model JSON', defaultPath: defaultName, filters: [{ name: 'Layerwise model', extensions: ['json'] }] }
      const win = window()
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return result.canceled ? null : (result.filePath ?? null)
    },
    async chooseExportFolder() {
      const options = { title: 'Folder for the TensorFlow.js model (model.json + weights.bin)', properties: ['openDirectory' as const, 'createDirectory' as const] }
      const win = window()
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
