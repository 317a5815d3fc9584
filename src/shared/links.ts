/** Hash routes of the console's views, the profile included, so that a link opens the same view anywhere. */
export type ViewLink =
  | { view: 'overview' }
  | { view: 'connections' }
  | { view: 'lag'; group?: string }
  | { view: 'jobs'; job?: string; checkpoints?: boolean; checkpoint?: number }
  | { view: 'trace'; id?: string }

const enc = encodeURIComponent

export function linkTo(profileId: string, link: ViewLink): string {
  const q = `?profile=${enc(profileId)}`
  switch (link.view) {
    case 'overview':
    case 'connections':
      return `#/${link.view}${q}`
    case 'lag':
      return `#/lag${link.group ? `/${enc(link.group)}` : ''}${q}`
    case 'jobs': {
      const cp =
        link.checkpoint !== undefined ? `/checkpoints/${link.checkpoint}` : link.checkpoints ? '/checkpoints' : ''
      return `#/jobs${link.job ? `/${enc(link.job)}${cp}` : ''}${q}`
    }
    case 'trace':
      return `#/trace${link.id ? `/${enc(link.id)}` : ''}${q}`
  }
}
