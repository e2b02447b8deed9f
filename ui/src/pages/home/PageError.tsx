import { Button, Card, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { useHomeT } from './i18n.js';

function PageFailed({ onRetry }: { onRetry: () => void }) {
  const h = useHomeT();
  return (
    <Card>
      <Result
        status="error"
        title={<span data-testid="page-error">{h.pageError.title}</span>}
        subTitle={h.pageError.body}
        extra={
          <Button type="primary" onClick={onRetry}>
            {h.pageError.retry}
          </Button>
        }
      />
    </Card>
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
