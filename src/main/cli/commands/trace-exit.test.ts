import { describe, expect, it } from 'vitest'
import type { TraceVerdict } from '../../../shared/contract'
import { TRACE_USAGE, findExitCode, traceExitCode } from './trace'

const registry = {
  kind: 'registry' as const,
  severity: 'warn' as const,
  message: 'Schema Registry x answered 401',
  events: [],
}

describe('trace and find exit codes', () => {
  it('exit 4 when the registry refused or was down, even when the trace found nothing', () => {
    const notFound: TraceVerdict = { status: 'not-found', summary: '', findings: [registry] }
    expect(traceExitCode(notFound)).toBe(4)
    expect(traceExitCode({ ...notFound, status: 'complete' })).toBe(4)
    expect(traceExitCode({ ...notFound, findings: [] })).toBe(1)
    expect(findExitCode({ registryError: 'Schema Registry x answered 403' })).toBe(4)
    expect(findExitCode({})).toBe(0)
  })

  it('documents exit 4 and the undecodable count in the usage', () => {
    expect(TRACE_USAGE).toMatch(/Exit code 4 \(trace and find\)/)
    expect(TRACE_USAGE).toMatch(/undecodable/)
  })
})
