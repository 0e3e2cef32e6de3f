import { Component, type ReactNode } from 'react';

/** Shows a readable message instead of a blank page when something below it throws. */
export class ErrorBoundary extends Component<{ children: ReactNode; what: string }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div role="alert" className="error-box">
          <p><strong>Something went wrong in {this.props.what}.</strong> {this.state.error.message}</p>
          <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
        </div>
      );
    }
    return this.props.children;
  }
}
