import { systemActor } from '../../access/actor.js';
import type { Deps } from '../../context.js';
import type { JobSpec } from '../../shared/jobs.js';
import { hanoiToday } from '../dates.js';
import { currentPeriodOf } from './periods.js';
import { sendReminders } from './send-reminders.js';
import { readCoverageSettings } from './settings.js';

const DAY_MS = 24 * 3_600_000;

/**
 * The daily reminder round: once the current period (semester) is half over, schools still below
 * the minimum get one reminder for it (sendReminders skips those already reminded). Earlier
 * reminders would only nag schools that have planned their sessions for later in the term.
 */
export function coverageReminderJob(deps: Deps): JobSpec {
  return {
    name: 'programmes.coverage-reminders',
    everyMs: DAY_MS,
    atStart: false,
    async run() {
      const today = hanoiToday(deps.clock);
      const period = currentPeriodOf(today, await readCoverageSettings(deps.db.kysely));
      const middle = new Date((Date.parse(period.from) + Date.parse(period.to)) / 2).toISOString().slice(0, 10);
      if (today < middle) return { skipped: 'before the middle of the period' };
      return sendReminders({ ...deps, actor: systemActor('programmes.coverage-reminders'), origin: { ip: null } }, { period: period.key });
    },
  };
}
