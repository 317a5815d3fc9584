import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useBackend } from '../../backend/context'
import { flinkKeys, lagKeys } from '../../hooks/query-keys'
import { useActiveProfile, useProfiles, useSetActiveProfile } from '../../hooks/use-profiles'
import { paletteItems, rankItems, type PaletteItem } from './palette-items'

const RECENT_KEY = 'keytrail.palette.recent'
const readRecent = (): string[] => {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 20) : []
  } catch {
    return []
  }
}

/** Jobs, groups and topics of the active profile, read only while the palette is open. */
function usePaletteSources(open: boolean) {
  const backend = useBackend()
  const profile = useActiveProfile()
  const id = profile?.id ?? ''
  const { data: profiles } = useProfiles()
  const cluster = useQuery({
    queryKey: flinkKeys.cluster(id),
    queryFn: () => backend.call('flink.cluster', { id }),
    enabled: open && !!profile?.flink,
  })
  const lag = useQuery({
    queryKey: lagKeys.groups(id),
    queryFn: () => backend.call('lag.groups', { id }),
    enabled: open && !!id,
    staleTime: 10_000,
  })
  return useMemo(() => {
    const topics = new Set<string>(profile?.trace?.topics.map((t) => t.topic) ?? [])
    for (const g of lag.data?.groups ?? []) for (const t of g.topics) topics.add(t)
    return paletteItems({
      profileId: profile?.id,
      profiles: profiles?.profiles ?? [],
      jobs: [...new Set(cluster.data?.jobs.map((j) => j.name) ?? [])],
      groups: lag.data?.groups.map((g) => g.group) ?? [],
      topics: [...topics].sort(),
    })
  }, [profile, profiles, cluster.data, lag.data])
}

/** Ctrl/Cmd-K toggles the palette anywhere in the window; `onToggle` resets its query. */
function useShortcut(onToggle: () => void): void {
  const toggle = useRef(onToggle)
  useEffect(() => {
    toggle.current = onToggle
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        toggle.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

function PaletteList({
  shown,
  cursor,
  setCursor,
  choose,
}: {
  shown: PaletteItem[]
  cursor: number
  setCursor: (i: number) => void
  choose: (item: PaletteItem) => void
}) {
  return (
    <ul id="palette-list" role="listbox">
      {shown.map((item, i) => (
        <li
          key={item.id}
          id={`palette-${i}`}
          role="option"
          aria-selected={i === cursor}
          onMouseEnter={() => setCursor(i)}
          onClick={() => choose(item)}
        >
          <span>{item.label}</span>
          <span className="muted">{item.hint}</span>
        </li>
      ))}
      {shown.length === 0 ? <li className="muted">Nothing matches</li> : null}
    </ul>
  )
}

/** Ctrl/Cmd-K: jump to any page, profile, job, group or topic, or paste an id to trace it. */
export function CommandPalette() {
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [cursor, setCursor] = useState(0)
  const [recent, setRecent] = useState(readRecent)
  const input = useRef<HTMLInputElement>(null)
  const profile = useActiveProfile()
  const setActive = useSetActiveProfile()
  const items = usePaletteSources(open)
  const shown = useMemo(() => rankItems(items, query, recent, profile?.id), [items, query, recent, profile?.id])
  useShortcut(() => {
    setOpen((o) => !o)
    setQuery('')
    setCursor(0)
  })
  useEffect(() => {
    if (open) input.current?.focus()
  }, [open])

  const choose = (item: PaletteItem | undefined): void => {
    if (!item) return
    const next = [item.id, ...recent.filter((r) => r !== item.id)].slice(0, 20)
    setRecent(next)
    localStorage.setItem(RECENT_KEY, JSON.stringify(next))
    if (item.profileId) setActive.mutate(item.profileId)
    if (item.href) location.hash = item.href
    setOpen(false)
  }
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') setOpen(false)
    else if (e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, shown.length - 1))
    else if (e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0))
    else if (e.key === 'Enter') choose(shown[cursor])
    else return
    e.preventDefault()
  }

  if (!open) return null
  return (
    <div className="palette-backdrop" onMouseDown={() => setOpen(false)}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setCursor(0)
          }}
          onKeyDown={onKeyDown}
          placeholder="Jump to a page, job, group, topic — or paste an id to trace"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[cursor] ? `palette-${cursor}` : undefined}
        />
        <PaletteList shown={shown} cursor={cursor} setCursor={setCursor} choose={choose} />
      </div>
    </div>
  )
}
