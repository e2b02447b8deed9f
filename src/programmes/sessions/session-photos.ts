import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { EVIDENCE_LIMITS, type IncomingFile, type PreparedEvidence, prepareEvidence, requestDecodeCost, sniff } from '../../evidence/prepare.js';
import { evidenceStoreFor } from '../../evidence/store.js';
import { previewEvidence, revealEvidence, revealReason } from '../../evidence/view.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { FIELD } from '../field-labels.js';
import { sessionPolicy } from '../session.policy.js';
import type { ProgrammeSessionPhotosTable } from '../tables.js';
import { photoAddress } from './photo-files.js';

/**
 * Photo evidence of a session, through the evidence module: the type is read from the bytes,
 * images are decoded at the decode gate and re-encoded (EXIF/GPS and hidden data dropped), then
 * stored encrypted. Photos of a class may show children, so staff see a blurred preview and the
 * clear photo only with a reason; both are audited. Only images: a session's evidence is a photo.
 */
/**
 * What an upload may be, as people are told it: the photo types accepted (WebP and GIF are
 * re-encoded to JPEG/PNG, the two kept), the size and counts. The console's hint and file picker
 * read it from `GET /programmes/photo-upload`, so the words cannot drift from what the server takes.
 */
export const PHOTO_UPLOAD = {
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
  names: 'JPEG, PNG, WebP, GIF',
  maxMb: 8,
  perUpload: 5,
  perSession: 10,
} as const;
export type PhotoUpload = typeof PHOTO_UPLOAD;

export const PHOTO_LIMITS = {
  /** per photo, as the evidence module allows (PHOTO_UPLOAD.maxMb states it; a test holds them equal) */
  bytes: EVIDENCE_LIMITS.fileBytes,
  perUpload: PHOTO_UPLOAD.perUpload,
  perSession: PHOTO_UPLOAD.perSession,
} as const;
/** what is kept after re-encoding */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png']);

/** The session, when the caller may `action` it; "not found" to anyone else. */
async function sessionFor(ctx: Ctx, id: string, action: 'read' | 'update') {
  sessionPolicy.authorize(ctx.actor, action); // who may not at all learns nothing of the record
  const s = await ctx.db.kysely.selectFrom('programme_sessions').select(['id', 'school_id', 'unit_id']).where('id', '=', id).executeTakeFirst();
  if (!s || !sessionPolicy.can(ctx.actor, 'read', s)) throw notFound();
  sessionPolicy.authorize(ctx.actor, action, s);
  return s;
}

/** One refused file, naming the field and the file, whatever the evidence module found wrong. */
function refused(status: number, name: string): AppError {
  return new AppError(status, 'programme_photo_refused', {
    field: FIELD.photos,
    name: name.slice(0, 100),
    maxMb: PHOTO_UPLOAD.maxMb,
    types: PHOTO_UPLOAD.names,
  });
}

/**
 * Adds photos to a session: every file is checked and re-encoded first; only when all pass are
 * they stored and listed, in one transaction with the audit entry (nothing written otherwise).
 */
