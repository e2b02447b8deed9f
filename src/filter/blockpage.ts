import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { Deps } from '../context.js';
import { rateCountersFor } from '../http/rate-counters.js';
import type { Lang } from '../shared/i18n.js';
import { ACTION } from './engine/policy.js';
import { BUILTIN_CATEGORIES, PSEUDO } from './model.js';
import { createReviewRequest } from './reviews/create-review-request.js';
import { runningFilterServices } from './service.js';

/**
 * The block page: server-rendered HTML, Vietnamese first (English with ?lang=en or
 * Accept-Language), no script. Shown at /blocked, and for any request whose Host is a domain
 * blocked for the caller's network (the DNS answer pointed the browser here). It names the
 * category, never the person, and offers "this is a mistake" (a review request to the school's
 * administrator) and "I need help" (the reporting centre, hotline 111).
 */
/** Review requests one address may send in REVIEW_WINDOW_MS (a class behind one school address shares it). */
const REVIEWS_PER_ADDRESS = 10;
const REVIEW_WINDOW_MS = 10 * 60_000;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXT = {
  vi: {
    title: 'Trang này đã bị chặn',
    lead: 'Mạng của trường chặn trang này để bảo vệ học sinh.',
    domain: 'Trang',
    category: 'Lý do',
    mistake: 'Đây là nhầm lẫn',
    mistakeHelp: 'Gửi yêu cầu xem xét tới quản trị viên của trường. Không ghi lại bạn là ai.',
    note: 'Ghi chú (không bắt buộc)',
    send: 'Gửi yêu cầu xem xét',
    help: 'Tôi cần giúp đỡ',
    helpText:
      'Nếu bạn đang gặp chuyện không ổn trên mạng hoặc ngoài đời, hãy gọi Tổng đài quốc gia bảo vệ trẻ em 111 (miễn phí, 24/7) hoặc gửi phản ánh tới Trung tâm.',
    call: 'Gọi 111',
    report: 'Gửi phản ánh',
    sent: 'Đã gửi yêu cầu xem xét. Cảm ơn bạn.',
    notBlocked: 'Trang này không bị chặn trên mạng của bạn: không có gì được gửi.',
    limited: 'Có quá nhiều yêu cầu từ mạng này. Vui lòng thử lại sau ít phút.',
    bad: 'Không đọc được yêu cầu: không có gì được gửi.',
    other: 'English',
  },
  en: {
    title: 'This page is blocked',
    lead: 'The school network blocks this page to protect students.',
    domain: 'Page',
    category: 'Reason',
    mistake: 'This is a mistake',
    mistakeHelp: "Send a review request to the school's administrator. Who you are is not recorded.",
    note: 'Note (optional)',
    send: 'Send review request',
    help: 'I need help',
    helpText: 'If something is wrong online or offline, call the national child protection hotline 111 (free, 24/7) or send a report to the centre.',
    call: 'Call 111',
    report: 'Send a report',
    sent: 'Review request sent. Thank you.',
    notBlocked: 'This page is not blocked on your network: nothing was sent.',
    limited: 'Too many requests from this network. Please try again in a few minutes.',
    bad: 'The request could not be read: nothing was sent.',
    other: 'Tiếng Việt',
  },
};

export function categoryLabel(code: string, lang: Lang): string {
  const c = BUILTIN_CATEGORIES.find((x) => x.code === code);
  if (c) return c[lang];
  const p = (PSEUDO as Record<string, { vi: string; en: string }>)[code];
  return p ? p[lang] : code;
}

export type ReviewOutcome = 'sent' | 'notBlocked' | 'limited' | 'bad';

