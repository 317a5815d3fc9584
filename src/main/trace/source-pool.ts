import type { Profile } from '../../shared/contract'
import type { PartitionSource } from '../kafka/partition-source'
import { sleep } from '../util/sleep'
import { disconnectNowAndLater } from '../kafka/disconnect-again'

/** kafkajs' disconnect waits for a connect in flight, which a frozen broker never finishes. */
const DISCONNECT_WAIT_MS = 2_000

/** A source with a connection to open and close (the PartitionReader; a stand-in in tests). */
export interface ClosableSource extends PartitionSource {
  connect(): Promise<void>
  disconnect(): Promise<void>
}

export interface Lease {
  source: ClosableSource
  /** Hands the source back; idempotent. */
  release(): void
}

interface Slot {
  source: Promise<ClosableSource>
  users: number
  /** Dropped (profile changed, or a one-shot host): closes when its last user leaves. */
  stale: boolean
}

/**
 * One connected source per profile, shared by the traces, finds and suggestions running on it.
 * Leased, so that a profile change (drop) never cuts a running trace: the old connection closes
 * when its last user releases it, and the next lease opens a new one.
 */
export class SourcePool {
  private readonly slots = new Map<string, Slot>()
  private readonly open = new Set<Slot>()

  constructor(
    private readonly connect: (profile: Profile) => Promise<ClosableSource>,
    /** false (one-shot hosts such as the CLI): no connection is kept once unused. */
    private readonly keep: boolean,
    /** What a failed connect is reported as. */
    private readonly explain: (profile: Profile, err: unknown) => unknown = (_p, err) => err,
  ) {}

  async lease(profile: Profile): Promise<Lease> {
    const slot = this.slotOf(profile)
    slot.users++
    let source: ClosableSource
    try {
      source = await slot.source
    } catch (err) {
      slot.users--
      throw err
    }
    let released = false
    return {
      source,
      release: () => {
        if (released) return
        released = true
        slot.users--
        if (slot.users === 0 && (slot.stale || !this.keep)) this.retire(profile.id, slot)
      },
    }
  }

  /** Forgets a profile's connection (its settings changed); running users keep it until they end. */
  drop(profileId: string): void {
    const slot = this.slots.get(profileId)
    if (!slot) return
    this.slots.delete(profileId)
    slot.stale = true
    if (slot.users === 0) void this.shut(slot)
  }

  /** Closes every connection, in use or not (the host is stopping; running traces were cancelled). */
  async close(): Promise<void> {
    this.slots.clear()
    await Promise.allSettled([...this.open].map((s) => this.shut(s)))
  }

  private slotOf(profile: Profile): Slot {
    const found = this.slots.get(profile.id)
    if (found) return found
    const slot: Slot = { source: this.connected(profile), users: 0, stale: false }
    this.slots.set(profile.id, slot)
    this.open.add(slot)
    // A failed connect is not kept: the next lease tries again.
    slot.source.catch(() => {
      if (this.slots.get(profile.id) === slot) this.slots.delete(profile.id)
      this.open.delete(slot)
    })
    return slot
  }

  private async connected(profile: Profile): Promise<ClosableSource> {
    const source = await this.connect(profile)
    try {
      await source.connect()
    } catch (err) {
      await source.disconnect().catch(() => undefined)
      throw this.explain(profile, err)
    }
    return source
  }

  private retire(profileId: string, slot: Slot): void {
    if (this.slots.get(profileId) === slot) this.slots.delete(profileId)
    void this.shut(slot)
  }

  private async shut(slot: Slot): Promise<void> {
    if (!this.open.delete(slot)) return
    const done = new AbortController()
    // A connect still in flight is closed once it lands, whenever that is.
    const closing = slot.source.then(
      (source) => disconnectNowAndLater(() => source.disconnect()),
      () => undefined,
    )
    void closing.finally(() => done.abort()).catch(() => undefined)
    // Past the wait the sockets close when their request times out; a host must not hang on them.
    await Promise.race([closing.catch(() => undefined), sleep(DISCONNECT_WAIT_MS, done.signal)])
  }
}
