/**
 * Every console route as every role, on a phone (390 px) and a laptop (1280 px), in Chromium
 * against the real platform. The routes are read from ui/src/modules.tsx (every `path` there, with
 * its `ability`), so a page added to the menu is visited without touching this file; detail pages
 * are visited with a fixture record. A visit fails on:
 *   - a silent redirect: the address changed, or a page the role may open showed "no access", or a
 *     page it may not open showed anything but "no access" (the server's abilities decide which);
 *   - horizontal scroll: the document wider than the window;
 *   - a raw code in visible text: a snake_case word (`victim_support`) or a UUID.
 * All failures are collected and reported together, one line each.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import type { Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/access/actor.js';
import type { HomeCounts } from '../../src/home/api-schemas.js';
import { CHROMIUM, CONTEXT_OPTIONS, root } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-routes';
const STAFF_PASSWORD = 'e2e-staff-password-routes';
const WARD = '00070';
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

interface ConsoleRoute {
  path: string;
  ability: string | null;
}

/** Every `{ path: '…', ability?: '…' }` object in ui/src/modules.tsx, read with the TypeScript parser. */
function consoleRoutes(file = path.join(root, 'ui', 'src', 'modules.tsx')): ConsoleRoute[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: ConsoleRoute[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const prop = (name: string) => {
        const p = node.properties.find((x) => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === name);
        return p && ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer) ? p.initializer.text : null;
      };
      const p = prop('path');
      const ability = prop('ability');
      const seen = out.find((r) => r.path === p);
      // a module's group and its first page share a path: the page's ability decides
      if (seen) seen.ability ??= ability;
      else if (p?.startsWith('/')) out.push({ path: p, ability });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
/** A code word: lower-case letters joined by underscores (`handed_over`, `victim_support`). */
const SNAKE = /(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.@/-])/;

