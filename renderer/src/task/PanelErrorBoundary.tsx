import { Component, type ReactNode } from 'react';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';

interface State {
  error: Error | null;
}

/** Keeps a failing panel (say, the diff viewer's code failing to load) from taking the whole view down. */
export class PanelErrorBoundary extends Component<{ what: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert className="tv-diff-alert" action={<Button size="sm" onClick={() => window.location.reload()}>Reload</Button>}>
        The {this.props.what} failed: {error.message}. Reload the window; if it happens again, restart Codebay.
      </Alert>
    );
  }
}
