/**
 * The main window, locked down (SPEC §1, STYLE §5): context isolation, sandbox, no Node in the page,
 * a CJS preload that exposes one typed API object, no navigation, no new windows, no permissions.
 */
import { BrowserWindow, session, shell, type WebContents } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const rendererIndex = () => join(import.meta.dirname, '../renderer/index.html')

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Layerwise',
    backgroundColor: '#f6f7fb',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  void win.loadFile(rendererIndex())
  return win
}

/** Denies every permission request (camera, notifications, …) and every remote request. */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const local = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:')
    callback({ cancel: !local })
  })
}

/** A request is trusted when it comes from one of our windows showing our own page. */
export function isTrustedSender(sender: WebContents, windows: () => BrowserWindow[]): boolean {
  const win = BrowserWindow.fromWebContents(sender)
  if (!win || !windows().includes(win)) return false
  return sender.getURL().startsWith(pathToFileURL(rendererIndex()).href)
}
