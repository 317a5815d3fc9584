import type { Admin, Kafka } from 'kafkajs'
import { ApiError } from '../../shared/contract'
import { disconnectNowAndLater } from '../kafka/disconnect-again'
import { PartitionReader } from '../kafka/partition-reader'
import { sleep } from '../util/sleep'

/** kafkajs' disconnect waits for a connect in flight, which a frozen broker never finishes. */
const DISCONNECT_WAIT_MS = 2_000

export interface LagClients {
  admin: Admin
  reader: PartitionReader
}

/**
 * One profile's Kafka connection for lag sampling: opened on first use and shared by concurrent
 * samples (a memoised promise, so that two samples starting together do not open two and leak
 * one), and closable at any moment, even while it is still being opened: a frozen broker never
 * answers the connect, and a host must still be able to stop.
 */
export class LagConnection {
  private pending: Promise<LagClients> | undefined
  private clients: LagClients | undefined
  /** Bumped by each drop: a connect that started before it closes what it opened. */
  private generation = 0
  private closed = false

  constructor(private readonly openKafka: () => Promise<Kafka>) {}

  get(): Promise<LagClients> {
    // A sample still running when the monitor is closed must not open a connection nobody closes.
    if (this.closed) return Promise.reject(new ApiError('UNAVAILABLE', 'The lag monitor was closed'))
    return (this.pending ??= this.connect())
  }

  /**
   * Closes the connection; the next `get` opens a new one. With `which`, only if that is still the
   * connection: a sample that fails late must not close the one opened since.
   */
  async drop(which?: LagClients): Promise<void> {
    if (which && which !== this.clients) return
    this.generation++
    const c = this.clients
    this.clients = undefined
    this.pending = undefined
    await disconnect(c)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.drop()
  }

  private async connect(): Promise<LagClients> {
    const generation = this.generation
    let c: LagClients | undefined
    try {
      const kafka = await this.openKafka()
      if (generation !== this.generation) throw new ApiError('UNAVAILABLE', 'The lag connection was closed')
      c = { admin: kafka.admin(), reader: new PartitionReader(kafka) }
      this.clients = c
      await c.admin.connect()
      await c.reader.connect()
      if (generation !== this.generation) throw new ApiError('UNAVAILABLE', 'The lag connection was closed')
      return c
    } catch (err) {
      if (generation === this.generation) {
        this.pending = undefined
        this.clients = undefined
      }
      await disconnect(c)
      throw err
    }
  }
}

async function disconnect(c: LagClients | undefined): Promise<void> {
  if (!c) return
  const done = new AbortController()
  const both = Promise.allSettled([
    disconnectNowAndLater(() => c.admin.disconnect()),
    disconnectNowAndLater(() => c.reader.disconnect()),
  ]).finally(() => done.abort())
  // Past the wait the sockets close when their request times out; a host must not hang on them.
  await Promise.race([both, sleep(DISCONNECT_WAIT_MS, done.signal)])
}
