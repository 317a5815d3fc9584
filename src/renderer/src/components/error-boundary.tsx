import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | undefined
}

/** Keeps one broken page from blanking the whole console. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: undefined }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined })
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Keytrail page crashed', error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <div className="panel panel-error" role="alert">
        <h2>This page failed</h2>
        <pre className="mono">{this.state.error.message}</pre>
        <button type="button" className="btn" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    )
  }
}
