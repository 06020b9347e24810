/** Electron entry: one locked-down window, the backend services, IPC wired from the contract. */
import { app, BrowserWindow } from 'electron'
import { createBackend } from './backend'
import { registerIpcHandlers, windowSink } from './ipc'
import { createMainWindow, isTrustedSender, lockDownSession } from './window'
import { electronDialogs, electronModelDialogs } from './electron-dialogs'

const windows = () => BrowserWindow.getAllWindows()

if (!app.requestSingleInstanceLock()) app.quit()

app.enableSandbox()
app.whenReady().then(() => {
  lockDownSession()
  const backend = createBackend({
    host: 'electron',
    sink: windowSink(windows),
    projects: { stateDir: app.getPath('userData'), dialogs: electronDialogs(() => BrowserWindow.getFocusedWindow() ?? windows()[0]) },
    modelDialogs: electronModelDialogs(() => BrowserWindow.getFocusedWindow() ?? windows()[0]),
  })
  registerIpcHandlers(backend.handlers, (sender) => isTrustedSender(sender, windows))
  createMainWindow()
  app.on('activate', () => {
    if (windows().length === 0) createMainWindow()
  })
  // Quit waits for the backend: pending project saves (the autosave sent on close) reach the disk first.
  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed) return
    disposed = true
    event.preventDefault()
    void backend.dispose().finally(() => app.quit())
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
