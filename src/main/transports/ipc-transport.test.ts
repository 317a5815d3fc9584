import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { createBridge } from '../../preload/bridge'
import { IPC_MESSAGE, IPC_RESET } from '../../shared/ipc-channels'
import type { ServerMessage } from '../../shared/wire'
import type { Router } from '../api/router'
import { localOnClosedPorts, tempCore, type TempCore } from '../test-support/temp-core'
import { serveIpc, type IpcEventLike, type IpcMainLike, type WebContentsLike } from './ipc-transport'

const APP_URL = 'file:///app/out/renderer/index.html'

/** ipcMain and one renderer's ipcRenderer, wired in memory the way Electron wires them. */
class FakeWebContents extends EventEmitter implements WebContentsLike {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly mainFrame = { url: APP_URL, parent: null }
  destroyed = false
  readonly rendererListeners: Array<(msg: ServerMessage) => void> = []
  send(channel: string, msg: ServerMessage): void {
    if (channel === IPC_MESSAGE) for (const l of this.rendererListeners) queueMicrotask(() => l(msg))
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

class FakeIpcMain extends EventEmitter implements IpcMainLike {
  /** What ipcRenderer.send does: the main process sees an event with the sender and its frame. */
  fromRenderer(wc: FakeWebContents, channel: string, frame: IpcEventLike['senderFrame'], ...args: unknown[]): void {
    const event: IpcEventLike = { sender: wc, senderFrame: frame }
    queueMicrotask(() => this.emit(channel, event, ...args))
  }
}

function renderer(ipc: FakeIpcMain, frame?: IpcEventLike['senderFrame']) {
  const wc = new FakeWebContents()
  const senderFrame = frame ?? wc.mainFrame
  const { bridge, client } = createBridge((msg) => ipc.fromRenderer(wc, IPC_MESSAGE, senderFrame, msg))
  wc.rendererListeners.push((msg) => client.receive(msg))
  return { wc, bridge, reload: () => ipc.fromRenderer(wc, IPC_RESET, senderFrame) }
}

describe('IPC transport', () => {
  let core: TempCore
  let stop: () => void
  const rejected: string[] = []
  let active = 0
  /** The real router, counting subscriptions that are still running on the main side. */
  const counting = (router: Router): Router => ({
    call: (m, i, c) => router.call(m, i, c),
    subscribe(m, i, sink, c) {
      let live = true
      const done = (): void => {
        if (live) active--
        live = false
      }
      active++
      const sub = router.subscribe(
        m,
        i,
        { event: sink.event, end: () => (done(), sink.end()), error: (e) => (done(), sink.error(e)) },
        c,
      )
      return {
        unsubscribe: () => {
          done()
          sub.unsubscribe()
        },
        stop: () => sub.stop(),
      }
    },
  })
  const setup = (): FakeIpcMain => {
    core = tempCore()
    active = 0
    const ipc = new FakeIpcMain()
    stop = serveIpc(ipc, counting(core.router), {
      isTrustedUrl: (u) => u.startsWith('file:///app/'),
      onRejected: (r) => rejected.push(r),
    })
    return ipc
  }
  afterEach(() => {
    stop()
    core.cleanup()
    rejected.length = 0
  })

  it('answers a call through the preload bridge', async () => {
    const { bridge } = renderer(setup())
    const list = (await bridge.invoke('profiles.list', {})) as { activeId: string }
    expect(list.activeId).toBe('local')
    expect(await bridge.invoke('app.info', {})).toMatchObject({ name: 'Keytrail', host: 'test' })
  })

  it('refuses names the contract does not define before they reach IPC', async () => {
    const ipc = setup()
    let sent = 0
    ipc.on(IPC_MESSAGE, () => sent++)
    const { bridge } = renderer(ipc)
    await expect(bridge.invoke('fs.readFile', { path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'UNKNOWN_METHOD',
    })
    await expect(bridge.invoke('health.watch', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' })
    expect(sent).toBe(0)
  })

  it('returns invalid input as a typed error', async () => {
    const { bridge } = renderer(setup())
    await expect(bridge.invoke('profiles.test', { id: 'NOT VALID' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('streams a subscription and stops it when the window is destroyed', async () => {
    const ipc = setup()
    await localOnClosedPorts(core, true)
    const { wc, bridge } = renderer(ipc)
    const first = await new Promise<unknown>((resolve, reject) => {
      bridge.subscribe(
        'health.watch',
        { id: 'local', intervalMs: 1000 },
        resolve,
        () => reject(new Error('ended')),
        reject,
      )
    })
    expect(first).toMatchObject({ profileId: 'local', kafka: { reachable: false }, flink: { reachable: false } })
    expect(active).toBe(1)
    wc.destroy()
    expect(active).toBe(0)
  })

  it('carries a stop through the bridge: the subscription ends on the main side and the page sees its end', async () => {
    const ipc = setup()
    await localOnClosedPorts(core, true)
    const { bridge } = renderer(ipc)
    let sub: ReturnType<typeof bridge.subscribe> | undefined
    const outcome = await new Promise<string>((resolve) => {
      sub = bridge.subscribe(
        'health.watch',
        { id: 'local', intervalMs: 1000 },
        () => sub?.stop(),
        () => resolve('end'),
        (e) => resolve(`error ${e.code}`),
      )
    })
    expect(outcome).toBe('end')
    expect(active).toBe(0)
    expect(Object.isFrozen(sub)).toBe(true)
  })

  it('drops messages from a frame that is not the app', async () => {
    const ipc = setup()
    const { bridge } = renderer(ipc, { url: 'https://evil.example/', parent: null })
    const answer = Promise.race([
      bridge.invoke('profiles.list', {}).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('silent'), 200)),
    ])
    expect(await answer).toBe('silent')
    expect(rejected[0]).toContain('evil.example')
  })

  it('drops messages from a subframe even with an app URL', async () => {
    const ipc = setup()
    const { bridge } = renderer(ipc, { url: APP_URL, parent: {} })
    const answer = Promise.race([
      bridge.invoke('profiles.list', {}).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('silent'), 200)),
    ])
    expect(await answer).toBe('silent')
  })

  it('drops a page’s subscriptions when it reloads', async () => {
    const ipc = setup()
    await localOnClosedPorts(core, false)
    const { wc, bridge, reload } = renderer(ipc)
    let events = 0
    await new Promise<void>((resolve) => {
      bridge.subscribe(
        'health.watch',
        { id: 'local', intervalMs: 1000 },
        () => {
          events++
          resolve()
        },
        () => undefined,
        () => undefined,
      )
    })
    expect(active).toBe(1)
    reload()
    await new Promise((r) => setTimeout(r, 50))
    expect(active).toBe(0)
    const after = events
    let sent = 0
    const orig = wc.send.bind(wc)
    wc.send = (c, m) => {
      sent++
      orig(c, m)
    }
    await new Promise((r) => setTimeout(r, 2200))
    expect(after).toBe(1)
    expect(sent).toBe(0)
  })
})
