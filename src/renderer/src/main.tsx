import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { chooseBackend } from './backend/choose'
import { BackendProvider } from './backend/context'
import { ToastProvider } from './components/toasts'
import './styles/tokens.css'
import './styles/app.css'

const backend = chooseBackend()
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={backend}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </QueryClientProvider>
    </BackendProvider>
  </StrictMode>,
)
