import type { TraceEvent, TraceStats, TraceVerdict } from '../../../../shared/contract'
import { mdCell, mdCode } from '../../../../shared/markdown-text'
import { fmtBytes, fmtMs } from '../format'

export function traceJson(entityId: string, events: TraceEvent[], verdict?: TraceVerdict, stats?: TraceStats): string {
  return JSON.stringify({ entityId, events, verdict, stats }, null, 2)
}

/** An incident-note section: the verdict, what looks wrong, and the story as a table. */
export function traceMarkdown(
  entityId: string,
  events: TraceEvent[],
  verdict?: TraceVerdict,
  stats?: TraceStats,
): string {
  const lines = [`## Trace of ${mdCode(entityId)}`, '']
  if (verdict) lines.push(`**${verdict.status.toUpperCase()}**: ${mdCell(verdict.summary)}`, '')
  if (verdict?.findings.length) {
    lines.push('Findings:', '')
    for (const f of verdict.findings) lines.push(`- **${f.severity}** ${f.kind}: ${mdCell(f.message)}`)
    lines.push('')
  }
  lines.push('| time (UTC) | hop | topic/partition@offset | type | key |', '|---|---|---|---|---|')
  let prev: TraceEvent | undefined
  for (const e of events) {
    const hop = prev ? `+${fmtMs(e.timestamp - prev.timestamp)}` : ''
    lines.push(
      `| ${new Date(e.timestamp).toISOString()} | ${hop} | ${mdCell(e.topic)}/${e.partition}@${e.offset} | ${mdCell(e.type ?? '')}${e.aborted ? ' (aborted)' : ''} | ${e.key === null ? '∅' : mdCell(e.key)} |`,
    )
    prev = e
  }
  if (stats) {
    lines.push(
      '',
      `_${stats.recordsScanned.toLocaleString()} records (${fmtBytes(stats.bytesScanned)}) scanned in ${stats.partitionsRead} partitions, ${fmtMs(stats.elapsedMs)}, by Keytrail._`,
    )
  }
  return `${lines.join('\n')}\n`
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
