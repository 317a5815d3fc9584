import { useState } from 'react'
import type { AlertRule } from '../../../../shared/contract'
import { useSetLagRules } from '../../hooks/use-lag'

/** A group's alert rules: time lag above X seconds for Y seconds, and verdict not OK. */
export function AlertRules({ profileId, group, rules }: { profileId: string; group: string; rules: AlertRule | null }) {
  const setRules = useSetLagRules(profileId, group)
  const [above, setAbove] = useState(rules?.lagSecondsAbove?.toString() ?? '')
  const [forS, setForS] = useState(String(rules?.forSeconds ?? 60))
  const [notOk, setNotOk] = useState(rules?.verdictNotOk ?? false)
  return (
    <form
      className="form-inline"
      onSubmit={(e) => {
        e.preventDefault()
        setRules.mutate({
          ...(above ? { lagSecondsAbove: Number(above) } : {}),
          forSeconds: Number(forS),
          verdictNotOk: notOk,
        })
      }}
      data-testid="alert-rules"
    >
      <label>
        Time lag above (s) <input type="number" min={0} value={above} onChange={(e) => setAbove(e.target.value)} />
      </label>
      <label>
        for (s) <input type="number" min={0} value={forS} onChange={(e) => setForS(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={notOk} onChange={(e) => setNotOk(e.target.checked)} /> verdict not OK
      </label>
      <button className="btn btn-primary" type="submit" disabled={setRules.isPending}>
        Save rules
      </button>
      {rules && (
        <button className="btn" type="button" disabled={setRules.isPending} onClick={() => setRules.mutate(null)}>
          Remove
        </button>
      )}
      {setRules.error && <span className="error-text">{setRules.error.message}</span>}
    </form>
  )
}
