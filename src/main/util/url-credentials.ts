/** A URL's user name and password, and the URL without them. */
export interface SplitUrl {
  url: string
  username?: string
  password?: string
}

/** Separates the credentials of a URL (http://user:pass@host) from the address. */
export function splitUrlCredentials(url: string): SplitUrl {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { url }
  }
  if (!parsed.username && !parsed.password) return { url }
  const username = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  parsed.username = ''
  parsed.password = ''
  return { url: parsed.toString(), ...(username ? { username } : {}), ...(password ? { password } : {}) }
}

export function hasUrlCredentials(url: string): boolean {
  return splitUrlCredentials(url).url !== url
}

/** An HTTP basic authorization header value. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
}
