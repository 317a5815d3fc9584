import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// findBy*/waitFor wait on a condition; 1 s (the default) is too short on a loaded two-core CI
// machine running the unit and component projects side by side. A failure still fails, later.
configure({ asyncUtilTimeout: 10_000 })

// Testing Library unmounts after each test by itself only when the runner has globals; this one has none.
afterEach(() => {
  cleanup()
  window.location.hash = ''
})
