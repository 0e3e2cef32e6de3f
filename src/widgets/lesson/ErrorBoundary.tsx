import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What shows instead of the children once they have thrown; `retry` renders them again. */
  fallback: (error: Error, retry: () => void) => ReactNode;
}

/** Catches what its children throw while rendering, so only they are replaced by a message. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  private retry = () => this.setState({ error: null });
  override render() {
    return this.state.error ? this.props.fallback(this.state.error, this.retry) : this.props.children;
  }
}
