import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailable } from '../db/unavailable.js';
import { AppError } from '../shared/errors.js';
import { hasMessage, langFromHeader, registerMessages, t } from '../shared/i18n.js';
import { describeValidation } from './validation-messages.js';

registerMessages({
  bad_request: { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  multipart_invalid: { vi: 'Tệp tải lên không hợp lệ: {detail}', en: 'Invalid upload: {detail}' },
  file_too_large: { vi: 'Tệp quá lớn (tối đa {limit}).', en: 'File too large (limit {limit}).' },
  file_too_large_plain: { vi: 'Tệp quá lớn.', en: 'File too large.' },
  body_too_large_plain: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'Request body too large.' },
  uri_too_long: { vi: 'Đường dẫn quá dài.', en: 'URI too long.' },
  bad_url: { vi: 'Đường dẫn không hợp lệ.', en: 'Malformed URL.' },
  too_many_files: { vi: 'Quá nhiều tệp trong một lần gửi.', en: 'Too many files in one request.' },
});

export interface ErrorBody {
  error: { code: string; message: string };
}

/** A size limit in the reader's units: 8388608 → "8 MB", 65536 → "64 KB" (1 KB = 1024 bytes, as phones show sizes). */
export function readableBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} byte`;
}

/** Byte limits in a message's parameters are shown in the reader's units, never as a bare byte count. */
const readableLimit = (params: Record<string, unknown>) => (typeof params.limit === 'number' ? { ...params, limit: readableBytes(params.limit) } : params);

/** Maps every failure to one shape: { error: { code, message } }, message in the caller's language. */
export function toErrorResponse(err: FastifyError | AppError | Error, req: FastifyRequest): { status: number; body: ErrorBody } {
  const lang = langFromHeader(req.headers['accept-language']);
  const out = (status: number, code: string, params: Record<string, unknown> = {}) => ({
    status,
    body: { error: { code, message: t(lang, code, params) } },
  });
  if (err instanceof AppError)
    return out(err.status, err.code, err.code === 'file_too_large' || err.code === 'body_too_large' ? readableLimit(err.params) : err.params);
  const fe = err as FastifyError & { validationContext?: string; part?: unknown };
  if (fe.validation) return out(400, 'validation_failed', { detail: describeValidation(fe.validation, fe.validationContext, lang) });
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return req.routeOptions.bodyLimit ? out(413, 'body_too_large', { limit: readableBytes(req.routeOptions.bodyLimit) }) : out(413, 'body_too_large_plain');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return out(415, 'unsupported_media_type', { type: req.headers['content-type'] ?? '-' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return out(400, 'invalid_json');
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
      return out(413, 'file_too_large_plain');
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return out(413, 'too_many_files');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return out(400, 'multipart_invalid', { detail: fe.code });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return out(414, 'uri_too_long');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return out(400, 'bad_url');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return out(403, 'csrf_invalid');
  }
  if (err instanceof SyntaxError && (fe.statusCode === 400 || /JSON/i.test(err.message))) return out(400, 'invalid_json');
  const status = fe.statusCode ?? 500;
  if (status === 429) return out(429, 'rate_limited', { after: (fe as { after?: string }).after ?? '' });
  if (status >= 400 && status < 500) {
    const code = typeof fe.code === 'string' && hasMessage(fe.code) ? fe.code : 'bad_request';
    return out(status, code);
  }
  return out(500, 'internal_error');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(err, req);
    if (err instanceof DatabaseUnavailable) {
      // 503, not 500: the database is out of reach (the pool logs when it goes and comes back); the
      // request was not carried out and may be sent again — partners with the same idempotency key
      void reply.header('retry-after', '5');
      req.log.warn({ reason: String(err.reason) }, 'database unavailable');
    } else if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.debug({ code: body.error.code }, 'request refused');
    if (status === 401) void reply.header('www-authenticate', 'Bearer realm="lachan"');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const lang = langFromHeader(req.headers['accept-language']);
    return reply
      .status(404)
      .send({ error: { code: 'route_not_found', message: t(lang, 'route_not_found', { method: req.method, url: req.url.split('?')[0] }) } });
  });
}
