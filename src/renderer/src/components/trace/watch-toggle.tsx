import { useSetWatch, useWatches } from '../../hooks/use-watch'

/** Pins the traced id: the console traces it again in the background and raises a problem while it is stuck. */
export function WatchToggle({ profileId, entityId }: { profileId: string; entityId: string }) {
  const { data } = useWatches(profileId)
  const set = useSetWatch(profileId)
  const watched = data?.watches.some((w) => w.entityId === entityId) ?? false
  return (
    <button
      type="button"
      className={watched ? 'btn btn-primary' : 'btn'}
      aria-pressed={watched}
      data-testid="watch-toggle"
      disabled={set.isPending || !data}
      title={
        watched
          ? 'Watched: traced again every few seconds until its story completes or its stuck verdict resolves'
          : 'Watch this id: an order problem appears on the Overview while it is stuck'
      }
      onClick={() => set.mutate({ entityId, on: !watched })}
    >
      {watched ? 'Watching' : 'Watch'}
    </button>
  )
}
