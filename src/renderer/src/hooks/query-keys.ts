/** Query-key factories: one per domain, so that pushes and invalidations hit the right entries. */
export const profileKeys = {
  all: ['profiles'] as const,
  list: () => [...profileKeys.all, 'list'] as const,
}

export const healthKeys = {
  all: ['health'] as const,
  profile: (id: string) => [...healthKeys.all, id] as const,
}

export const appKeys = {
  info: ['app', 'info'] as const,
}
