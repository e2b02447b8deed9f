import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymous } from '../access/actor.js';
import type { Ctx, Deps } from '../context.js';
import { EVIDENCE_LIMITS, type PreparedEvidence, prepareEvidence, requestDecodeCost } from '../evidence/prepare.js';
import { toErrorResponse } from '../http/errors.js';
import { intakeKeys, normaliseTrackingCode } from '../intake/keys.js';
import { limiterFor } from '../intake/limits.js';
import { lookUpStatus } from '../intake/status-lookup.js';
import { type ReportInput, submitReport } from '../intake/submit.js';
import {
  AGE_BAND_CODES,
  type AgeBand,
  CATEGORY_CODES,
  type Category,
  PLATFORMS,
  type Platform,
  PUBLIC_STAGES,
  publicStage,
  REPORTER_KIND_CODES,
  type ReporterKind,
  WHEN_CODES,
  type When,
} from '../intake/vocab.js';
import { AppError } from '../shared/errors.js';
import { type Lang, t } from '../shared/i18n.js';
import { reportableUnits } from './list-units.js';
import { type FormValues, messagePage, reportForm, sentPage, statusForm, type Unit } from './render.js';
import { PUBLIC_CSS } from './style.js';
import { tx } from './text.js';

/**
 * The public reporting pages at the site root: a report form (no JavaScript, works on any
 * phone), the confirmation with tracking code + PIN, and the status page. Anonymous CSRF
 * protection is a signed double-submit token: a random cookie, and a hidden field carrying an
 * HMAC of that cookie, a time stamp and the form's id. The form id doubles as the idempotency
 * key, so pressing "send" twice files one report.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const FORM_COOKIE = 'lc_f';
const LANG_COOKIE = 'lc_lang';
const TOKEN_MAX_AGE_MS = 12 * 3600_000;
const CSS_ETAG = `"${createHash('sha256').update(PUBLIC_CSS).digest('hex').slice(0, 16)}"`;
const FORM_BODY_LIMIT = 64 * 1024;

export const PUBLIC_PATHS = { form: '/', submit: '/bao-cao', status: '/trang-thai', css: '/p/lachan.css' } as const;

class FormTokens {
  constructor(private readonly key: Buffer) {}
  private mac(nonce: string, ts: string, formId: string): string {
    return createHmac('sha256', this.key).update(`${nonce}|${ts}|${formId}`).digest('base64url');
  }
  issue(nonce: string, formId: string, now: number): { token: string; noCookie: string } {
    const ts = String(now);
    return { token: `${ts}.${this.mac(nonce, ts, formId)}`, noCookie: `${ts}.${this.mac('-', ts, formId)}` };
  }
  verify(token: string | undefined, nonce: string, formId: string, now: number): boolean {
    if (!token || !nonce) return false;
    const [ts, mac] = token.split('.');
    if (!ts || !mac || !/^\d{10,15}$/.test(ts)) return false;
    const age = now - Number(ts);
    if (age < -60_000 || age > TOKEN_MAX_AGE_MS) return false;
    const want = Buffer.from(this.mac(nonce, ts, formId));
    const got = Buffer.from(mac);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

function langOf(req: FastifyRequest, reply: FastifyReply): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'vi') {
    if (req.cookies[LANG_COOKIE] !== q) void reply.setCookie(LANG_COOKIE, q, { path: '/', maxAge: 365 * 86400, sameSite: 'lax', httpOnly: true });
    return q;
  }
  return req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'vi';
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** A POST from our own page: the browser says so (Fetch metadata or Origin). For the no-cookie path. */
function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  const origin = req.headers.origin;
  if (!origin || !req.headers.host) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function addValue(out: FormValues, key: string, value: string): void {
  const list = out[key] ?? [];
  list.push(value);
  out[key] = list;
}

const pick = <T extends string>(allowed: readonly T[], v: string | undefined, dflt: T): T =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

export function formToInput(v: FormValues, lang: Lang): ReportInput {
  const get = (k: string) => v[k]?.[0];
  const reporter = get('reporter');
  if (!reporter || !(REPORTER_KIND_CODES as readonly string[]).includes(reporter))
    throw new AppError(400, 'validation_failed', { detail: lang === 'en' ? 'who is reporting' : 'ai đang báo cáo' });
  const cats = (v.cat ?? []).filter((c) => (CATEGORY_CODES as readonly string[]).includes(c)) as Category[];
  const date = get('date');
  return {
    reporterKind: reporter as ReporterKind,
    categories: cats,
    imminentDanger: get('danger') === '1',
    description: get('description') ?? '',
    urls: lines(get('urls')),
    accounts: lines(get('accounts')),
    platform: get('platform') ? pick<Platform>(PLATFORMS, get('platform'), 'other') : null,
    when: pick<When>(WHEN_CODES, get('when'), 'unknown'),
    incidentDate: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    ageBand: pick<AgeBand>(AGE_BAND_CODES, get('age'), 'unknown'),
    unitId: get('unit') || null,
    contact: { name: get('contact_name'), phone: get('contact_phone'), email: get('contact_email') },
    consent: get('consent') === '1',
    lang,
    fileHashes: [],
  };
}

