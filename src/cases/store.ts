import { randomInt } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { setReportsCaseStage } from '../intake/handovers/case-stage.js';
import { AppError, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { CaseEvent, CaseEventData } from './events.js';
import './messages.js';
import { apply, type CaseState, opened } from './reduce.js';
import type { CaseLinksTable, CasesTable } from './tables.js';
import { eventLabel } from './vocab.js';

/**
 * The only place case events are written: append to `case_events` with the next sequence numbers
 * and store the reducer's new state as the `cases` projection, in the caller's transaction. A
 * write names the version it saw; if the case moved on since, nothing is written and the caller
 * gets 409 naming what changed (the event types since that version).
 */
export interface NewCaseEvent {
  event: CaseEvent;
  /** Identifying fields and free text of this event, sealed into `case_events.sealed`. */
  sealed?: Record<string, unknown> | null;
}

const roleOf = (actor: Actor) => (actor.kind === 'user' ? actor.role : actor.kind);

/** The columns lists and counts need, from the state. */
export function projection(s: CaseState, now: string): Omit<CasesTable, 'id' | 'code' | 'opened_by' | 'created_at' | 'source'> {
  return {
    victim_state: s.victim,
    violation_state: s.violation,
    pending_approval: s.pending?.step ?? null,
    risk_level: s.risk?.level ?? null,
    unit_id: s.unitId,
    agency_id: s.agencyId,
    school_id: s.schoolId,
    assigned_to: s.assignedTo,
    age_band: s.ageBand,
    gender: s.gender,
    count_consent: s.consent.count ?? 'unknown',
    violation_type: s.subject?.violationType ?? null,
    decision: s.decision?.decision ?? null,
    opened_at: s.openedAt,
    first_support_at: s.firstSupportAt,
    decided_at: s.decision?.at ?? null,
    closed_at: s.closedAt,
    state: JSON.stringify(s),
    version: s.version,
    updated_at: now,
  };
}

async function insertEvents(trx: Tx, ctx: Ctx, caseId: string, fromSeq: number, events: readonly NewCaseEvent[], now: string): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('case_events')
    .values(
      events.map((e, i) => ({
        id: newId(),
        case_id: caseId,
        seq: fromSeq + i,
        type: e.event.type,
        at: e.event.at,
        recorded_at: now,
        actor_id: ctx.actor.id,
        actor_role: roleOf(ctx.actor),
        data: JSON.stringify(e.event.data),
        sealed: e.sealed && Object.keys(e.sealed).length > 0 ? ctx.sealer.seal(JSON.stringify(e.sealed)) : null,
      })),
    )
    .execute();
}

/** The links an event makes (report, hand-over, detection items, evidence): kept beside the events so lists can join them. */
function linksOf(events: readonly NewCaseEvent[]): Array<{ kind: CaseLinksTable['kind']; ref_id: string }> {
  const out: Array<{ kind: CaseLinksTable['kind']; ref_id: string }> = [];
  for (const { event: e } of events) {
    if (e.type === 'report_linked') {
      out.push({ kind: 'report', ref_id: e.data.reportId });
      if (e.data.handoverId) out.push({ kind: 'handover', ref_id: e.data.handoverId });
      for (const id of e.data.detectItemIds) out.push({ kind: 'detect_item', ref_id: id });
    } else if (e.type === 'evidence_linked') out.push({ kind: e.data.kind, ref_id: e.data.refId });
    else if (e.type === 'decision_recorded' && e.data.takedownId) out.push({ kind: 'takedown', ref_id: e.data.takedownId });
  }
  return out;
}

async function insertLinks(trx: Tx, caseId: string, events: readonly NewCaseEvent[], now: string): Promise<void> {
  const links = linksOf(events);
  if (links.length === 0) return;
  await trx
    .insertInto('case_links')
    .values(links.map((l) => ({ case_id: caseId, ...l, created_at: now })))
    .onConflict((oc) => oc.columns(['case_id', 'kind', 'ref_id']).doNothing())
    .execute();
}

