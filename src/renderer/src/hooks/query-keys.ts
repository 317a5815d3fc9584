/** Query-key factories: one per domain, so that pushes and invalidations hit the right entries. */
export const profileKeys = {
  all: ['profiles'] as const,
  list: () => [...profileKeys.all, 'list'] as const,
}

export const healthKeys = {
  all: ['health'] as const,
  profile: (id: string) => [...healthKeys.all, id] as const,
  overview: () => [...healthKeys.all, 'overview'] as const,
  trail: () => [...healthKeys.all, 'overview', 'trail'] as const,
}

export const notificationKeys = {
  permission: () => ['notifications', 'permission'] as const,
}

export const timelineKeys = {
  all: ['timeline'] as const,
  view: (profileId: string, subject: string) => [...timelineKeys.all, profileId, subject] as const,
}

export const alertKeys = {
  all: ['alerts'] as const,
  list: () => [...alertKeys.all, 'list'] as const,
}

export const appKeys = {
  info: ['app', 'info'] as const,
}

export const flinkKeys = {
  all: ['flink'] as const,
  cluster: (profileId: string) => [...flinkKeys.all, profileId, 'cluster'] as const,
  checkpoints: (profileId: string, job: string) => [...flinkKeys.all, profileId, 'checkpoints', job] as const,
  /** The newest `limit` rows: a separate entry per limit, all under `checkpoints(profileId, job)`. */
  checkpointRows: (profileId: string, job: string, limit: number) =>
    [...flinkKeys.checkpoints(profileId, job), limit] as const,
  job: (profileId: string, job: string) => [...flinkKeys.all, profileId, 'job', job] as const,
  checkpointDetail: (profileId: string, jid: string, id: number) =>
    [...flinkKeys.all, profileId, 'checkpoint', jid, id] as const,
}

export const lagKeys = {
  all: ['lag'] as const,
  groups: (profileId: string) => [...lagKeys.all, profileId, 'groups'] as const,
  group: (profileId: string, group: string) => [...lagKeys.all, profileId, 'group', group] as const,
  /** Every group's history entries of a profile: what a new sample makes stale. */
  histories: (profileId: string) => [...lagKeys.all, profileId, 'history'] as const,
  history: (profileId: string, group: string, rangeMs: number) =>
    [...lagKeys.histories(profileId), group, rangeMs] as const,
}

export const watchKeys = {
  all: ['watch'] as const,
  profile: (profileId: string) => [...watchKeys.all, profileId] as const,
}
