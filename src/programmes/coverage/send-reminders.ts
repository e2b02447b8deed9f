import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notify, queueMail } from '../../intake/notify.js';
import { t } from '../../shared/i18n.js';
import { newId } from '../../shared/ids.js';
import { coveragePolicy } from '../coverage.policy.js';
import '../messages.js';
import { readCoverage } from './read-coverage.js';
import type { PeriodQuery } from './resolve-period.js';

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const lastDay = (to: string) => {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/**
 * Reminds the administrators of schools not yet covered in a period: a console notification to
 * each school administrator account and an e-mail through intake's outbox (queued in the same
 * transaction, delivered with retries). One reminder per school and period — a second run (the
 * daily job, or someone pressing the button again) skips schools already reminded.
 */
export async function sendReminders(ctx: Ctx, q: PeriodQuery = {}): Promise<{ schools: number; notified: number; mails: number }> {
  coveragePolicy.authorize(ctx.actor, 'remind');
  const coverage = await readCoverage(ctx, q);
  const targets = coverage.uncovered.filter((s) => coveragePolicy.can(ctx.actor, 'remind', { unit_id: s.unitId }));
  const key = coverage.period.key;
  // the period as dates, readable in either language (a notification is rendered in its reader's)
  const period = `${dmy(coverage.period.from)} – ${dmy(lastDay(coverage.period.to))}`;
  let schools = 0;
  let notified = 0;
  let mails = 0;
  for (const s of targets) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const now = ctx.clock().toISOString();
      const sent = await trx
        .selectFrom('programme_reminders')
        .select('id')
        .where('school_id', '=', s.schoolId)
        .where('period_key', '=', key)
        .executeTakeFirst();
      if (sent) return;
      // the school's administrator accounts (org's users table: who to tell, nothing else is read)
      const admins = await trx
        .selectFrom('users')
        .select(['id', 'email'])
        .where('school_id', '=', s.schoolId)
        .where('role', '=', 'school_admin')
        .where('disabled', '=', 0)
        .execute();
      const params = { school: s.name, min: coverage.minSessions, sessions: s.sessions, period };
      await notify(
        trx,
        now,
        admins.map((a) => ({ audience: 'user' as const, audienceId: a.id, kind: 'programme_reminder', reportId: null, code: 'programme_reminder', params })),
      );
      const to = admins.flatMap((a) => (a.email ? [a.email] : []));
      await queueMail(
        trx,
        ctx.sealer,
        now,
        to.map((address) => ({
          to: address,
          subject: t('vi', 'programme_reminder_subject', params),
          body: `${t('vi', 'programme_reminder', params)}\n\n${t('en', 'programme_reminder', params)}`,
          reportId: null,
        })),
      );
      await trx.insertInto('programme_reminders').values({ id: newId(), school_id: s.schoolId, period_key: key, sent_at: now }).execute();
      await audit(ctx, trx, 'programme_coverage.reminded', { type: 'school', id: s.schoolId }, { period: key, accounts: admins.length, mails: to.length });
      schools++;
      notified += admins.length;
      mails += to.length;
    });
  }
  return { schools, notified, mails };
}
