import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { type Lang, t } from '../../shared/i18n.js';
import type { Vocabulary } from './api-schemas.js';
import './messages.js';
import { DECISION_CATEGORIES, PLATFORMS } from './vocab.js';

/** Failure codes the worker records (fetch.ts, analyse.ts), labelled in the caller's language. */
const FAILURE_CODES = [
  'invalid_url',
  'bad_scheme',
  'credentials_in_url',
  'blocked_address',
  'dns_failed',
  'connect_failed',
  'timeout',
  'too_large',
  'too_many_redirects',
  'redirect_loop',
  'bad_content_type',
  'bad_encoding',
  'decompression_bomb',
  'http_error',
  'bad_response',
  'tls_error',
  'invalid_image',
  'internal_error',
];

/** The desk's labels (categories, platforms, failure codes) for any signed-in staff member. */
export function reviewLabels(ctx: Pick<Ctx, 'actor'>, lang: Lang): Vocabulary {
  if (ctx.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
  return {
    categories: DECISION_CATEGORIES.map((c) => ({ code: c.code, label: c[lang] })),
    platforms: [...PLATFORMS.map((p) => ({ code: p.code, label: p.code })), { code: 'website', label: lang === 'vi' ? 'Trang web riêng' : 'Website' }],
    failureCodes: FAILURE_CODES.map((code) => ({ code, label: t(lang, `detect_failure_${code}`) })),
  };
}
