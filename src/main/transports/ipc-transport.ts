import type { ServerMessage } from '../../shared/wire'
import { IPC_MESSAGE, IPC_RESET } from '../../shared/ipc-channels'
import { Connection } from '../api/connection'
import type { Router } from '../api/router'

/** The parts of Electron's WebContents this transport needs (an in-memory stand-in in tests). */
export interface WebContentsLike {
  readonly id: number
  send(channel: string, msg: ServerMessage): void
  isDestroyed(): boolean
  once(event: 'destroyed', listener: () => void): void
  readonly mainFrame?: unknown
}

export interface IpcEventLike {
  readonly sender: WebContentsLike
  readonly senderFrame: { readonly url: string; readonly parent?: unknown } | null
}

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

export interface IpcTransportOptions {
  /** Is this the URL of our own renderer? Messages from any other frame are dropped. */
  isTrustedUrl: (url: string) => boolean
  onRejected?: (reason: string) => void
}

/**
 * Serves the contract to every renderer over IPC: one router session per WebContents,
 * closed when it is destroyed and reset when its page reloads.
 */
export function serveIpc(ipc: IpcMainLike, router: Router, opts: IpcTransportOptions): () => void {
  const sessions = new Map<number, Connection>()

  const trusted = (event: IpcEventLike): boolean => {
    const frame = event.senderFrame
    const ok =
      frame !== null &&
      (frame.parent === null || frame.parent === undefined) &&
      (event.sender.mainFrame === undefined || event.sender.mainFrame === frame) &&
      opts.isTrustedUrl(frame.url)
    if (!ok) opts.onRejected?.(`IPC from untrusted frame ${frame?.url ?? '(gone)'}`)
    return ok
  }

  const sessionOf = (sender: WebContentsLike): Connection => {
    let session = sessions.get(sender.id)
    if (!session) {
      session = new Connection(
        router,
        (msg) => {
          if (!sender.isDestroyed()) sender.send(IPC_MESSAGE, msg)
        },
        { transport: 'ipc' },
      )
      sessions.set(sender.id, session)
      sender.once('destroyed', () => {
        sessions.get(sender.id)?.close()
        sessions.delete(sender.id)
      })
    }
    return session
  }

  const onMessage = (event: IpcEventLike, msg: unknown): void => {
    if (trusted(event)) sessionOf(event.sender).receive(msg)
  }
  const onReset = (event: IpcEventLike): void => {
    if (trusted(event)) sessions.get(event.sender.id)?.reset()
  }
  ipc.on(IPC_MESSAGE, onMessage as (event: IpcEventLike, ...args: unknown[]) => void)
  ipc.on(IPC_RESET, onReset)

  return () => {
    ipc.removeListener(IPC_MESSAGE, onMessage as (event: IpcEventLike, ...args: unknown[]) => void)
    ipc.removeListener(IPC_RESET, onReset)
    for (const s of sessions.values()) s.close()
    sessions.clear()
  }
}
