import { linkTo } from '../../../../shared/links'

export interface PaletteItem {
  /** Stable: recent items are remembered by it. */
  id: string
  kind: 'page' | 'profile' | 'job' | 'group' | 'topic' | 'trace'
  label: string
  hint: string
  /** The hash route it opens, or the profile it activates. */
  href?: string
  profileId?: string
}

export interface PaletteSources {
  profileId: string | undefined
  profiles: Array<{ id: string; name: string; environment: string }>
  jobs: string[]
  groups: string[]
  topics: string[]
}

const PAGES = [
  ['overview', 'Overview'],
  ['trace', 'Trace'],
  ['lag', 'Lag'],
  ['jobs', 'Jobs & Checkpoints'],
  ['connections', 'Connections'],
] as const

/** Everything the palette can jump to, for the active profile. */
export function paletteItems(s: PaletteSources): PaletteItem[] {
  const p = s.profileId ?? ''
  return [
    ...PAGES.map(([id, label]): PaletteItem => ({
      id: `page:${id}`,
      kind: 'page',
      label,
      hint: 'page',
      href: `#/${id}`,
    })),
    ...s.profiles.map((x): PaletteItem => ({
      id: `profile:${x.id}`,
      kind: 'profile',
      label: x.name,
      hint: `profile · ${x.environment}`,
      profileId: x.id,
    })),
    ...s.jobs.map((j): PaletteItem => ({
      id: `job:${p}:${j}`,
      kind: 'job',
      label: j,
      hint: 'Flink job',
      href: linkTo(p, { view: 'jobs', job: j }),
    })),
    ...s.groups.map((g): PaletteItem => ({
      id: `group:${p}:${g}`,
      kind: 'group',
      label: g,
      hint: 'consumer group',
      href: linkTo(p, { view: 'lag', group: g }),
    })),
    ...s.topics.map((t): PaletteItem => ({
      id: `topic:${p}:${t}`,
      kind: 'topic',
      label: t,
      hint: 'topic · find in it',
      href: `#/trace?profile=${encodeURIComponent(p)}&topic=${encodeURIComponent(t)}`,
    })),
  ]
}

/** How well a label matches what was typed: prefix best, then a word start, then anywhere; 0 = no match. */
function score(label: string, query: string): number {
  const l = label.toLowerCase()
  if (l.startsWith(query)) return 3
  if (l.split(/[\s\-_.:/]/).some((w) => w.startsWith(query))) return 2
  return l.includes(query) ? 1 : 0
}

/**
 * What the palette lists for a query: matches by score, recent ones first among equals, and — for
 * anything that could be an entity id — "Trace <id>" first, so a pasted id is one Enter away.
 */
export function rankItems(
  items: PaletteItem[],
  query: string,
  recent: string[],
  profileId: string | undefined,
  limit = 12,
): PaletteItem[] {
  const q = query.trim().toLowerCase()
  const recency = (id: string) => {
    const i = recent.indexOf(id)
    return i === -1 ? Infinity : i
  }
  if (!q) {
    return [...items].sort((a, b) => recency(a.id) - recency(b.id)).slice(0, limit)
  }
  const matched = items
    .map((item) => ({ item, s: score(item.label, q) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || recency(a.item.id) - recency(b.item.id) || a.item.label.localeCompare(b.item.label))
    .map((x) => x.item)
  const raw = query.trim()
  const looksLikeId = /^[\w.:@/-]{3,200}$/.test(raw) && !matched.some((m) => m.label.toLowerCase() === q)
  const trace: PaletteItem[] = looksLikeId
    ? [
        {
          id: `trace:${raw}`,
          kind: 'trace',
          label: `Trace ${raw}`,
          hint: 'follow this id across topics',
          href: linkTo(profileId ?? '', { view: 'trace', id: raw }),
        },
      ]
    : []
  // An id (it has a digit, or names nothing here) is traced first; a word that matches names stays below them.
  const traceFirst = matched.length === 0 || /\d/.test(raw)
  return (traceFirst ? [...trace, ...matched] : [...matched.slice(0, limit - trace.length), ...trace]).slice(0, limit)
}
