import type { Ctx, Deps } from '../../../context.js';
import type { Tx } from '../../../db/database.js';
import { type MailInput, type NotifyInput, notify, queueMail, unitAddresses } from '../../../intake/notify.js';
import { slaStepsPolicy } from '../sla.policy.js';
import { isTaskOverdue, taskRows } from './task-rows.js';

/**
 * Reminders and overdue notices of case work, once each: a task's reminder when its time comes,
 * a task past its due date, a referral not answered in time. Each rings the console bell (the
 * assignee, or the ward/agency holding the case) and sends an e-mail through the outbox in the
 * same transaction that marks it sent. Mails name the case code and the date only: never the
 * task's wording or anything about the child. Runs every minute in each process (cases.work-sweep).
 */
export async function sweepCaseWork(deps: Deps): Promise<number> {
  const now = deps.clock().toISOString();
  const db = deps.db.kysely;
  const [remind, overdueTasks, overdueReferrals] = await Promise.all([
    taskRows(db).where('t.status', '=', 'open').where('t.remind_at', '<=', now).where('t.reminded_at', 'is', null).limit(200).execute(),
    taskRows(db).where('t.status', '=', 'open').where('t.due_at', '<', now).where('t.overdue_notified_at', 'is', null).limit(200).execute(),
    db
      .selectFrom('case_referrals as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .select(['r.id', 'r.to_unit_id', 'r.to_agency_id', 'c.code'])
      .where('r.status', '=', 'pending')
      .where('r.answer_due_at', '<', now)
      .where('r.overdue_notified', '=', 0)
      .limit(200)
      .execute(),
  ]);
  if (remind.length + overdueTasks.length + overdueReferrals.length === 0) return 0;
  const mails: MailInput[] = [];
  const bells: NotifyInput[] = [];
  await db.transaction().execute(async (trx) => {
    for (const t of remind) {
      const due = shortTime(t.due_at);
      await tellTaskHolders(trx, t, 'notif_case_task_reminder', { code: t.case_code, due }, bells, mails, {
        subject: `[Lá Chắn] Nhắc việc vụ ${t.case_code} — hạn ${due}`,
        body: `Nhắc việc: một công việc của vụ ${t.case_code} đến hạn ${due} (UTC). Mở mục "Công việc" trong giao diện quản trị Lá Chắn.\n\nReminder: a task of case ${t.case_code} is due ${due} (UTC). Open "Tasks" in the Lá Chắn console.`,
      });
      await trx.updateTable('case_tasks').set({ reminded_at: now }).where('id', '=', t.id).where('reminded_at', 'is', null).execute();
    }
    for (const t of overdueTasks) {
      if (!isTaskOverdue(t, now)) continue;
      const due = shortTime(t.due_at);
      await tellTaskHolders(trx, t, 'notif_case_task_overdue', { code: t.case_code, due }, bells, mails, {
        subject: `[Lá Chắn] Công việc vụ ${t.case_code} đã quá hạn (${due})`,
        body: `Một công việc của vụ ${t.case_code} đã quá hạn ${due} (UTC). Mở mục "Quá hạn" trong giao diện quản trị Lá Chắn.\n\nA task of case ${t.case_code} is overdue since ${due} (UTC). Open "Overdue" in the Lá Chắn console.`,
      });
      await trx.updateTable('case_tasks').set({ overdue_notified_at: now }).where('id', '=', t.id).where('overdue_notified_at', 'is', null).execute();
    }
    for (const r of overdueReferrals) {
      const params = { code: r.code };
      if (r.to_agency_id)
        bells.push({ audience: 'agency', audienceId: r.to_agency_id, kind: 'case_referral', reportId: null, code: 'notif_case_referral_overdue', params });
      else if (r.to_unit_id)
        bells.push({ audience: 'unit', audienceId: r.to_unit_id, kind: 'case_referral', reportId: null, code: 'notif_case_referral_overdue', params });
      for (const addr of await unitAddresses(trx, { unitId: r.to_unit_id, agencyId: r.to_agency_id })) {
        mails.push({
          to: addr,
          subject: `[Lá Chắn] Yêu cầu chuyển tuyến vụ ${r.code} đã quá hạn trả lời`,
          body: `Yêu cầu chuyển tuyến vụ ${r.code} gửi đơn vị của bạn đã quá hạn trả lời. Mở mục "Chuyển tuyến đến" trong giao diện quản trị Lá Chắn.\n\nThe referral of case ${r.code} to your unit is overdue for an answer. Open "Incoming referrals" in the Lá Chắn console.`,
          reportId: null,
        });
      }
      await trx.updateTable('case_referrals').set({ overdue_notified: 1 }).where('id', '=', r.id).execute();
    }
    await notify(trx, now, bells);
    await queueMail(trx, deps.sealer, now, mails);
  });
  return remind.length + overdueTasks.length + overdueReferrals.length;
}

const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The assignee when there is one (bell + their e-mail), otherwise the ward or agency holding the case. */
async function tellTaskHolders(
  trx: Tx,
  t: { assignee_id: string | null; case_unit_id: string | null; case_agency_id: string | null },
  code: string,
  params: Record<string, unknown>,
  bells: NotifyInput[],
  mails: MailInput[],
  mail: { subject: string; body: string },
): Promise<void> {
  let addresses: string[];
  if (t.assignee_id) {
    bells.push({ audience: 'user', audienceId: t.assignee_id, kind: 'case_task', reportId: null, code, params });
    const u = await trx.selectFrom('users').select(['email', 'disabled']).where('id', '=', t.assignee_id).executeTakeFirst();
    addresses = u?.email && u.disabled === 0 ? [u.email] : [];
  } else {
    if (t.case_agency_id) bells.push({ audience: 'agency', audienceId: t.case_agency_id, kind: 'case_task', reportId: null, code, params });
    else if (t.case_unit_id) bells.push({ audience: 'unit', audienceId: t.case_unit_id, kind: 'case_task', reportId: null, code, params });
    addresses = await unitAddresses(trx, { unitId: t.case_agency_id ? null : t.case_unit_id, agencyId: t.case_agency_id });
  }
  for (const to of addresses) mails.push({ to, ...mail, reportId: null });
}

/** The sweep on demand (administrators; it also runs every minute). */
export async function runCaseWorkSweep(ctx: Ctx): Promise<number> {
  slaStepsPolicy.authorize(ctx.actor, 'update');
  return sweepCaseWork(ctx);
}
