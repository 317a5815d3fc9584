import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { RENDERER_CSP } from '../security/csp'

// Electron, reduced to what src/main/index.ts touches, recording what the app asks of it.
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: { webPreferences?: Record<string, unknown> } }>,
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  onHeadersReceived: undefined as
    undefined | ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  permissionRequest: undefined as undefined | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  ipcChannels: [] as string[],
  ipcListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  userData: '',
  protocols: [] as string[],
}))

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = []
    static getAllWindows = (): BrowserWindow[] => BrowserWindow.all
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      recorded.windows.push(this)
      BrowserWindow.all.push(this)
    }
    maximize(): void {}
    once(): void {}
    on(): void {}
    loadFile = vi.fn(async () => undefined)
    loadURL = vi.fn(async () => undefined)
    getNormalBounds = () => ({ x: 0, y: 0, width: 1400, height: 900 })
    isMaximized = () => false
  }
  class Notification {
    static isSupported = () => true
    on(): void {}
    show(): void {}
  }
  return {
    BrowserWindow,
    Notification,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      setAsDefaultProtocolClient: (scheme: string) => recorded.protocols.push(scheme),
      on: (event: string, fn: (...args: unknown[]) => void) => recorded.appHandlers.set(event, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => recorded.userData,
      getVersion: () => '0.0.0-test',
      quit: () => undefined,
    },
    ipcMain: {
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        recorded.ipcChannels.push(channel)
        recorded.ipcListeners.set(channel, fn)
      },
      removeListener: () => undefined,
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
      getSelectedStorageBackend: () => 'basic_text',
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof recorded.onHeadersReceived) => (recorded.onHeadersReceived = fn) },
        setPermissionRequestHandler: (fn: typeof recorded.permissionRequest) => (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof recorded.permissionCheck) => (recorded.permissionCheck = fn),
      },
    },
  }
})

describe('Electron main process', () => {
  beforeAll(async () => {
    recorded.userData = mkdtempSync(path.join(os.tmpdir(), 'keytrail-electron-'))
    process.env.KEYTRAIL_CONFIG_DIR = path.join(recorded.userData, 'config')
    process.env.KEYTRAIL_STATE_DIR = path.join(recorded.userData, 'state')
    await import('../index')
    await vi.waitFor(() => expect(recorded.windows.length).toBeGreaterThan(0))
  })

  it('registers keytrail:// links and opens them in the running instance', () => {
    expect(recorded.protocols).toEqual(['keytrail'])
    expect(recorded.appHandlers.has('open-url')).toBe(true)
    expect(recorded.appHandlers.has('second-instance')).toBe(true)
  })

  it('creates every window sandboxed, context-isolated, without Node', () => {
    expect(recorded.windows).toHaveLength(1)
    for (const win of recorded.windows) {
      const prefs = win.options.webPreferences ?? {}
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      })
      expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/)
    }
  })

  it('sets the strict CSP on every response', () => {
    let headers: Record<string, string[]> = {}
    recorded.onHeadersReceived?.({ responseHeaders: { 'x-other': ['1'] } }, (r) => (headers = r.responseHeaders))
    expect(headers['Content-Security-Policy']).toEqual([RENDERER_CSP])
    expect(headers['x-other']).toEqual(['1'])
    expect(RENDERER_CSP).toContain("script-src 'self'")
    expect(RENDERER_CSP).toContain("object-src 'none'")
    expect(RENDERER_CSP).not.toMatch(/unsafe-(eval|inline)|https?:|\*/)
  })

  it('denies every permission request', () => {
    let granted: boolean | undefined
    recorded.permissionRequest?.({}, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(recorded.permissionCheck?.()).toBe(false)
  })

  it('blocks window.open, navigation away from the app and webviews', () => {
    const handlers = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>()
    let openHandler: (() => { action: string }) | undefined
    const contents = {
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
      on: (event: string, fn: (e: { preventDefault: () => void }, url?: string) => void) => handlers.set(event, fn),
    }
    recorded.appHandlers.get('web-contents-created')?.({}, contents)
    expect(openHandler?.()).toEqual({ action: 'deny' })
    const navigate = (event: string, url: string): boolean => {
      let prevented = false
      handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true)
    const rendererDir = path.resolve(import.meta.dirname, '../../renderer')
    expect(navigate('will-navigate', `file://${rendererDir}/index.html#/lag`)).toBe(false)
    expect(navigate('will-navigate', `file://${rendererDir}-evil/index.html`)).toBe(true)
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true)
  })

  it('answers IPC only from the main frame of the app page', async () => {
    const rendererDir = path.resolve(import.meta.dirname, '../../renderer')
    const appUrl = `file://${rendererDir}/index.html`
    let nextId = 1
    /** Sends app.info from a renderer frame with this URL (a subframe when `sub`); collects the replies. */
    const ask = (url: string, sub = false): unknown[] => {
      const replies: unknown[] = []
      const frame = { url, parent: sub ? {} : null }
      const sender = {
        id: nextId++,
        mainFrame: sub ? {} : frame,
        send: (_channel: string, msg: unknown) => replies.push(msg),
        isDestroyed: () => false,
        once: () => undefined,
      }
      const msg = { t: 'call', id: 1, method: 'app.info', input: {} }
      recorded.ipcListeners.get('keytrail:msg')?.({ sender, senderFrame: frame }, msg)
      return replies
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const refused = [
        ask('https://evil.example/'),
        ask(`file://${rendererDir}-evil/index.html`),
        ask('file:///etc/passwd'),
        ask(appUrl, true),
      ]
      expect(warn).toHaveBeenCalledTimes(refused.length)
      // Sent last: once the app page has its answer, an answer to the others would have come too.
      const accepted = ask(`${appUrl}#/lag`)
      await vi.waitFor(() => expect(accepted).toMatchObject([{ t: 'result', id: 1, ok: true }]))
      expect(refused).toEqual([[], [], [], []])
    } finally {
      warn.mockRestore()
    }
  })

  it('holds a single-instance lock and serves the contract over IPC', () => {
    expect(recorded.appHandlers.has('second-instance')).toBe(true)
    expect(recorded.ipcChannels).toEqual(['keytrail:msg', 'keytrail:reset'])
  })
})
