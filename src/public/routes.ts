import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymous } from '../access/actor.js';
import type { Ctx, Deps } from '../context.js';
import { type PreparedEvidence, prepareEvidence, requestDecodeCost } from '../evidence/prepare.js';
import { toErrorResponse } from '../http/errors.js';
import { intakeKeys, normaliseTrackingCode } from '../intake/keys.js';
import { limiterFor } from '../intake/limits.js';
import { lookUpStatus } from '../intake/status-lookup.js';
import { submitReport } from '../intake/submit.js';
import { PUBLIC_STAGES, publicStage } from '../intake/vocab.js';
import { AppError } from '../shared/errors.js';
import { type Lang, t } from '../shared/i18n.js';
import { EXIT_SCRIPT, FAVICON_SVG } from './assets.js';
import { CONFIRMATION_COOKIE, CONFIRMATION_PATH, CONFIRMATION_WINDOW_MS, openConfirmation, sealConfirmation } from './confirmation.js';
import { vnDate, vnTime } from './dates.js';
import { addValue, type FormValues, fieldOfError, formToInput, readForm } from './form-input.js';
import { GUIDANCE_PATHS, guidancePage } from './guidance.js';
import { reportableUnits } from './list-units.js';
import { messagePage, PUBLIC_ASSETS, reportForm, sentPage, statusForm, type Unit } from './render.js';
import { PUBLIC_CSS } from './style.js';
import { tx } from './text.js';

