import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export interface TileProps {
  /** Stable name for tests and anchors, e.g. `reports-new`. */
  id: string;
  label: string;
  value: number | null | undefined;
  /** The list behind the figure, when the caller may open it; a figure without one is shown plain. */
  to?: string | undefined;
  /** Drawn in the warning colour when above zero (overdue, locked, failed). */
  alarm?: boolean;
  hint?: ReactNode;
}

/** One figure of the home page: a count and, when the caller may open it, a link straight to the work. */
export function Tile({ id, label, value, to, alarm, hint }: TileProps) {
  const n = value ?? 0;
  const body = (
    <Card size="small" hoverable={!!to} className="home-tile" data-testid={`home-${id}`}>
      <Statistic title={label} value={n} styles={alarm && n > 0 ? { content: { color: '#b42318' } } : undefined} />
      {hint ? <div className="muted">{hint}</div> : null}
    </Card>
  );
  return to ? (
    <Link to={to} className="module-card-link" aria-label={`${label}: ${n}`}>
      {body}
    </Link>
  ) : (
    body
  );
}
