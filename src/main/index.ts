// The Electron entry: wiring only. Everything it wires is Electron-free and runs in the CLI too.
import { BrowserWindow, Menu, Notification, app, ipcMain, safeStorage, session } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createCoreRouter } from './core'
import { safeStorageCodec } from './electron/safe-storage-codec'
import { installSecurityHandlers } from './electron/security'
import { appMenuTemplate } from './electron/menu'
import { mainWindowOptions } from './electron/window-options'
import { loadBounds, saveBounds } from './electron/window-state'
import { ProfileStore, localProfile } from './profiles/profile-store'
import { stackProfiles, withStackSecrets } from './profiles/stack-profiles'
import { FileSecretStore } from './profiles/secret-store'
import { serveIpc } from './transports/ipc-transport'
import { configDir, stateDir } from './util/paths'
import { PROTOCOL, deepLinkInArgv, hashOfDeepLink } from './electron/deep-link'
import { notifyAlerts } from './electron/alert-notifier'

const rendererFile = path.join(import.meta.dirname, '../renderer/index.html')
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const appUrlPrefix = devUrl ?? `${pathToFileURL(path.dirname(rendererFile)).toString()}/`
const isAppUrl = (url: string): boolean => url.startsWith(appUrlPrefix)

let mainWindow: BrowserWindow | undefined
// A link that arrived before the window existed (open-url fires before ready on macOS).
let pendingLink: string | undefined

/** Shows the view a keytrail:// link (or an alert) names in the window. */
function openView(hash: string | undefined): void {
  if (!hash) return
  if (!mainWindow) {
    pendingLink = hash
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
  // The hash is a validated route; JSON.stringify keeps it a string literal.
  void mainWindow.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`)
}

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
  openView(pendingLink)
  pendingLink = undefined
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.setAsDefaultProtocolClient(PROTOCOL)
  pendingLink = hashOfDeepLink(deepLinkInArgv(process.argv) ?? '')
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openView(hashOfDeepLink(url))
  })
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
    openView(hashOfDeepLink(deepLinkInArgv(argv) ?? ''))
  })

  void app.whenReady().then(async () => {
    installSecurityHandlers(app, session.defaultSession, isAppUrl)
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform)))
    // The same profiles and state as the CLI and `keytrail serve` (KEYTRAIL_CONFIG_DIR / KEYTRAIL_STATE_DIR apply).
    const config = configDir(process.env)
    const codec = safeStorageCodec(safeStorage, process.platform, process.env.KEYTRAIL_ALLOW_PLAINTEXT_SECRETS === '1')
    const router = createCoreRouter(
      {
        profiles: ProfileStore.inDir(config, localProfile(), () => stackProfiles()),
        secrets: withStackSecrets(FileSecretStore.inDir(config, 'secrets.enc.json', codec)),
        host: 'electron',
        version: app.getVersion(),
        stateDir: stateDir(process.env),
      },
      { onError: (method, err) => console.error(`[keytrail] ${method} failed:`, err) },
    )
    serveIpc(ipcMain, router, {
      isTrustedUrl: isAppUrl,
      onRejected: (reason) => console.warn(`[keytrail] ${reason}`),
    })
    const stopNotifying = Notification.isSupported()
      ? notifyAlerts(router, (o) => new Notification(o), openView)
      : () => undefined
    app.on('will-quit', () => {
      stopNotifying()
      void router.close()
    })
    await createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
