import type { ComponentState, ProfileHealth } from '../../../../shared/contract'
import { fmtMs } from '../../../../shared/format'
import { RelativeTime } from '../relative-time'

function Freshness({ c }: { c: ComponentState }) {
  if (!c.configured) return <span className="muted">not configured</span>
  if (c.state === 'down') {
    return (
      <span className="tile-down">
        unreachable
        {c.since ? (
          <>
            {' '}
            since <RelativeTime at={c.since} />
          </>
        ) : null}
        {c.observedAt ? (
          <>
            {' '}
            · figures from <RelativeTime at={c.observedAt} />
          </>
        ) : null}
      </span>
    )
  }
  if (c.state === 'unknown' || c.observedAt === null) return <span className="muted">checking…</span>
  return (
    <span className="muted">
      read <RelativeTime at={c.observedAt} />
    </span>
  )
}

function Tile({
  title,
  c,
  testId,
  children,
}: {
  title: string
  c: ComponentState
  testId: string
  children: React.ReactNode
}) {
  return (
    <div className="tile" data-state={c.state} data-observed-at={c.observedAt ?? undefined} data-testid={testId}>
      <div className="tile-head">
        <span
          className={`dot dot-${c.state === 'up' ? 'ok' : c.state === 'down' ? 'bad' : 'off'}`}
          aria-hidden="true"
        />
        <strong>{title}</strong>
        <Freshness c={c} />
      </div>
      <div className={c.state === 'down' ? 'tile-body tile-stale' : 'tile-body'}>{children}</div>
    </div>
  )
}

const n = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '—' : v.toFixed(digits))

/** Kafka, Flink and lag of one profile, each with how fresh its figures are. */
export function ClusterTiles({ profile }: { profile: ProfileHealth }) {
  const { kafka, flink, lag } = profile.tiles
  return (
    <section className="cluster" data-env={profile.environment} data-testid={`cluster-${profile.id}`}>
      <h3>
        <span className="env-tag" data-env={profile.environment}>
          {profile.environment}
        </span>
        {profile.name}
      </h3>
      <div className="tiles">
        <Tile title="Kafka" c={profile.components.kafka} testId="tile-kafka">
          {kafka ? (
            <dl>
              <dt>brokers</dt>
              <dd>
                {kafka.brokers}/{kafka.expectedBrokers}
              </dd>
              <dt>URP</dt>
              <dd className={kafka.underReplicated ? 'warn' : ''}>{kafka.underReplicated}</dd>
              <dt>offline</dt>
              <dd className={kafka.offline ? 'bad' : ''}>{kafka.offline}</dd>
              <dt>in</dt>
              <dd>{n(kafka.inPerSec)}/s</dd>
            </dl>
          ) : null}
        </Tile>
        <Tile title="Flink" c={profile.components.flink} testId="tile-flink">
          {flink ? (
            <dl>
              <dt>running</dt>
              <dd>{flink.running}</dd>
              <dt>restarting</dt>
              <dd className={flink.restarting ? 'bad' : ''}>{flink.restarting}</dd>
              <dt>failed</dt>
              <dd className={flink.failed ? 'bad' : ''}>{flink.failed}</dd>
              <dt>checkpoints ok</dt>
              <dd className={flink.checkpointsHealthy < flink.running ? 'warn' : ''}>
                {flink.checkpointsHealthy}/{flink.running}
              </dd>
            </dl>
          ) : null}
        </Tile>
        <Tile title="Lag" c={profile.components.lag} testId="tile-lag">
          {lag ? (
            <ol className="worst">
              {lag.worst.slice(0, 3).map((g) => (
                <li key={g.group}>
                  <a href={`#/lag/${encodeURIComponent(g.group)}?profile=${encodeURIComponent(profile.id)}`}>
                    {g.group}
                  </a>
                  <span className={g.status === 'OK' ? 'muted' : 'warn'}>{g.status}</span>
                  <span>{g.lagSeconds === null ? `${g.lag} msgs` : fmtMs(g.lagSeconds * 1000)}</span>
                </li>
              ))}
              {lag.groups === 0 ? <li className="muted">no groups</li> : null}
            </ol>
          ) : null}
        </Tile>
      </div>
    </section>
  )
}
