// The Electron entry: wiring only. Everything it wires is Electron-free and runs in the CLI too.
import { BrowserWindow, Menu, app, ipcMain, safeStorage, session } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createCoreRouter } from './core'
import { safeStorageCodec } from './electron/safe-storage-codec'
import { installSecurityHandlers } from './electron/security'
import { appMenuTemplate } from './electron/menu'
import { mainWindowOptions } from './electron/window-options'
import { loadBounds, saveBounds } from './electron/window-state'
import { ProfileStore } from './profiles/profile-store'
import { FileSecretStore } from './profiles/secret-store'
import { serveIpc } from './transports/ipc-transport'

const rendererFile = path.join(import.meta.dirname, '../renderer/index.html')
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const appUrlPrefix = devUrl ?? `${pathToFileURL(path.dirname(rendererFile)).toString()}/`
const isAppUrl = (url: string): boolean => url.startsWith(appUrlPrefix)

let mainWindow: BrowserWindow | undefined

async function createWindow(): Promise<void> {
  const userData = app.getPath('userData')
  const bounds = await loadBounds(userData)
  const win = new BrowserWindow(mainWindowOptions(path.join(import.meta.dirname, '../preload/index.cjs'), bounds))
  mainWindow = win
  if (bounds.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.on('close', () => {
    const b = win.getNormalBounds()
    void saveBounds(userData, { ...b, maximized: win.isMaximized() })
  })
  win.on('closed', () => {
    mainWindow = undefined
  })
  if (devUrl) await win.loadURL(devUrl)
  else await win.loadFile(rendererFile)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  void app.whenReady().then(async () => {
    installSecurityHandlers(app, session.defaultSession, isAppUrl)
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform)))
    const configDir = app.getPath('userData')
    const codec = safeStorageCodec(safeStorage, process.platform, process.env.KEYTRAIL_ALLOW_PLAINTEXT_SECRETS === '1')
    const router = createCoreRouter(
      {
        profiles: ProfileStore.inDir(configDir),
        secrets: FileSecretStore.inDir(configDir, 'secrets.enc.json', codec),
        host: 'electron',
        version: app.getVersion(),
        stateDir: process.env.KEYTRAIL_STATE_DIR ?? path.join(app.getPath('userData'), 'state'),
      },
      { onError: (method, err) => console.error(`[keytrail] ${method} failed:`, err) },
    )
    serveIpc(ipcMain, router, {
      isTrustedUrl: isAppUrl,
      onRejected: (reason) => console.warn(`[keytrail] ${reason}`),
    })
    app.on('will-quit', () => void router.close())
    await createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
