import type { Tx } from '../../db/database.js';
import type { Clock } from '../../shared/time.js';
import { hanoiToday } from '../dates.js';
import { defaultPeriod } from './default-period.js';
import { customPeriod, type NamedPeriod, periodOf } from './periods.js';
import { type CoverageSettings, readCoverageSettings } from './settings.js';

export interface PeriodQuery {
  /** 2025-2026, 2025-2026-hk1, 2025-2026-hk2 */
  period?: string | undefined;
  /** a custom period instead: [from, to) */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The period a coverage question is about: named, custom, or (neither) the city's default — this
 * year so far, the indicators' default (defaultPeriod), so the two pages agree when opened.
 */
export async function resolvePeriod(db: Tx, clock: Clock, q: PeriodQuery): Promise<{ period: NamedPeriod; settings: CoverageSettings }> {
  const settings = await readCoverageSettings(db);
  if (q.from !== undefined || q.to !== undefined) return { period: customPeriod(q.from ?? '', q.to ?? ''), settings };
  if (q.period) return { period: periodOf(q.period, settings), settings };
  return { period: defaultPeriod(hanoiToday(clock)), settings };
}