type HomeAnswer = Static<typeof HomeCounts>;
/** The home page's tiles (ui/src/pages/Overview.tsx) and the figure of GET /home each shows. */
const TILES: Record<string, (h: HomeAnswer) => number | null | undefined> = {
  'reports-new': (h) => h.reports?.new,
  'reports-p1': (h) => h.reports?.p1,
  'reports-overdue': (h) => h.reports?.overdue,
  'reports-open': (h) => h.reports?.open,
  'handovers-open': (h) => h.handovers?.open,
  'items-to-decide': (h) => h.detection?.toDecide,
  'items-failed': (h) => h.detection?.failed,
  'items-waiting': (h) => h.detection?.waiting,
  networks: (h) => h.filter?.networks,
  lookups: (h) => h.filter?.lookups24h,
  blocked: (h) => h.filter?.blocked24h,
  'locked-accounts': (h) => h.admin?.lockedAccounts,
  'accounts-without-2fa': (h) => h.admin?.accountsWithout2fa,
  'tokens-expiring': (h) => h.admin?.tokensExpiringSoon,
};

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('every console route as every role, at 390 px and 1280 px (browser)', () => {
  let session: ConsoleSession;
  let api: string;
  const errors = { pageErrors: [] as string[], cspViolations: [] as string[] };
  const failures: string[] = [];
  const fixtures: { report: string; item: string } = { report: '', item: '' };
  const routes = consoleRoutes();
  const accounts: Array<{ role: Role; username: string; scope: Record<string, string> }> = [];

  beforeAll(async () => {
    // hundreds of visits in a few minutes from one address: the API's per-address limit is not what is tested here
    session = await openConsoleSession({ name: 'routes', adminPassword: ADMIN_PASSWORD, timeoutMs: 15_000, errors, env: { LACHAN_HTTP_RATE_LIMIT: '100000' } });
    api = session.api;
    const req = session.context.request;
    const login = await req.post(`${api}/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.status(), await login.text()).toBe(200);
    const csrf = (await login.json()).csrfToken as string;
    const call = async (url: string, data: unknown) => {
      const res = await req.post(`${api}${url}`, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    };
    const schools = (await (await req.get(`${api}/schools?limit=5`)).json()).items as Array<{ id: string }>;
    const agencies = (await (await req.get(`${api}/agencies`)).json()) as Array<{ id: string }> | { items: Array<{ id: string }> };
    const agencyId = (Array.isArray(agencies) ? agencies : agencies.items)[0]?.id as string;
    const scopes: Record<Role, Record<string, string>> = {
      system_admin: {},
      city_leader: {},
      intake_officer: {},
      analyst: {},
      case_worker: { unitId: WARD },
      agency_officer: { agencyId },
      school_admin: { schoolId: schools[0]?.id as string },
    };
    for (const [role, scope] of Object.entries(scopes) as Array<[Role, Record<string, string>]>) {
      const username = `routes.${role.replace('_', '-')}`;
      await call('/users', { username, displayName: `Người thử ${role.replace('_', ' ')}`, password: STAFF_PASSWORD, role, ...scope });
      accounts.push({ role, username, scope });
    }
    // a record for each detail page
    fixtures.report = (await call('/intake/reports', { incidentTypes: ['cyberbullying'], description: 'Phản ánh thử cho kiểm tra trang' })).id;
    fixtures.item = (await call('/detect/items', { url: 'https://routes-fixture.example/page' })).id;
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  const busy = new WeakMap<Page, Set<unknown>>();
  /**
   * Waits until the page shows its content: the shell, no request in flight, no spinner in the main
   * area, the page drawn for the address shown — twice in a row 50 ms apart (a lazy chunk that
   * arrives starts its own requests).
   */
  const settle = async (page: Page) => {
    await page.locator('#main').waitFor();
    const inflight = busy.get(page) as Set<unknown>;
    const deadline = Date.now() + 15_000;
    for (let calm = 0; calm < 2 && Date.now() < deadline; ) {
      await page.waitForTimeout(50);
      const spinning = await page.locator('#main .ant-spin-spinning, #main .ant-skeleton, #main .spinner').count();
      // the shell marks the address its page was drawn for: a navigation whose page is still loading
      // (React keeps the previous page on screen meanwhile) is not settled
      const drawn = await page.evaluate(() => document.getElementById('main')?.dataset.path === window.location.pathname.replace(/^\/console/, ''));
      calm = inflight.size === 0 && spinning === 0 && drawn ? calm + 1 : 0;
    }
  };

  /** Client-side navigation (as a click on a menu link would do): much faster than reloading the app per route. */
  const open = async (page: Page, to: string) => {
    await page.evaluate((url) => {
      window.history.pushState(null, '', url);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/console${to}`);
    await settle(page);
  };

  const check = async (page: Page, who: string, width: number, to: string, mayOpen: boolean | 'not-found') => {
    const where = `${who} @${width}px ${to}`;
    const pathname = new URL(page.url()).pathname;
    if (pathname !== `/console${to}`) failures.push(`${where}: redirected to ${pathname}`);
    const noAccess = await page.getByTestId('no-access').count();
    const notFound = await page.getByTestId('not-found').count();
    if (mayOpen === 'not-found') {
      if (!notFound) failures.push(`${where}: an unknown address did not say "not found"`);
    } else if (mayOpen && noAccess) failures.push(`${where}: the role may open this page but was told it may not`);
    else if (!mayOpen && !noAccess) failures.push(`${where}: the role may not open this page and was not told so`);
    const { scrollWidth, clientWidth, text, marked } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts (textContent reads hidden nodes too)
      text: document.body.innerText,
      // text marked up as code (a category's or a hash bank's handle, a domain) is shown as a code on purpose
      // biome-ignore lint/performance/useDomNodeTextContent: what is shown
      marked: Array.from(document.querySelectorAll<HTMLElement>('code, kbd')).map((e) => e.innerText),
    }));
    if (scrollWidth > clientWidth) {
      const wide = await page.evaluate((cw) => {
        // the outermost elements that stick out, to name the culprit
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('#main *'))) {
          const r = el.getBoundingClientRect();
          if (r.right > cw + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > cw + 1)) {
            out.push(`${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}`);
            if (out.length >= 3) break;
          }
        }
        return out.join(', ');
      }, clientWidth);
      failures.push(`${where}: scrolls sideways (${scrollWidth} > ${clientWidth} px; ${wide || 'outside #main'})`);
    }
    const uuid = UUID.exec(text);
    if (uuid) failures.push(`${where}: a UUID in the visible text: ${uuid[0]}`);
    const snake = [...text.matchAll(new RegExp(SNAKE, 'g'))].find((m) => !marked.some((c) => c.includes(m[0])));
    if (snake) failures.push(`${where}: a raw code in the visible text: ${snake[0]}`);
  };

  /** Every figure the home page shows equals the server's count for this account; a city leader sees the targets first. */
  const checkHome = async (page: Page, who: string, role: Role, home: HomeAnswer) => {
    await page.locator('[data-testid^="home-section-"]').first().waitFor();
    let shown = 0;
    for (const [id, figure] of Object.entries(TILES)) {
      const tile = page.getByTestId(`home-${id}`);
      if (!(await tile.count())) continue;
      shown++;
      const text = (await page.getByTestId(`home-${id}-value`).textContent()) ?? '';
      if (Number(text.replace(/\D/g, '')) !== figure(home)) failures.push(`${who} home: ${id} shows ${text}, the server counts ${figure(home)}`);
    }
    if (shown === 0) failures.push(`${who} home: no figure shown`);
    if (role === 'city_leader') {
      const first = await page.locator('[data-testid^="home-section-"]').first().getAttribute('data-testid');
      if (first !== 'home-section-targets') failures.push(`${who} home: the targets are not first (${first})`);
    }
  };

  it('finds a code in prose and a UUID anywhere, and leaves words and addresses alone', () => {
    for (const raw of ['cần hỗ trợ victim_support', 'handed_over', 'id 0192f6a4-1b2c-7d3e-8f40-123456789abc'])
      expect(SNAKE.test(raw) || UUID.test(raw), raw).toBe(true);
    for (const fine of ['Phản ánh mới', 'routes.system-admin', 'a_b@example.com', 'https://x.example/a_b', 'P1 — Khẩn cấp'])
      expect(SNAKE.test(fine) || UUID.test(fine), fine).toBe(false);
  });

  it('visits every route of ui/src/modules.tsx, the detail pages and an unknown address as each role, at both widths', async () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/', '/reports', '/school-filter/networks', '/admin/audit']));
    const all = [
      ...accounts.map((a) => ({ ...a, password: STAFF_PASSWORD })),
      { role: 'system_admin' as Role, username: 'admin', scope: {}, password: ADMIN_PASSWORD },
    ];
    for (const account of all) {
      const context = await session.browser.newContext({ ...CONTEXT_OPTIONS, viewport: VIEWPORTS[0] });
      try {
        const page = await context.newPage();
        // every request of the page in flight — data and lazily loaded code alike — so a visit is
        // checked once its page has arrived, not while the previous one is still shown
        const inflight = new Set<unknown>();
        page.on('request', (r) => inflight.add(r));
        page.on('requestfinished', (r) => inflight.delete(r));
        page.on('requestfailed', (r) => inflight.delete(r));
        busy.set(page, inflight);
        page.setDefaultTimeout(15_000);
        let current = '/';
        page.on('pageerror', (e) => errors.pageErrors.push(`${account.username} ${current}: ${String(e)}`));
        const login = await context.request.post(`${api}/auth/login`, { data: { username: account.username, password: account.password } });
        expect(login.status(), `${account.username}: ${await login.text()}`).toBe(200);
        const abilities = (await login.json()).user.abilities as Record<string, boolean>;
        await page.goto(`${session.base}`);
        try {
          await page.getByTestId('overview').waitFor();
        } catch (e) {
          const shown = (await page.locator('body').textContent())?.slice(0, 200);
          failures.push(`${account.username}: no home page after signing in (${String(e).split('\n')[0]}; shown: ${shown})`);
          continue;
        }
        await checkHome(page, account.username, account.role, (await (await context.request.get(`${api}/home`)).json()) as HomeAnswer);
        const visits: Array<{ to: string; mayOpen: boolean | 'not-found' }> = [
          ...routes.map((r) => ({ to: r.path, mayOpen: r.ability === null || abilities[r.ability] === true })),
          { to: `/reports/${fixtures.report}`, mayOpen: abilities['reports.read'] === true },
          { to: `/detection/items/${fixtures.item}`, mayOpen: abilities['detect.items.read'] === true },
          { to: '/account', mayOpen: true },
          { to: '/khong-co-trang-nay', mayOpen: 'not-found' },
        ];
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          for (const v of visits) {
            current = `@${viewport.width}px ${v.to}`;
            try {
              await open(page, v.to);
              if (await page.getByTestId('page-error').count()) failures.push(`${account.username} ${current}: the page failed (see the script errors)`);
              else await check(page, account.username, viewport.width, v.to, v.mayOpen);
            } catch (e) {
              // one broken page must not hide the others: note it, start the console afresh, go on
              failures.push(`${account.username} ${current}: ${String(e).split('\n')[0]}`);
              await page.goto(session.base);
              await page.locator('#main').waitFor();
            }
          }
        }
      } finally {
        await context.close();
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('raised no script error and no CSP violation on any route', () => {
    expect(errors.pageErrors).toEqual([]);
    expect(errors.cspViolations).toEqual([]);
  });
});
