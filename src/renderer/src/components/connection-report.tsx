import type { ConnectionReport } from '../../../shared/contract'

function Row({
  label,
  ok,
  configured = true,
  children,
}: {
  label: string
  ok: boolean
  configured?: boolean
  children: React.ReactNode
}) {
  const state = !configured ? 'off' : ok ? 'ok' : 'bad'
  return (
    <div className="report-row" data-testid={`report-${label.toLowerCase().replace(/\s+/g, '-')}`} data-state={state}>
      <span className={`dot dot-${state}`} aria-hidden="true" />
      <strong>{label}</strong>
      <span className="report-detail">{children}</span>
    </div>
  )
}

/** What a connection test found, component by component, errors verbatim. */
export function ConnectionReportView({ report }: { report: ConnectionReport }) {
  const { kafka, flink, schemaRegistry } = report
  return (
    <div className="report">
      <Row label="Kafka" ok={kafka.reachable}>
        {kafka.reachable ? (
          <>
            cluster <code>{kafka.clusterId}</code> · {kafka.brokerCount} broker(s) · controller{' '}
            {kafka.controllerId ?? '—'} · {kafka.latencyMs} ms
          </>
        ) : (
          <span className="error-text">{kafka.error}</span>
        )}
      </Row>
      <Row label="Flink" ok={flink.reachable} configured={flink.configured}>
        {!flink.configured ? (
          'not configured'
        ) : flink.reachable ? (
          <>
            Flink {flink.version} · {flink.taskManagers} task manager(s) · {flink.slotsAvailable}/{flink.slotsTotal}{' '}
            slots free · {flink.jobsRunning} running job(s)
          </>
        ) : (
          <span className="error-text">{flink.error}</span>
        )}
      </Row>
      <Row label="Schema Registry" ok={schemaRegistry.reachable} configured={schemaRegistry.configured}>
        {!schemaRegistry.configured ? (
          'not configured'
        ) : schemaRegistry.reachable ? (
          'reachable'
        ) : (
          <span className="error-text">{schemaRegistry.error}</span>
        )}
      </Row>
    </div>
  )
}
