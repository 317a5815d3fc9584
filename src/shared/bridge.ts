/** What the preload exposes to the page as `window.keytrail`: two functions, nothing else. */
export interface KeytrailBridge {
  invoke(method: string, input: unknown): Promise<unknown>
  subscribe(
    method: string,
    input: unknown,
    onEvent: (event: unknown) => void,
    onEnd: () => void,
    onError: (error: { code: string; message: string; details?: unknown }) => void,
  ): BridgeSubscription
}

/** A subscription across the bridge: `unsubscribe` drops it, `stop` lets it deliver its final events first. */
export interface BridgeSubscription {
  unsubscribe(): void
  stop(): void
}
