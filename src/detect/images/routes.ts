import type { Multipart } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteModule } from '../../http/app.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Paging } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import { t } from '../../shared/i18n.js';
import { createBank, exportBank, getBank, importBankCsv, listBankHashes, listBanks, updateBank } from './banks.js';
import { csvLine } from './csv.js';
import { hashImage } from './hash-image.js';
import './messages.js';

/** CSV imports up to 32 MiB (≈ 500 000 PDQ lines); larger files go through `lachan banks import`. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
/** Images to hash: the same ceiling as evidence files. */
export const IMAGE_BODY_LIMIT = 8 * 1024 * 1024;

const tags = ['detect'];
const Kind = Type.Union([Type.Literal('pdq'), Type.Literal('sha256'), Type.Literal('md5')]);
export const Bank = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  threshold: Type.Integer(),
  description: Nullable(Type.String()),
  hashCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Match = Type.Object({
  bankId: Type.String(),
  bankName: Type.String(),
  kind: Kind,
  hash: Type.String(),
  distance: Type.Integer(),
  label: Nullable(Type.String()),
  variant: Nullable(Type.String()),
});
const Hex = (len: number) => Type.String({ pattern: `^[0-9a-fA-F]{${len}}$` });
const Dihedral = Type.Object({
  original: Hex(64),
  rotate90: Hex(64),
  rotate180: Hex(64),
  rotate270: Hex(64),
  flipX: Hex(64),
  flipY: Hex(64),
  flipPlus1: Hex(64),
  flipMinus1: Hex(64),
});
export const ImportResult = Type.Object({
  bank: Bank,
  lines: Type.Integer(),
  added: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  rejectedLines: Type.Array(Type.Object({ line: Type.Integer(), text: Type.String(), reason: Type.String() })),
});
const BankCode = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,63}$' });
const Name = Type.String({ minLength: 1, maxLength: 120 });
const Description = Nullable(Type.String({ maxLength: 1000 }));
const Threshold = Type.Integer({ minimum: 0, maximum: 80 });

/** Hash-bank routes under /api/v1/detect (README.md). */
export const bankRoutes: RouteModule = async (fastify: FastifyInstance, deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Only inside this plugin: CSV bodies as text, images as raw bytes.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
  const rawImage = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: IMAGE_BODY_LIMIT }, rawImage);
  app.addContentTypeParser(/^image\/[a-z0-9.+-]+$/i, { parseAs: 'buffer', bodyLimit: IMAGE_BODY_LIMIT }, rawImage);

  app.get(
    '/detect/banks',
    { schema: { tags, summary: 'Ngân hàng mã băm / hash banks', response: { 200: Type.Array(Bank), ...errorResponses } } },
    async (req) => listBanks(ctxOf(req, deps)),
  );

  app.post(
    '/detect/banks',
    {
      schema: {
        tags,
        summary: 'Tạo ngân hàng mã băm / create a hash bank',
        body: Type.Object(
          { code: BankCode, name: Name, kind: Kind, threshold: Type.Optional(Threshold), description: Type.Optional(Description) },
          { additionalProperties: false },
        ),
        response: { 201: Bank, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createBank(ctxOf(req, deps), req.body)),
  );

  app.get('/detect/banks/:id', { schema: { tags, params: IdParams, response: { 200: Bank, ...errorResponses } } }, async (req) =>
    getBank(ctxOf(req, deps), { id: req.params.id }),
  );

  app.patch(
    '/detect/banks/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Name), threshold: Type.Optional(Threshold), description: Type.Optional(Description) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Bank, ...errorResponses },
      },
    },
    async (req) => updateBank(ctxOf(req, deps), { id: req.params.id }, req.body),
  );

  app.post(
    '/detect/banks/:id/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Nhập CSV mã băm (text/csv hoặc JSON {content}) / import a CSV of hashes',
        description:
          'One hex hash per line, optional label after a comma; header and # comments allowed (ThreatExchange/HMA hex). Bad lines are reported by number.',
        params: IdParams,
        response: { 200: ImportResult, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req) => {
      const content = csvBody(req);
      const r = await importBankCsv(ctxOf(req, deps), { id: req.params.id }, content);
      return { ...r, rejectedLines: r.rejectedLines.map((x) => ({ line: x.line, text: x.text, reason: t(req.lang, `detect_reject.${x.reason}`) })) };
    },
  );

  app.get('/detect/banks/:id/export', { schema: { tags, summary: 'Xuất CSV / export as CSV', params: IdParams } }, async (req, reply) => {
    const { bank, rows } = await exportBank(ctxOf(req, deps), { id: req.params.id });
    const lines = ['hash,label'];
    for await (const page of rows) for (const r of page) lines.push(csvLine(r.hash, r.label));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${bank.code}.csv"`)
      .send(`${lines.join('\n')}\n`);
  });

  app.get(
    '/detect/banks/:id/hashes',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object(Paging),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ hash: Type.String(), label: Nullable(Type.String()), addedAt: Type.String(), addedBy: Nullable(Type.String()) })),
            total: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listBankHashes(ctxOf(req, deps), { id: req.params.id }, { limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/detect/hash',
    {
      bodyLimit: IMAGE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Băm một ảnh và đối chiếu với các ngân hàng / hash an image and match it',
        description: 'multipart/form-data with one file in field `file`, or the raw image bytes (image/*, application/octet-stream). The image is not stored.',
        response: {
          200: Type.Object({ pdq: Hex(64), quality: Type.Integer(), sha256: Hex(64), md5: Hex(32), dihedral: Dihedral, matches: Type.Array(Match) }),
          ...errorResponses,
          413: errorResponses[400],
          415: errorResponses[400],
          422: errorResponses[400],
        },
      },
    },
    async (req) => hashImage(ctxOf(req, deps), await imageBody(req)),
  );
};

function csvBody(req: FastifyRequest): string {
  const body = req.body as unknown;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && typeof (body as { content?: unknown }).content === 'string') return (body as { content: string }).content;
  throw new AppError(415, 'unsupported_media_type', { type: String(req.headers['content-type'] ?? '-').slice(0, 80) });
}

async function imageBody(req: FastifyRequest): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', { type: String(req.headers['content-type'] ?? '-').slice(0, 80) });
  let file: Buffer | null = null;
  const parts = req.parts({ limits: { fileSize: IMAGE_BODY_LIMIT, files: 1, fields: 2, parts: 3 } });
  for await (const part of parts as AsyncIterableIterator<Multipart>) {
    if (part.type !== 'file') continue;
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new AppError(413, 'body_too_large', { limit: IMAGE_BODY_LIMIT });
    if (part.fieldname === 'file') file = bytes;
  }
  if (!file || file.length === 0) throw new AppError(400, 'detect_image_missing');
  return file;
}
