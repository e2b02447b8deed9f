import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useLang } from '../../locale.js';

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

/**
 * One figure of the home page: a count and, when the caller may open it, a link straight to the work.
 * Plain HTML and CSS (styles.css, `.home-tile`): it is part of the signed-in first load.
 */
export function Tile({ id, label, value, to, alarm, hint }: TileProps) {
  const { lang } = useLang();
  const n = value ?? 0;
  const body = (
    <div className={to ? 'home-card home-tile home-tile-link' : 'home-card home-tile'} data-testid={`home-${id}`}>
      <div className="tile-label">{label}</div>
      <div className={alarm && n > 0 ? 'tile-value tile-alarm' : 'tile-value'} data-testid={`home-${id}-value`}>
        {n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}
      </div>
      {hint ? <div className="muted">{hint}</div> : null}
    </div>
  );
  return to ? (
    <Link to={to} className="module-card-link" aria-label={`${label}: ${n}`}>
      {body}
    </Link>
  ) : (
    body
  );
}