/** Reads the form, multipart (with files) or URL-encoded; files are checked and re-encoded here. */
async function readForm(req: FastifyRequest): Promise<{ fields: FormValues; files: Array<{ filename: string; bytes: Buffer }> }> {
  if (!req.isMultipart()) {
    const body = req.body as FormValues | undefined;
    if (!body || typeof body !== 'object') throw new AppError(415, 'unsupported_media_type', { type: req.headers['content-type'] ?? '-' });
    return { fields: body, files: [] };
  }
  const fields: FormValues = {};
  const files: Array<{ filename: string; bytes: Buffer }> = [];
  try {
    const parts = req.parts({ limits: { fileSize: EVIDENCE_LIMITS.fileBytes, files: EVIDENCE_LIMITS.files, fields: 60, fieldSize: 24_000, parts: 70 } });
    for await (const part of parts as AsyncIterableIterator<Multipart>) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw new AppError(413, 'file_too_large', { limit: EVIDENCE_LIMITS.fileBytes });
        if (!part.filename && bytes.length === 0) continue; // the file input left empty
        files.push({ filename: part.filename, bytes });
      } else {
        if (part.valueTruncated) throw new AppError(413, 'body_too_large', { limit: 24_000 });
        addValue(fields, part.fieldname, String(part.value));
      }
    }
  } catch (e) {
    // The multipart parser throws plain errors for what the client sent wrong (no boundary, a body
    // cut off mid-way, a broken header): those are the client's, not the server's (400, not 500).
    // Limits keep their own 413s.
    if (e instanceof AppError) throw e;
    const status = (e as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500 && (e as { code?: string }).code !== undefined) throw e;
    throw new AppError(400, 'form_body_invalid');
  }
  return { fields, files };
}

