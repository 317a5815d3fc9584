import { useState } from 'react'
import { linkTo, type ViewLink } from '../../../shared/links'
import { appLink } from '../../../shared/timeline-markdown'

/** Copies the view's deep link (profile included), so that it opens the same view anywhere. */
export function CopyLink({ profileId, link }: { profileId: string; link: ViewLink }) {
  const [copied, setCopied] = useState(false)
  const href = linkTo(profileId, link)
  const copy = async () => {
    // The desktop app opens keytrail:// links; a browser-mode console its own address (the token stays out).
    const url = location.protocol === 'file:' ? appLink(href) : `${location.origin}${location.pathname}${href}`
    try {
      await navigator.clipboard.writeText(url)
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    } catch {
      window.prompt('Copy this link', url)
    }
  }
  return (
    <button type="button" className="btn" data-testid="copy-link" data-href={href} onClick={() => void copy()}>
      {copied ? 'Link copied' : 'Copy link'}
    </button>
  )
}