/**
 * The public pages at the site root: a report form (no JavaScript needed, works on any phone),
 * the confirmation with tracking code + PIN (kept for a reload: confirmation.ts), the status
 * page, and the safety guidance for children and parents (guidance.ts). Anonymous CSRF
 * protection is a signed double-submit token: a random cookie, and a hidden field carrying an
 * HMAC of that cookie, a time stamp and the form's id. The form id doubles as the idempotency
 * key, so pressing "send" twice files one report.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const FORM_COOKIE = 'lc_f';
const LANG_COOKIE = 'lc_lang';
const TOKEN_MAX_AGE_MS = 12 * 3600_000;
const FORM_BODY_LIMIT = 64 * 1024;

const PUBLIC_PATHS = { form: '/', submit: '/bao-cao', status: '/trang-thai' } as const;

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

/** The confirmation cookie: only the confirmation page sees it, only for the window. */
const confirmationCookie = (secure: boolean, maxAgeSeconds: number) =>
  ({ path: CONFIRMATION_PATH, httpOnly: true, sameSite: 'strict', secure, maxAge: maxAgeSeconds }) as const;

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

  /** Checks the form token; says whether the browser keeps cookies (the signed cookie matched) or only told us it is our page. */
  function checkToken(req: FastifyRequest, fields: FormValues, formId: string): 'cookie' | 'origin' {
    const now = deps.clock().getTime();
    const nonce = req.cookies[FORM_COOKIE] ?? '';
    if (nonce && tokens.verify(fields._t?.[0], nonce, formId, now)) return 'cookie';
    if (sameOrigin(req) && tokens.verify(fields._t2?.[0], '-', formId, now)) return 'origin';
    throw new AppError(403, 'intake_form_expired');
  }

  interface Refused {
    status: number;
    values: FormValues;
    error: string;
    errorField: string | null;
    filesDropped: boolean;
  }

  async function renderForm(req: FastifyRequest, reply: FastifyReply, lang: Lang, refused?: Refused) {
    const nonce = nonceOf(req, reply);
    const formId = randomBytes(16).toString('base64url');
    const tk = tokens.issue(nonce, formId, deps.clock().getTime());
    return html(
      reply,
      refused?.status ?? 200,
      reportForm({
        lang,
        units: await units(lang),
        token: tk.token,
        tokenNoCookie: tk.noCookie,
        formId,
        ...(refused ? { values: refused.values, error: refused.error, errorField: refused.errorField, filesDropped: refused.filesDropped } : {}),
      }),
    );
  }

  function confirmationPage(
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: number,
    c: { code: string; pin: string; categories: string[]; until: number },
  ) {
    const hide = tokens.issue(nonceOf(req, reply), 'confirm', deps.clock().getTime());
    return html(reply, status, sentPage(lang, c.code, { kind: 'shown', pin: c.pin, until: vnTime(c.until) }, c.categories, hide.token));
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    const out: FormValues = {};
    for (const [k, val] of new URLSearchParams(body as string)) addValue(out, k, val);
    done(null, out);
  });

  // The stylesheet, the quick-exit script and the icon: small, cached, revalidated by ETag.
  const statics: Array<[string, string, string]> = [
    [PUBLIC_ASSETS.css, PUBLIC_CSS, 'text/css; charset=utf-8'],
    [PUBLIC_ASSETS.exitScript, EXIT_SCRIPT, 'text/javascript; charset=utf-8'],
    [PUBLIC_ASSETS.icon, FAVICON_SVG, 'image/svg+xml'],
    ['/favicon.ico', FAVICON_SVG, 'image/svg+xml'],
  ];
  for (const [path, body, type] of statics) {
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    app.get(path, { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.header('cache-control', 'public, max-age=3600').header('etag', etag).type(type).send(body);
    });
  }

  app.get(PUBLIC_PATHS.form, { schema: { hide: true } }, async (req, reply) => renderForm(req, reply, langOf(req, reply)));
  app.get(PUBLIC_PATHS.submit, { schema: { hide: true } }, async (_req, reply) => reply.redirect('/'));

  app.post(PUBLIC_PATHS.submit, { schema: { hide: true }, config: { rateLimit: false, csrf: false }, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    let lang = langOf(req, reply);
    let fields: FormValues = {};
    let filesSent = false;
    try {
      const ipKey = keys.ipKeyOf(req.ip);
      if (!(await limiter.allowAnonymous(ipKey))) throw new AppError(429, 'intake_rate_limited');
      const form = await readForm(req);
      fields = form.fields;
      filesSent = form.files.length > 0 || (form.error instanceof AppError && fieldOfError(form.error.code) === 'files');
      lang = fields.lang?.[0] === 'en' ? 'en' : fields.lang?.[0] === 'vi' ? 'vi' : lang;
      if (form.error) throw form.error;
      const formId = fields.form_id?.[0] ?? '';
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(formId)) throw new AppError(403, 'intake_form_expired');
      const via = checkToken(req, fields, formId);
      const now = deps.clock();
      const input = formToInput(fields, lang, now);
      // What the files will cost to decode, from their headers, before any decoder runs: one
      // report's files together, and everything one address sent in the last ten minutes.
      const cost = await requestDecodeCost(form.files);
      if (!(await limiter.allowDecode(ipKey, cost))) throw new AppError(429, 'intake_decode_budget');
      const prepared: PreparedEvidence[] = [];
      for (const f of form.files) prepared.push(await prepareEvidence(deps.sealer, f));
      const spam = await limiter.spamSignals({ ipKey, description: input.description, urlCount: input.urls.length, fileCount: prepared.length });
      const ctx: Ctx = { ...deps, actor: anonymous, origin: { ip: null } };
      const result = await submitReport(ctx, input, { source: 'web', idempotency: { scope: 'web', key: formId }, ipKey, files: prepared, spam });
      if (result.created) limiter.filedText(input.description);
      // The window is counted from when the report was filed: a second press of "send" (same form,
      // same browser) within it shows the same code and PIN; later, the code only.
      const until = Date.parse(result.createdAt) + CONFIRMATION_WINDOW_MS;
      if (!result.created && until <= now.getTime()) return html(reply, 201, sentPage(lang, result.trackingCode, { kind: 'again' }, input.categories));
      const confirmation = { code: result.trackingCode, pin: result.pin, categories: input.categories, until };
      if (via === 'cookie')
        void reply.setCookie(
          CONFIRMATION_COOKIE,
          sealConfirmation(deps.sealer, confirmation),
          confirmationCookie(deps.config.secureCookies, Math.ceil((until - now.getTime()) / 1000)),
        );
      // A browser's form submission (a navigation) is answered post/redirect/get: a reload, or a
      // phone bringing the tab back, asks for the confirmation page again instead of sending the
      // form again. Anything else — a browser that does not say, a script, a browser without
      // cookies, which could not bring the confirmation back — gets the page in the answer (201);
      // a browser reloading that sends the same form again, and within the window the replay
      // shows the same code and PIN.
      if (via === 'cookie' && req.headers['sec-fetch-mode'] === 'navigate')
        return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(`${CONFIRMATION_PATH}?lang=${lang}`, 303);
      return confirmationPage(req, reply, lang, 201, confirmation);
    } catch (e) {
      const asked = Object.create(req, { headers: { value: { ...req.headers, 'accept-language': lang } } }) as FastifyRequest;
      const { status, body } = toErrorResponse(e as Error, asked);
      if (status >= 500) req.log.error({ err: e }, 'public report failed');
      const message = body.error.code === 'rate_limited' ? t(lang, 'intake_rate_limited') : body.error.message;
      // The reporter keeps everything they typed (escaped), with a fresh token; files cannot be
      // put back into a file input, and the page says so.
      const values = Object.fromEntries(Object.entries(fields).filter(([k]) => !['_t', '_t2', 'form_id'].includes(k)));
      return renderForm(req, reply, lang, { status, values, error: message, errorField: fieldOfError(body.error.code), filesDropped: filesSent });
    }
  });

  app.get(CONFIRMATION_PATH, { schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req, reply);
    const c = openConfirmation(deps.sealer, req.cookies[CONFIRMATION_COOKIE], deps.clock().getTime());
    if (c) return confirmationPage(req, reply, lang, 200, c);
    if (req.cookies[CONFIRMATION_COOKIE]) void reply.clearCookie(CONFIRMATION_COOKIE, { path: CONFIRMATION_PATH });
    const hidden = (req.query as Record<string, unknown> | undefined)?.an === '1';
    return html(reply, 200, sentPage(lang, null, { kind: hidden ? 'hidden' : 'expired' }, []));
  });

  // "I have written it down — hide the PIN now": the cookie goes, at once.
  app.post(CONFIRMATION_PATH, { schema: { hide: true }, config: { csrf: false }, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = langOf(req, reply);
    const form = await readForm(req);
    try {
      checkToken(req, form.fields, 'confirm');
    } catch {
      return html(reply, 403, messagePage(lang, tx(lang, 'errorTitle'), t(lang, 'intake_form_expired')));
    }
    void reply.clearCookie(CONFIRMATION_COOKIE, { path: CONFIRMATION_PATH });
    return reply.header('cache-control', 'no-store').redirect(`${CONFIRMATION_PATH}?an=1&lang=${lang}`, 303);
  });

  for (const [who, path] of Object.entries(GUIDANCE_PATHS) as Array<[keyof typeof GUIDANCE_PATHS, string]>)
    app.get(path, { schema: { hide: true } }, async (req, reply) => html(reply, 200, guidancePage(langOf(req, reply), who)));
  app.get('/huong-dan', { schema: { hide: true } }, async (_req, reply) => reply.redirect(GUIDANCE_PATHS.child));

  app.get(PUBLIC_PATHS.status, { schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req, reply);
    const tk = tokens.issue(nonceOf(req, reply), 'status', deps.clock().getTime());
    // the confirmation's status link carries the code (never the PIN)
    const ma = (req.query as Record<string, unknown> | undefined)?.ma;
    const code = typeof ma === 'string' ? (normaliseTrackingCode(ma.slice(0, 40)) ?? '') : '';
    return html(reply, 200, statusForm(lang, tk.token, tk.noCookie, { code }));
  });

  app.post(PUBLIC_PATHS.status, { schema: { hide: true }, config: { rateLimit: false, csrf: false }, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = langOf(req, reply);
    const tk = tokens.issue(nonceOf(req, reply), 'status', deps.clock().getTime());
    const form = await readForm(req);
    if (form.error) {
      const asked = Object.create(req, { headers: { value: { ...req.headers, 'accept-language': lang } } }) as FastifyRequest;
      const { status, body } = toErrorResponse(form.error, asked);
      return html(reply, status, statusForm(lang, tk.token, tk.noCookie, { code: (form.fields.code?.[0] ?? '').slice(0, 40) }, body.error.message));
    }
    const fields = form.fields;
    const codeRaw = (fields.code?.[0] ?? '').slice(0, 40);
    const page = (status: number, error?: string, result?: Parameters<typeof statusForm>[5]) =>
      html(reply, status, statusForm(lang, tk.token, tk.noCookie, { code: codeRaw }, error, result));
    try {
      checkToken(req, fields, 'status');
    } catch {
      return page(403, t(lang, 'intake_form_expired'));
    }
    if (!(await limiter.allowStatus(keys.ipKeyOf(req.ip)))) return page(429, t(lang, 'intake_rate_limited'));
    const code = normaliseTrackingCode(codeRaw);
    const pin = (fields.pin?.[0] ?? '').trim();
    if (!code || !/^\d{6}$/.test(pin)) return page(404, tx(lang, 'notFound'));
    // Unknown code, wrong PIN and a code locked after too many wrong PINs all get the same answer.
    const found = await lookUpStatus(deps, code, pin);
    if (!found) return page(404, tx(lang, 'notFound'));
    return page(200, undefined, {
      stage: PUBLIC_STAGES[publicStage(found.status, found.caseStage)][lang],
      received: vnDate(found.createdAt),
      updated: vnDate(found.updatedAt),
      rejected: found.status === 'rejected',
    });
  });

  // Anything else a browser asks for at the root is a page too: answer in HTML, not JSON.
  app.post('/', { schema: { hide: true }, config: { csrf: false } }, async (req, reply) => {
    const lang = langOf(req, reply);
    return html(reply, 405, messagePage(lang, tx(lang, 'errorTitle'), t(lang, 'route_not_found', { method: 'POST', url: '/' })));
  });
}