export async function addSessionPhotos(ctx: Ctx, sessionId: string, files: IncomingFile[]): Promise<ProgrammeSessionPhotosTable[]> {
  const session = await sessionFor(ctx, sessionId, 'update');
  if (files.length === 0) throw new AppError(400, 'programme_photo_missing', { field: FIELD.photos });
  if (files.length > PHOTO_LIMITS.perUpload) throw new AppError(413, 'programme_photo_too_many', { field: FIELD.photos, max: PHOTO_LIMITS.perUpload });
  const prepared: PreparedEvidence[] = [];
  for (const f of files) {
    // photos only, judged by the bytes: a PDF or anything else is refused before any decoder runs
    const type = sniff(f.bytes);
    if (type === null || type === 'pdf') throw refused(415, f.filename);
  }
  try {
    await requestDecodeCost(files);
    for (const f of files) {
      if (f.bytes.length > PHOTO_LIMITS.bytes) throw refused(413, f.filename);
      const p = await prepareEvidence(ctx.sealer, f).catch((e: unknown) => {
        throw e instanceof AppError && e.status < 500 ? refused(e.status, f.filename) : e;
      });
      if (p.kind !== 'image' || !PHOTO_TYPES.has(p.mime)) throw refused(415, f.filename);
      prepared.push(p);
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'intake_files_too_costly')
      throw new AppError(413, 'programme_photo_too_many', { field: FIELD.photos, max: PHOTO_LIMITS.perUpload });
    throw e;
  }
  const store = evidenceStoreFor(ctx.config.dataDir, ctx.sealer);
  const now = ctx.clock().toISOString();
  const rows: ProgrammeSessionPhotosTable[] = prepared.map((p) => {
    const id = newId();
    return {
      id,
      session_id: session.id,
      sha256: photoAddress(id, p.sha256),
      mime: p.mime,
      size: p.stored.length,
      width: p.width,
      height: p.height,
      sealed_name: p.sealedName,
      created_by: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      created_at: now,
    };
  });
  const created: string[] = [];
  try {
    // files first, fsynced, so a committed row never points at nothing
    for (const [i, p] of prepared.entries()) {
      const address = (rows[i] as ProgrammeSessionPhotosTable).sha256;
      if (await store.put(address, p.stored)) created.push(address);
    }
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('programme_session_photos')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('session_id', '=', session.id)
        .executeTakeFirstOrThrow();
      if (Number(n) + rows.length > PHOTO_LIMITS.perSession) {
        throw new AppError(409, 'programme_photo_session_full', { field: FIELD.photos, max: PHOTO_LIMITS.perSession });
      }
      await trx.insertInto('programme_session_photos').values(rows).execute();
      await audit(ctx, trx, 'programme_session.photos_added', { type: 'programme_session', id: session.id }, { photos: rows.map((r) => r.id) });
    });
    return rows;
  } catch (e) {
    // the files this call wrote are its rows' alone (photoAddress): none of them was committed
    for (const address of created) await store.remove(address).catch(() => {});
    throw e;
  }
}

/** The photos of a session the caller may read (no file names: they may name people). */
export async function listSessionPhotos(ctx: Ctx, sessionId: string) {
  await sessionFor(ctx, sessionId, 'read');
  return ctx.db.kysely
    .selectFrom('programme_session_photos')
    .select(['id', 'mime', 'size', 'width', 'height', 'created_at'])
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

async function photoOf(ctx: Ctx, sessionId: string, photoId: string) {
  await sessionFor(ctx, sessionId, 'read');
  const photo = await ctx.db.kysely
    .selectFrom('programme_session_photos')
    .selectAll()
    .where('id', '=', photoId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!photo) throw notFound();
  return photo;
}

/** The blurred preview of a session's photo, audited. */
export async function previewSessionPhoto(ctx: Ctx, sessionId: string, photoId: string): Promise<Buffer> {
  const photo = await photoOf(ctx, sessionId, photoId);
  return previewEvidence(ctx, {
    sha256: photo.sha256,
    action: 'programme_session_photo.previewed',
    subjectType: 'programme_session_photo',
    subjectId: photo.id,
    detail: { sessionId },
  });
}

/** The clear photo, for those who may read the session, audited with the reason given. */
export async function revealSessionPhoto(ctx: Ctx, sessionId: string, photoId: string, rawReason: string): Promise<{ bytes: Buffer; mime: string }> {
  const photo = await photoOf(ctx, sessionId, photoId);
  const reason = revealReason(rawReason, 'programme_photo_reason_required');
  const bytes = await revealEvidence(
    ctx,
    { sha256: photo.sha256, action: 'programme_session_photo.revealed', subjectType: 'programme_session_photo', subjectId: photo.id, detail: { sessionId } },
    reason,
  );
  return { bytes, mime: photo.mime };
}
