import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { schoolRecordOf } from '../school-of.js';
import { sessionPolicy } from '../session.policy.js';
import type { ProgrammeSessionsTable } from '../tables.js';
import { queuePhotoFiles, removeQueuedPhotoFiles } from './photo-files.js';
import { type SessionInput, sessionColumns } from './session-input.js';

/** Records a session for a school the caller may write for; the ward stored is the school's today. */
export async function createSession(ctx: Ctx, input: SessionInput): Promise<ProgrammeSessionsTable> {
  sessionPolicy.authorize(ctx.actor, 'create');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const school = await schoolRecordOf(trx, input.schoolId);
    sessionPolicy.authorize(ctx.actor, 'create', school);
    const now = ctx.clock().toISOString();
    const row: ProgrammeSessionsTable = {
      id: newId(),
      school_id: school.school_id,
      unit_id: school.unit_id,
      ...(await sessionColumns(trx, ctx.clock, input)),
      photo_sha256: null,
      import_id: null,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('programme_sessions').values(row).execute();
    await audit(ctx, trx, 'programme_session.created', { type: 'programme_session', id: row.id }, { schoolId: row.school_id, heldOn: row.held_on });
    return row;
  });
}

/** Corrects a session; its school and ward stay (a session moves with nothing). */
export async function updateSession(ctx: Ctx, id: string, input: Omit<SessionInput, 'schoolId'>): Promise<ProgrammeSessionsTable> {
  sessionPolicy.authorize(ctx.actor, 'update'); // who may not at all learns nothing of the record
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    sessionPolicy.authorize(ctx.actor, 'update', before);
    const next = { ...before, ...(await sessionColumns(trx, ctx.clock, { ...input, schoolId: before.school_id })), updated_at: ctx.clock().toISOString() };
    const { id: _id, created_at: _c, ...changes } = next;
    await trx.updateTable('programme_sessions').set(changes).where('id', '=', id).execute();
    await audit(ctx, trx, 'programme_session.updated', { type: 'programme_session', id }, { heldOn: next.held_on });
    return next;
  });
}

/**
 * Deletes a session with its photos: their rows go in the same transaction, their files are queued
 * there too and removed from disk once it has committed (a failed deletion leaves every file).
 */
export async function deleteSession(ctx: Ctx, id: string): Promise<void> {
  sessionPolicy.authorize(ctx.actor, 'delete'); // who may not at all learns nothing of the record
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    sessionPolicy.authorize(ctx.actor, 'delete', before);
    const photos = await trx.selectFrom('programme_session_photos').select(['id', 'sha256']).where('session_id', '=', id).execute();
    await queuePhotoFiles(
      trx,
      photos.map((p) => p.sha256),
      ctx.clock().toISOString(),
    );
    await trx.deleteFrom('programme_session_photos').where('session_id', '=', id).execute();
    await trx.deleteFrom('programme_sessions').where('id', '=', id).execute();
    await audit(
      ctx,
      trx,
      'programme_session.deleted',
      { type: 'programme_session', id },
      { schoolId: before.school_id, heldOn: before.held_on, photos: photos.map((p) => p.id) },
    );
  });
  // The deletion is durable; the files follow. One that cannot be removed now stays queued for the
  // hourly job (photoFilesJob), so the answer does not depend on the disk.
  await removeQueuedPhotoFiles(ctx).catch(() => {});
}