export async function publicRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const tokens = new FormTokens(Buffer.from(deps.sealer.derive('public-form-v1'), 'base64url'));
  const limiter = limiterFor(deps, deps.config.intakeIpLimit, deps.config.intakeGlobalLimit);
  const keys = intakeKeys(deps.sealer);
  let unitsCache: Promise<Record<Lang, Unit[]>> | null = null;
  const units = (lang: Lang) => {
    unitsCache ??= reportableUnits(deps.db.kysely);
    unitsCache.catch(() => {
      unitsCache = null;
    });
    return unitsCache.then((u) => u[lang]);
  };

  function nonceOf(req: FastifyRequest, reply: FastifyReply): string {
    const have = req.cookies[FORM_COOKIE];
    if (have && /^[A-Za-z0-9_-]{20,64}$/.test(have)) return have;
    const nonce = randomBytes(18).toString('base64url');
    void reply.setCookie(FORM_COOKIE, nonce, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.config.secureCookies, maxAge: 86400 });
    return nonce;
  }

  function checkToken(req: FastifyRequest, fields: FormValues, formId: string): void {
    const now = deps.clock().getTime();
    const nonce = req.cookies[FORM_COOKIE] ?? '';
    if (nonce && tokens.verify(fields._t?.[0], nonce, formId, now)) return;
    if (sameOrigin(req) && tokens.verify(fields._t2?.[0], '-', formId, now)) return;
    throw new AppError(403, 'intake_form_expired');
  }

  async function renderForm(req: FastifyRequest, reply: FastifyReply, lang: Lang, status = 200, values?: FormValues, error?: string) {
    const nonce = nonceOf(req, reply);
    const formId = randomBytes(16).toString('base64url');
    const tk = tokens.issue(nonce, formId, deps.clock().getTime());
    return html(
      reply,
      status,
      reportForm({
        lang,
        units: await units(lang),
        token: tk.token,
        tokenNoCookie: tk.noCookie,
        formId,
        ...(values ? { values } : {}),
        ...(error ? { error } : {}),
      }),
    );
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    const out: FormValues = {};
    for (const [k, val] of new URLSearchParams(body as string)) addValue(out, k, val);
    done(null, out);
  });

  app.get(PUBLIC_PATHS.css, { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
    if (req.headers['if-none-match'] === CSS_ETAG) return reply.status(304).send();
    return reply.header('cache-control', 'public, max-age=3600').header('etag', CSS_ETAG).type('text/css; charset=utf-8').send(PUBLIC_CSS);
  });

  app.get(PUBLIC_PATHS.form, { schema: { hide: true } }, async (req, reply) => renderForm(req, reply, langOf(req, reply)));
  app.get(PUBLIC_PATHS.submit, { schema: { hide: true } }, async (_req, reply) => reply.redirect('/'));

  app.post(PUBLIC_PATHS.submit, { schema: { hide: true }, config: { rateLimit: false, csrf: false }, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    let lang = langOf(req, reply);
    let fields: FormValues = {};
    try {
      const ipKey = keys.ipKeyOf(req.ip);
      if (!limiter.allowAnonymous(ipKey)) throw new AppError(429, 'intake_rate_limited');
      const form = await readForm(req);
      fields = form.fields;
      lang = fields.lang?.[0] === 'en' ? 'en' : fields.lang?.[0] === 'vi' ? 'vi' : lang;
      const formId = fields.form_id?.[0] ?? '';
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(formId)) throw new AppError(403, 'intake_form_expired');
      checkToken(req, fields, formId);
      const input = formToInput(fields, lang);
      // What the files will cost to decode, from their headers, before any decoder runs: one
      // report's files together, and everything one address sent in the last ten minutes.
      const cost = await requestDecodeCost(form.files);
      if (!limiter.allowDecode(ipKey, cost)) throw new AppError(429, 'intake_decode_budget');
      const prepared: PreparedEvidence[] = [];
      for (const f of form.files) prepared.push(await prepareEvidence(deps.sealer, f));
      const spam = limiter.spamSignals({ ipKey, description: input.description, urlCount: input.urls.length, fileCount: prepared.length });
      const ctx: Ctx = { ...deps, actor: anonymous, origin: { ip: null } };
      const result = await submitReport(ctx, input, { source: 'web', idempotency: { scope: 'web', key: formId }, ipKey, files: prepared, spam });
      return html(reply, 201, sentPage(lang, result.trackingCode, result.created ? result.pin : null));
    } catch (e) {
      const asked = Object.create(req, { headers: { value: { ...req.headers, 'accept-language': lang } } }) as FastifyRequest;
      const { status, body } = toErrorResponse(e as Error, asked);
      if (status >= 500) req.log.error({ err: e }, 'public report failed');
      const message = body.error.code === 'rate_limited' ? t(lang, 'intake_rate_limited') : body.error.message;
      // The reporter keeps what they typed (escaped), with a fresh token; files must be chosen again.
      const keep = Object.fromEntries(Object.entries(fields).filter(([k]) => !['_t', '_t2', 'form_id'].includes(k)));
      return renderForm(req, reply, lang, status, keep, message);
    }
  });

  app.get(PUBLIC_PATHS.status, { schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req, reply);
    const tk = tokens.issue(nonceOf(req, reply), 'status', deps.clock().getTime());
    return html(reply, 200, statusForm(lang, tk.token, tk.noCookie));
  });

  app.post(PUBLIC_PATHS.status, { schema: { hide: true }, config: { rateLimit: false, csrf: false }, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = langOf(req, reply);
    const tk = tokens.issue(nonceOf(req, reply), 'status', deps.clock().getTime());
    let fields: FormValues;
    try {
      fields = (req.isMultipart() ? (await readForm(req)).fields : (req.body as FormValues | undefined)) ?? {};
    } catch (e) {
      const asked = Object.create(req, { headers: { value: { ...req.headers, 'accept-language': lang } } }) as FastifyRequest;
      const { status, body } = toErrorResponse(e as Error, asked);
      return html(reply, status, statusForm(lang, tk.token, tk.noCookie, {}, body.error.message));
    }
    const codeRaw = (fields.code?.[0] ?? '').slice(0, 40);
    const page = (status: number, error?: string, result?: { stage: string; received: string; updated: string }) =>
      html(reply, status, statusForm(lang, tk.token, tk.noCookie, { code: codeRaw }, error, result));
    try {
      checkToken(req, fields, 'status');
    } catch {
      return page(403, t(lang, 'intake_form_expired'));
    }
    if (!limiter.statusPerIp.take(keys.ipKeyOf(req.ip))) return page(429, t(lang, 'intake_rate_limited'));
    const code = normaliseTrackingCode(codeRaw);
    const pin = (fields.pin?.[0] ?? '').trim();
    if (!code || !/^\d{6}$/.test(pin)) return page(404, tx(lang, 'notFound'));
    // Unknown code, wrong PIN and a code locked after too many wrong PINs all get the same answer.
    const found = await lookUpStatus(deps, code, pin);
    if (!found) return page(404, tx(lang, 'notFound'));
    const day = (iso: string) => iso.slice(0, 10);
    return page(200, undefined, { stage: PUBLIC_STAGES[publicStage(found.status)][lang], received: day(found.createdAt), updated: day(found.updatedAt) });
  });

  // Anything else a browser asks for at the root is a page too: answer in HTML, not JSON.
  app.post('/', { schema: { hide: true }, config: { csrf: false } }, async (req, reply) => {
    const lang = langOf(req, reply);
    return html(reply, 405, messagePage(lang, tx(lang, 'errorTitle'), t(lang, 'route_not_found', { method: 'POST', url: '/' })));
  });
}
