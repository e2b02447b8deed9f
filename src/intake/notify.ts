import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../context.js';
import type { Tx } from '../db/database.js';
import { type Deferred, deferUntilCommit } from '../db/group-commit.js';
import { preparedInsert } from '../db/prepared.js';
import { newId } from '../shared/ids.js';
import type { Sealer } from '../shared/secrets.js';
import type { NotificationsTable } from './tables.js';

/**
 * Notifications: in the console (rows addressed to a role, a ward, an agency or a user; read
 * state per user) and by e-mail through a transactional outbox — the mail is queued in the same
 * transaction as the change it announces, and a sender delivers it afterwards with retries.
 */
export interface NotifyInput {
  audience: NotificationsTable['audience'];
  audienceId: string;
  kind: string;
  reportId: string | null;
  code: string;
  params?: Record<string, unknown>;
}

export async function notify(trx: Tx, now: string, items: NotifyInput[]): Promise<void> {
  if (items.length === 0) return;
  const rows: NotificationsTable[] = items.map((n) => ({
    id: newId(),
    audience: n.audience,
    audience_id: n.audienceId,
    kind: n.kind,
    report_id: n.reportId,
    message: JSON.stringify({ code: n.code, params: n.params ?? {} }),
    created_at: now,
  }));
  // In a group commit (new reports) the rows go in with the batch's others, same transaction.
  if (rows.every((r) => deferUntilCommit(trx, batchedNotifications, r))) return;
  await insertNotifications(trx, rows);
}

const insertNotifications = preparedInsert('notifications');
const batchedNotifications: Deferred<NotificationsTable> = { name: 'notifications', flush: insertNotifications };

export interface MailInput {
  to: string;
  subject: string;
  body: string;
  reportId: string | null;
}

export async function queueMail(trx: Tx, sealer: Sealer, now: string, mails: MailInput[]): Promise<void> {
  if (mails.length === 0) return;
  await trx
    .insertInto('mail_outbox')
    .values(
      mails.map((m) => ({
        id: newId(),
        sealed_to: sealer.seal(m.to),
        subject: m.subject,
        body: m.body,
        attempts: 0,
        next_attempt_at: now,
        claimed_until: null,
        sent_at: null,
        last_error: null,
        report_id: m.reportId,
        created_at: now,
      })),
    )
    .execute();
}

/** E-mail addresses of a ward's or an agency's active staff, plus the agency's own address. */
export async function unitAddresses(trx: Tx, target: { unitId?: string | null; agencyId?: string | null }): Promise<string[]> {
  const out = new Set<string>();
  if (target.agencyId) {
    const a = await trx.selectFrom('agencies').select('email').where('id', '=', target.agencyId).executeTakeFirst();
    if (a?.email) out.add(a.email);
    const users = await trx
      .selectFrom('users')
      .select('email')
      .where('agency_id', '=', target.agencyId)
      .where('disabled', '=', 0)
      .where('email', 'is not', null)
      .execute();
    for (const u of users) if (u.email) out.add(u.email);
  }
  if (target.unitId) {
    const users = await trx
      .selectFrom('users')
      .select('email')
      .where('unit_id', '=', target.unitId)
      .where('role', '=', 'case_worker')
      .where('disabled', '=', 0)
      .where('email', 'is not', null)
      .execute();
    for (const u of users) if (u.email) out.add(u.email);
  }
  return [...out];
}

const BACKOFF_MIN = [1, 5, 15, 60, 240, 720];
export const MAX_ATTEMPTS = 10;

/** Delivers queued mail. Several processes may run it: a row is claimed before it is sent. */
export class MailSender {
  private transport: Transporter | null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly deps: Deps,
    transport?: Transporter,
  ) {
    this.transport = transport ?? (deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : null);
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends what is due; returns how many were sent. Never throws for one bad message. */
  runOnce(): Promise<number> {
    this.running ??= this.send().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async send(): Promise<number> {
    if (!this.transport) return 0;
    const { db, clock, sealer, config } = this.deps;
    const now = clock();
    const nowIso = now.toISOString();
    const due = await db.kysely
      .selectFrom('mail_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .orderBy('next_attempt_at')
      .limit(50)
      .execute();
    let sent = 0;
    for (const m of due) {
      const claim = await db.kysely
        .updateTable('mail_outbox')
        .set({ claimed_until: new Date(now.getTime() + 120_000).toISOString() })
        .where('id', '=', m.id)
        .where('sent_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      try {
        await this.transport.sendMail({ from: config.mailFrom, to: sealer.open(m.sealed_to), subject: m.subject, text: m.body });
        await db.kysely
          .updateTable('mail_outbox')
          .set({ sent_at: clock().toISOString(), claimed_until: null, attempts: m.attempts + 1, last_error: null })
          .where('id', '=', m.id)
          .execute();
        sent++;
      } catch (e) {
        const wait = BACKOFF_MIN[Math.min(m.attempts, BACKOFF_MIN.length - 1)] as number;
        await db.kysely
          .updateTable('mail_outbox')
          .set({
            attempts: m.attempts + 1,
            claimed_until: null,
            last_error: String((e as Error).message).slice(0, 300),
            next_attempt_at: new Date(now.getTime() + wait * 60_000).toISOString(),
          })
          .where('id', '=', m.id)
          .execute();
      }
    }
    return sent;
  }

  /**
   * Closes the transport once the round in flight has ended. The job runner (intake.mail, see
   * routes.ts) schedules the rounds and counts and logs their failures; a failure here has been
   * reported there already, so waiting for the round to settle is all that is left to do.
   */
  async stop(): Promise<void> {
    await Promise.allSettled([this.running]);
    this.transport?.close();
  }
}
