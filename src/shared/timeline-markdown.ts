import type { Timeline } from './contract/timeline'
import { mdCell as cell } from './markdown-text'

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

/** A view's route as a link that opens it in the desktop app from a chat or a document. */
export const appLink = (route: string): string => `keytrail://${route.replace(/^#\/?/, '')}`

/** The timeline as an incident document wants it: times in UTC, what changed, figures, links. */
export function timelineMarkdown(t: Timeline): string {
  const lines = [
    `## Timeline ${utc(t.from)} – ${utc(t.to)} UTC`,
    '',
    '| time (UTC) | profile | event | severity | subject | what |',
    '|---|---|---|---|---|---|',
  ]
  for (const e of t.entries) {
    const what = `[${cell(e.summary).replace(/[[\]]/g, '\\$&')}](${appLink(e.link)})`
    lines.push(
      `| ${utc(e.at)} | ${cell(e.profileId)} | ${e.source} ${e.type} | ${e.severity} | ${cell(e.subject)} | ${what} |`,
    )
  }
  if (t.entries.length === 0) lines.push('| | | nothing changed | | | |')
  if (t.skipped) lines.push('', `_${t.skipped} stored line(s) could not be read._`)
  return lines.join('\n') + '\n'
}
