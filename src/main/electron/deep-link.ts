/** The console's pages a `keytrail://` link may open. */
const PAGES = new Set(['overview', 'trace', 'lag', 'jobs', 'connections'])

export const PROTOCOL = 'keytrail'

/**
 * The hash route a `keytrail://lag/billing?profile=prod` link opens, or undefined for anything else:
 * a link from a chat or a runbook opens a view, and nothing but a view.
 */
export function hashOfDeepLink(link: string): string | undefined {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return undefined
  }
  if (url.protocol !== `${PROTOCOL}:`) return undefined
  const route = `${url.host}${url.pathname}`.replace(/^\/+/, '').replace(/\/+$/, '')
  const segments = route.split('/')
  if (!PAGES.has(segments[0] ?? '')) return undefined
  // Each segment travels encoded, so the hash cannot be turned into anything but a route.
  const path = segments.map((s) => encodeURIComponent(safeDecode(s))).join('/')
  const profile = url.searchParams.get('profile')
  return `#/${path}${profile ? `?profile=${encodeURIComponent(profile)}` : ''}`
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The link a second instance (Windows, Linux) was started with. */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((a) => a.startsWith(`${PROTOCOL}://`))
}
