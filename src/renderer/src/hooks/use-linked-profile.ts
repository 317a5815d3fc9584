import { useEffect } from 'react'
import { useProfiles, useSetActiveProfile } from './use-profiles'
import { profileOf } from './use-route'

/** A link that names a profile (`#/jobs/x?profile=prod`) makes it the active one, so the view shows its data. */
export function useLinkedProfile(): void {
  const { data } = useProfiles()
  const { mutate } = useSetActiveProfile()
  const activeId = data?.activeId
  const known = data?.profiles.map((p) => p.id).join('\n')
  useEffect(() => {
    const follow = (): void => {
      const wanted = profileOf(location.hash)
      if (wanted && activeId && wanted !== activeId && known?.split('\n').includes(wanted)) mutate(wanted)
    }
    follow()
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [activeId, known, mutate])
}
