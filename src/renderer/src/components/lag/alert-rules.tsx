import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { AlertRule } from '../../../../shared/contract'
import { useBackend } from '../../backend/context'
import { lagKeys } from '../../hooks/query-keys'

/** A group's alert rules: time lag above X seconds for Y seconds, and verdict not OK. */
export function AlertRules({ profileId, group, rules }: { profileId: string; group: string; rules: AlertRule | null }) {
  const backend = useBackend()
  const client = useQueryClient()
  const [above, setAbove] = useState(rules?.lagSecondsAbove?.toString() ?? '')
  const [forS, setForS] = useState(String(rules?.forSeconds ?? 60))
  const [notOk, setNotOk] = useState(rules?.verdictNotOk ?? false)
  const [error, setError] = useState<string>()
  const save = async (clear: boolean) => {
    setError(undefined)
    try {
      await backend.call('lag.setRules', {
        id: profileId,
        group,
        rules: clear
          ? null
          : { ...(above ? { lagSecondsAbove: Number(above) } : {}), forSeconds: Number(forS), verdictNotOk: notOk },
      })
      await client.invalidateQueries({ queryKey: lagKeys.group(profileId, group) })
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <form
      className="form-inline"
      onSubmit={(e) => {
        e.preventDefault()
        void save(false)
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
      <button className="btn btn-primary" type="submit">
        Save rules
      </button>
      {rules && (
        <button className="btn" type="button" onClick={() => void save(true)}>
          Remove
        </button>
      )}
      {error && <span className="error-text">{error}</span>}
    </form>
  )
}