export function renderBlockPage(o: { domain: string; category: string; lang: Lang; sent?: boolean; outcome?: ReviewOutcome }): string {
  const t = TEXT[o.lang];
  const other = o.lang === 'vi' ? 'en' : 'vi';
  const q = (lang: string) => `/blocked?domain=${encodeURIComponent(o.domain)}&category=${encodeURIComponent(o.category)}&lang=${lang}`;
  return `<!doctype html>
<html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(t.title)} — Lá Chắn</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}h1{color:#b91c1c}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}section{border:1px solid #e5e7eb;border-radius:.5rem;padding:1rem;margin:1rem 0}button,a.btn{background:#1d4ed8;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;text-decoration:none;display:inline-block;font-size:1rem}textarea{width:100%;box-sizing:border-box}.help{border-color:#f59e0b;background:#fffbeb}</style></head>
<body><p><a href="${esc(q(other))}">${esc(t.other)}</a></p>
<h1>${esc(t.title)}</h1><p>${esc(t.lead)}</p>
<dl><dt>${esc(t.domain)}</dt><dd>${esc(o.domain || '—')}</dd><dt>${esc(t.category)}</dt><dd>${esc(categoryLabel(o.category, o.lang))}</dd></dl>
${o.sent || o.outcome ? `<p role="status"><strong>${esc(t[o.outcome ?? 'sent'])}</strong></p>` : ''}
<section><h2>${esc(t.mistake)}</h2><p>${esc(t.mistakeHelp)}</p>
<form method="post" action="/blocked/review"><input type="hidden" name="domain" value="${esc(o.domain)}"><input type="hidden" name="category" value="${esc(o.category)}"><input type="hidden" name="lang" value="${o.lang}">
<label>${esc(t.note)}<br><textarea name="note" maxlength="500" rows="3"></textarea></label><p><button type="submit">${esc(t.send)}</button></p></form></section>
<section class="help"><h2>${esc(t.help)}</h2><p>${esc(t.helpText)}</p><p><a class="btn" href="tel:111">${esc(t.call)}</a> <a class="btn" href="/">${esc(t.report)}</a></p></section>
</body></html>`;
}

function pickLang(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: string } | undefined)?.lang;
  if (q === 'en' || q === 'vi') return q;
  return req.lang;
}

const REVIEW_PATH = '/blocked/review';

const hostOf = (req: FastifyRequest) =>
  (req.headers.host ?? '')
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();

export async function installBlockPageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const send = (reply: FastifyReply, html: string) => reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

  // A browser sent here by a blocked DNS answer asks for http://<blocked domain>/…: show the page.
  // The page's own review form posts to that same host: it must reach the review route, on any Host.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'POST' && req.url.split('?')[0] === REVIEW_PATH) return;
    const host = hostOf(req);
    if (!host || !/[a-z]/.test(host) || host === 'localhost' || !host.includes('.')) return;
    const service = [...runningFilterServices][0];
    if (!service) return;
    const client = service.engine.identify(req.ip);
    if (!client) return;
    let d: ReturnType<typeof service.engine.check>;
    try {
      d = service.engine.check(host, client.schoolId, client.band);
    } catch {
      return;
    }
    if (d.action !== ACTION.BLOCK && d.action !== ACTION.CANARY) return;
    return send(reply.status(200), renderBlockPage({ domain: host, category: d.category, lang: pickLang(req) }));
  });

  app.get('/blocked', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { domain?: string; category?: string; sent?: string };
    const domain = typeof q.domain === 'string' ? q.domain.slice(0, 253) : '';
    const category = typeof q.category === 'string' ? q.category.slice(0, 40) : '';
    return send(reply, renderBlockPage({ domain, category, lang: pickLang(req), sent: q.sent === '1' }));
  });

  // "This is a mistake": at most REVIEWS_PER_ADDRESS per address in ten minutes, counted in /metrics.
  // The platform's rate counters (http/rate-counters.ts): shared by every web instance on
  // PostgreSQL (a MAC of the address, never the address), in memory on SQLite.
  const counters = rateCountersFor(deps);
  const counter = new Counter({
    name: 'lachan_filter_review_requests_total',
    help: 'Review requests from the block page, by result (stored, not_blocked, limited, bad)',
    labelNames: ['result'] as const,
    registers: [],
  });
  (app as unknown as { metricsRegistry?: Registry }).metricsRegistry?.registerMetric(counter);

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // the global per-minute limit still applies; this route's own bound is counted apart
    scope.post(REVIEW_PATH, { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as { domain?: unknown; category?: unknown; note?: unknown; lang?: unknown };
      const domain = String(body.domain ?? '').slice(0, 253);
      const category = String(body.category ?? '').slice(0, 40);
      const lang: Lang = body.lang === 'en' ? 'en' : 'vi';
      const page = (status: number, outcome: ReviewOutcome) => send(reply.status(status), renderBlockPage({ domain, category, lang, outcome }));
      if ((await counters.hit('filter.review', req.ip, REVIEW_WINDOW_MS)).hits > REVIEWS_PER_ADDRESS) {
        counter.inc({ result: 'limited' });
        return page(429, 'limited');
      }
      const r = await createReviewRequest(deps, [...runningFilterServices][0], { ip: req.ip, domain, note: body.note ? String(body.note) : null });
      if (r.result === 'bad_input') {
        counter.inc({ result: 'bad' });
        return page(400, 'bad');
      }
      if (r.result === 'not_blocked') {
        counter.inc({ result: 'not_blocked' });
        return page(200, 'notBlocked');
      }
      counter.inc({ result: 'stored' });
      return page(200, 'sent');
    });
  });
}
