/** The only IPC channels Keytrail uses; both directions carry wire messages (shared/wire.ts). */
export const IPC_MESSAGE = 'keytrail:msg'
/** Sent by the preload when a page (re)loads: the main process drops that page's subscriptions. */
export const IPC_RESET = 'keytrail:reset'
