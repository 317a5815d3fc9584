import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { BackendProvider } from '../backend/context'
import { ToastProvider } from '../components/toasts'
import type { InMemoryBackend } from './in-memory-backend'

/** Renders `ui` inside the providers main.tsx sets up, talking to `backend`. No retries: a failure shows at once. */
export function renderWithBackend(ui: ReactElement, backend: InMemoryBackend): RenderResult {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  })
  return render(
    <BackendProvider backend={backend}>
      <QueryClientProvider client={client}>
        <ToastProvider>{ui}</ToastProvider>
      </QueryClientProvider>
    </BackendProvider>,
  )
}
