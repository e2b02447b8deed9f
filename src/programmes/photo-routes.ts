import type { Multipart } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../context.js';
import type { IncomingFile } from '../evidence/prepare.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import './messages.js';
import { FIELD } from './field-labels.js';
import { photoFilesJob } from './sessions/photo-files.js';
import { addSessionPhotos, listSessionPhotos, PHOTO_LIMITS, PHOTO_UPLOAD, previewSessionPhoto, revealSessionPhoto } from './sessions/session-photos.js';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const PhotoParams = Type.Object({ id: IdParams.properties.id, photoId: IdParams.properties.id });
const Photo = Type.Object({
  id: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
});
const present = (p: { id: string; mime: string; size: number; width: number | null; height: number | null; created_at: string }) => ({
  id: p.id,
  mime: p.mime,
  size: Number(p.size),
  width: p.width === null ? null : Number(p.width),
  height: p.height === null ? null : Number(p.height),
  createdAt: p.created_at,
});

/** The multipart field "photos": every file of it, each cut off (413) above the per-photo limit. */
async function photoFiles(req: FastifyRequest): Promise<IncomingFile[]> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', { type: String(req.headers['content-type'] ?? '-').slice(0, 80) });
  const files: IncomingFile[] = [];
  const parts = req.parts({ limits: { fileSize: PHOTO_LIMITS.bytes, files: PHOTO_LIMITS.perUpload, fields: 0, parts: PHOTO_LIMITS.perUpload } });
  const tooLarge = (name: string) =>
    new AppError(413, 'programme_photo_refused', { field: FIELD.photos, name: name.slice(0, 100), maxMb: PHOTO_UPLOAD.maxMb, types: PHOTO_UPLOAD.names });
  let current = '';
  try {
    for await (const part of parts as AsyncIterableIterator<Multipart>) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'photos') throw new AppError(400, 'validation_failed', { detail: "'photos'" });
      current = part.filename;
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw tooLarge(part.filename);
      files.push({ filename: part.filename || 'anh', bytes });
    }
  } catch (e) {
    // the multipart reader's own limits, said with the field and the limits
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(current);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError(413, 'programme_photo_too_many', { field: FIELD.photos, max: PHOTO_LIMITS.perUpload });
    }
    throw e;
  }
  return files;
}

/** Photo evidence of a session: upload, list, blurred preview, clear photo with a reason. */
export async function programmePhotoRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['programmes'];
  app.jobs.add(photoFilesJob(deps));

  app.post(
    '/programmes/sessions/:id/photos',
    {
      schema: {
        tags,
        summary: `Thêm ảnh minh chứng (phần "photos", ${PHOTO_UPLOAD.names}, tối đa ${PHOTO_UPLOAD.perUpload} ảnh × ${PHOTO_UPLOAD.maxMb} MB) / add photos (multipart field "photos")`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: Type.Array(Photo), ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const rows = await addSessionPhotos(ctx, req.params.id, await photoFiles(req));
      return reply.status(201).send(rows.map(present));
    },
  );

  // what an upload may be, for the console's hint and file picker: the server's own values, sent
  // rather than copied into the console
  app.get(
    '/programmes/photo-upload',
    {
      schema: {
        tags,
        summary: 'Loại ảnh, dung lượng và số ảnh được nhận / the photo types, size and counts an upload may have',
        response: {
          200: Type.Object({
            types: Type.Array(Type.String()),
            names: Type.String(),
            maxMb: Type.Number(),
            perUpload: Type.Integer(),
            perSession: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated'); // reference data, but for staff
      return { ...PHOTO_UPLOAD, types: [...PHOTO_UPLOAD.types] };
    },
  );

  app.get('/programmes/sessions/:id/photos', { schema: { tags, params: IdParams, response: { 200: Type.Array(Photo), ...errorResponses } } }, async (req) =>
    (await listSessionPhotos(ctxOf(req, deps), req.params.id)).map(present),
  );

  app.get(
    '/programmes/sessions/:id/photos/:photoId/preview',
    {
      schema: {
        tags,
        summary: 'Ảnh minh chứng, làm mờ / session photo, blurred (image/jpeg)',
        params: PhotoParams,
        produces: ['image/jpeg'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const blurred = await previewSessionPhoto(ctxOf(req, deps), req.params.id, req.params.photoId);
      return reply.header('cache-control', 'no-store').type('image/jpeg').send(blurred);
    },
  );

  app.post(
    '/programmes/sessions/:id/photos/:photoId/reveal',
    {
      schema: {
        tags,
        summary: 'Xem ảnh gốc (bắt buộc lý do, ghi nhật ký) / the clear photo (reason required, audited)',
        params: PhotoParams,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const photo = await revealSessionPhoto(ctxOf(req, deps), req.params.id, req.params.photoId, req.body.reason);
      return reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').type(photo.mime).send(photo.bytes);
    },
  );
}
