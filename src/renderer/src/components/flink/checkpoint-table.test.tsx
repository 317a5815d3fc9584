import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../../shared/contract'
import { JobsPage } from '../../pages/jobs-page'
import { checkpointHistory, checkpointsView, demoCluster, localProfile } from '../../test-support/fixtures'
import { inMemoryBackend } from '../../test-support/in-memory-backend'
import { renderWithBackend } from '../../test-support/render'

function jobsBackend(stored: number) {
  const all = checkpointHistory(stored)
  return inMemoryBackend({
    calls: {
      'profiles.list': () => ({ profiles: [localProfile], activeId: 'local' }),
      'flink.cluster': () => demoCluster,
      'checkpoints.get': ({ limit }) => checkpointsView(all, limit),
      'checkpoints.detail': ({ checkpointId }) => {
        // Flink keeps the details of its last 10 checkpoints; the REST client answers older ones as NOT_FOUND.
        if (checkpointId <= stored - 10)
          throw new ApiError('NOT_FOUND', `No checkpoint ${checkpointId} in Flink's history of this job`)
        throw new ApiError('UNAVAILABLE', 'Flink REST at http://127.0.0.1:8081 did not answer within 10 s')
      },
    },
  })
}

// Plain selectors: role queries over hundreds of rows take seconds in a DOM emulation.
const rows = () => [...screen.getByTestId('checkpoint-history').querySelectorAll<HTMLElement>('tbody tr')]
const idOf = (row: HTMLElement) => Number(row.querySelector('td')!.textContent)

describe('the checkpoint table of a job', () => {
  beforeEach(() => {
    window.location.hash = '#/jobs/order-service'
  })

  it('shows the newest hundred first, failed ones marked with their failure', async () => {
    const backend = jobsBackend(250)
    renderWithBackend(<JobsPage />, backend)
    await screen.findByTestId('checkpoint-history')
    expect(rows()).toHaveLength(100)
    expect(rows().map(idOf).slice(0, 3)).toEqual([250, 249, 248])
    expect(idOf(rows().at(-1)!)).toBe(151)
    const failed = rows().filter((r) => r.className.includes('row-bad'))
    expect(failed.map(idOf)).toEqual([250, 240, 230, 220, 210, 200, 190, 180, 170, 160])
    expect(failed[0]!.textContent).toContain('Checkpoint expired before completing.')
    expect(within(rows()[1]!).getByText('4/4')).toBeTruthy()
    expect(screen.getByTestId('checkpoint-counts').textContent).toBe(
      '225 completed · 25 failed · 0 in progress · 0 restored',
    )
    expect(backend.inputsOf('checkpoints.get')).toEqual([{ id: 'local', job: 'order-service', limit: 500 }])
  })

  it('pages to older checkpoints, asking the core for more once the loaded ones run out', async () => {
    const backend = jobsBackend(700)
    renderWithBackend(<JobsPage />, backend)
    await screen.findByTestId('checkpoint-history')
    fireEvent.click(screen.getByText('Show older (600 more)'))
    await waitFor(() => expect(rows()).toHaveLength(600), { timeout: 5_000 })
    expect(idOf(rows().at(-1)!)).toBe(101)
    expect(backend.inputsOf('checkpoints.get').map((i) => i.limit)).toContain(600)
    expect(screen.getByText('Show older (100 more)').tagName).toBe('BUTTON')
  })

  it('drills into a checkpoint, saying so when Flink no longer keeps its details', async () => {
    renderWithBackend(<JobsPage />, jobsBackend(250))
    await screen.findByTestId('checkpoint-history')
    fireEvent.click(screen.getByTestId('checkpoint-row-200'))
    expect(screen.getByTestId('checkpoint-row-200').className).toContain('row-selected')
    expect(await screen.findByText(/Flink no longer has the details of this checkpoint/)).toBeTruthy()
    fireEvent.click(screen.getByTestId('checkpoint-row-249'))
    expect(await screen.findByText('Flink REST at http://127.0.0.1:8081 did not answer within 10 s')).toBeTruthy()
    expect(screen.queryByText(/Flink no longer has the details/)).toBeNull()
  })
})
