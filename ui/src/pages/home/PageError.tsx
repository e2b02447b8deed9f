import { Component, type ReactNode } from 'react';
import { useHomeT } from './i18n.js';

/**
 * A page that failed to draw, with a button to try again. Plain HTML and CSS, not antd's Result: it
 * comes with the shell's first load, and it must show even when the failure was a file that did not
 * download.
 */
function PageFailed({ onRetry }: { onRetry: () => void }) {
  const h = useHomeT();
  return (
    <div className="home-card page-failed" role="alert">
      <h2 data-testid="page-error">{h.pageError.title}</h2>
      <p>{h.pageError.body}</p>
      <button type="button" className="btn btn-primary-small" onClick={onRetry}>
        {h.pageError.retry}
      </button>
    </div>
  );
}

/**
 * Keeps one page's failure inside that page: the menu and header stay, the page says it failed,
 * and moving to another address (`resetKey`) tries again. Without it a single page's error blanks
 * the whole console.
 */
export class PageErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { failedAt: string | null }> {
  override state = { failedAt: null as string | null };

  static getDerivedStateFromError(): { failedAt: string } {
    return { failedAt: '' };
  }

  override componentDidCatch(): void {
    this.setState({ failedAt: this.props.resetKey });
  }

  override render(): ReactNode {
    const { failedAt } = this.state;
    if (failedAt !== null && (failedAt === '' || failedAt === this.props.resetKey)) {
      return <PageFailed onRetry={() => this.setState({ failedAt: null })} />;
    }
    return this.props.children;
  }
}