/** The reporter's status page follows the case: finished when both tracks close, open again when one reopens. */
async function syncReportStage(trx: Tx, caseId: string, before: CaseState | null, after: CaseState, now: string): Promise<void> {
  if ((before?.closedAt ?? null) === after.closedAt && before !== null) return;
  const reports = await trx.selectFrom('case_links').select('ref_id').where('case_id', '=', caseId).where('kind', '=', 'report').execute();
  await setReportsCaseStage(
    trx,
    reports.map((r) => r.ref_id),
    after.closedAt === null ? 'open' : 'finished',
    now,
  );
}

/** A human code for the case, e.g. HS-2026-4F7K9Q (no id, no name in it). */
export function caseCode(now: Date): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let tail = '';
  for (let i = 0; i < 6; i++) tail += alphabet[randomInt(alphabet.length)];
  return `HS-${now.getUTCFullYear()}-${tail}`;
}

/** Opens a case: the `case_opened` event, then any further events (a registration, a link), all in one go. */
export async function createCase(
  trx: Tx,
  ctx: Ctx,
  open: { at: string; data: CaseEventData['case_opened'] },
  more: readonly NewCaseEvent[] = [],
): Promise<{ id: string; code: string; state: CaseState }> {
  const now = ctx.clock().toISOString();
  const id = newId();
  const code = caseCode(ctx.clock());
  let state = opened(open.data, open.at);
  for (const e of more) state = apply(state, e.event);
  await trx
    .insertInto('cases')
    .values({ id, code, source: open.data.source, opened_by: ctx.actor.id, created_at: now, ...projection(state, now) })
    .execute();
  await insertEvents(trx, ctx, id, 1, [{ event: { type: 'case_opened', at: open.at, data: open.data } }, ...more], now);
  await insertLinks(trx, id, more, now);
  await syncReportStage(trx, id, null, state, now);
  return { id, code, state };
}

/** The case row, locked for this transaction on PostgreSQL (SQLite has one writer). */
export async function loadCaseForUpdate(trx: Tx, ctx: Pick<Ctx, 'db'>, caseId: string): Promise<CasesTable> {
  let q = trx.selectFrom('cases').selectAll().where('id', '=', caseId);
  if (ctx.db.dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** 409 naming the events recorded since the version the writer saw. */
async function staleVersion(trx: Tx, caseId: string, expected: number, current: number): Promise<AppError> {
  const since = await trx.selectFrom('case_events').select('type').where('case_id', '=', caseId).where('seq', '>', expected).orderBy('seq').execute();
  const types = [...new Set(since.map((r) => r.type))];
  return new AppError(409, 'case_version_conflict', {
    expected,
    current,
    changes: types,
    changesVi: types.map((t) => eventLabel(t, 'vi')).join(', ') || '-',
    changesEn: types.map((t) => eventLabel(t, 'en')).join(', ') || '-',
  });
}

/**
 * Appends events to a case the caller has loaded (loadCaseForUpdate) and authorised: checks the
 * version, runs the reducer (a refused step throws before anything is written), inserts the events
 * and stores the new projection. Returns the new state.
 */
export async function appendCaseEvents(trx: Tx, ctx: Ctx, row: CasesTable, expectedVersion: number, events: readonly NewCaseEvent[]): Promise<CaseState> {
  if (row.version !== expectedVersion) throw await staleVersion(trx, row.id, expectedVersion, row.version);
  const before = JSON.parse(row.state) as CaseState;
  let state = before;
  for (const e of events) state = apply(state, e.event);
  const now = ctx.clock().toISOString();
  await insertEvents(trx, ctx, row.id, row.version + 1, events, now);
  await insertLinks(trx, row.id, events, now);
  const res = await trx.updateTable('cases').set(projection(state, now)).where('id', '=', row.id).where('version', '=', expectedVersion).executeTakeFirst();
  // the unique (case_id, seq) index already refuses a racing writer; this is the second lock on the door
  if (Number(res.numUpdatedRows) !== 1) throw await staleVersion(trx, row.id, expectedVersion, row.version);
  // a report joined later follows the case's stage too
  const joined = events.some((e) => e.event.type === 'report_linked');
  await syncReportStage(trx, row.id, joined ? null : before, state, now);
  return state;
}
