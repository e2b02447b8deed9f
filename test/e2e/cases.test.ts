/**
 * Case work in a real browser against the real platform: a ward's case worker takes a hand-over
 * from the reporting centre, records the family's consent to share with an agency and a
 * counselling service, refers the case to that agency; the agency's officer accepts it from the
 * referrals inbox; the ward closes the support and the case shows closed, with one timeline from
 * the report to the closure. The case page and the inbox are checked at 390 px too: no sideways
 * scroll, no codes or ids on screen.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CONTEXT_OPTIONS } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-cases';
const WORKER_PASSWORD = 'e2e-ward-worker-password-1';
const OFFICER_PASSWORD = 'e2e-agency-officer-password-1';
const WARD = '00070'; // Hoàn Kiếm
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('console: case work from hand-over to closure (browser)', () => {
  let session: ConsoleSession;
  let page: Page;
  let officerContext: BrowserContext;
  let base: string;
  let api: string;
  let agency: { id: string; name: string };
  let trackingCode = '';
  let caseCode = '';
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const shot = async (p: Page, name: string) => {
    if (process.env.LACHAN_E2E_SHOTS) await p.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `cases-${name}.png`), fullPage: true });
  };
  const signIn = async (p: Page, username: string, password: string) => {
    await p.goto(base);
    await p.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByTestId('user-name').waitFor();
  };
  /** Chooses in an antd Select of the open form: type to narrow, click the option. */
  const choose = async (p: Page, label: string, type: string, option: string | RegExp) => {
    const box = p.getByTestId('case-action-modal').getByLabel(label, { exact: true });
    await box.click();
    await box.pressSequentially(type);
    const item = p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.click();
  };
  /** The administrator's API calls (a session of its own). */
  const adminApi = async () => {
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${api}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };
  };
  /** What a phone user would notice: the page scrolls sideways, or a code or an id shows. */
  const checkPhoneView = async (p: Page, what: string) => {
    const sideways = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways, `${what}: sideways scroll`).toBeLessThanOrEqual(0);
    // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts (textContent reads hidden nodes too)
    const text = await p.locator('#main').innerText();
    expect(text, `${what}: raw code`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text, `${what}: id`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  };

  beforeAll(async () => {
    session = await openConsoleSession({ name: 'cases', adminPassword: ADMIN_PASSWORD, timeoutMs: 20_000, errors: { pageErrors, cspViolations } });
    ({ page, base, api } = session);
    const call = await adminApi();
    agency = (await call('GET', '/agencies')).items.find((a: { active: boolean }) => a.active);
    await call('POST', '/users', { username: 'canbo.phuong', displayName: 'Cán bộ phường E2E', password: WORKER_PASSWORD, role: 'case_worker', unitId: WARD });
    await call('POST', '/users', {
      username: 'canbo.coquan',
      displayName: 'Cán bộ cơ quan E2E',
      password: OFFICER_PASSWORD,
      role: 'agency_officer',
      agencyId: agency.id,
    });
    // this ward closes support without a manager's approval (the default asks for one)
    await call('PUT', `/cases/settings/${WARD}`, { assessment: false, plan: false, closure: false });
    // a report from the reporting centre, handed over to the ward for victim support
    const report = await call(
      'POST',
      '/intake/reports',
      {
        incidentTypes: ['cyberbullying'],
        description: 'Một học sinh bị bắt nạt trên mạng xã hội (thử nghiệm E2E)',
        victim: { ageBand: '11_14', unitId: WARD },
      },
      { 'idempotency-key': 'e2e-cases-report-1' },
    );
    trackingCode = report.trackingCode;
    await call('POST', `/intake/reports/${report.id}/handover`, { victimSupport: true, violationHandling: false, unitId: WARD });
    officerContext = await session.browser.newContext(CONTEXT_OPTIONS);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && process.env.LACHAN_E2E_SHOTS) await shot(page, `fail-${ctx.task.name.slice(0, 30)}`);
  });

  afterAll(async () => {
    await officerContext?.close().catch(() => undefined);
    await session?.close();
  });

  it('the ward worker takes the hand-over: a case opens', async () => {
    await page.setViewportSize({ width: 1280, height: 900 }); // the width QA works at
    await signIn(page, 'canbo.phuong', WORKER_PASSWORD);
    await page.goto(`${base}cases/handovers`);
    const row = page.getByTestId('handovers-table').locator('tr, .responsive-card').filter({ hasText: trackingCode });
    expect(((await row.getByTestId('handover-take').textContent()) ?? '').trim()).toBe('Nhận bàn giao'); // the glossary's word
    await row.getByTestId('handover-take').click();
    await page.getByTestId('case-page').waitFor();
    caseCode = ((await page.getByTestId('case-code').textContent()) ?? '').trim();
    expect(caseCode).toMatch(/^HS-\d{4}-/);
    // the officer who took it is the case's worker; nothing is said to have happened that did not
    // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts (textContent reads hidden nodes too)
    const main = await page.locator('#main').innerText();
    expect(main).toContain('Cán bộ phường E2E');
    expect(main).not.toContain('Chưa phân công');
    await page.getByTestId('case-timeline').getByText('Phân công cán bộ').waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts
    const timeline = await page.getByTestId('case-timeline').innerText();
    expect(timeline).not.toContain('Đăng ký thông tin trẻ');
    expect(timeline).not.toContain('Thay đổi khác');
    // at 1280 px the state tags stay inside their cells: none overlaps a label
    const overlaps = await page.evaluate(() => {
      const labels = [...document.querySelectorAll('[data-testid="case-page"] .ant-descriptions-item-label')].map((e) => e.getBoundingClientRect());
      const tags = [...document.querySelectorAll('[data-testid="case-page"] .ant-descriptions-item-content .ant-tag')].map((e) => e.getBoundingClientRect());
      return tags.filter((t) => labels.some((l) => t.left < l.right && l.left < t.right && t.top < l.bottom && l.top < t.bottom)).length;
    });
    expect(overlaps).toBe(0);
  });

  it('records consent to share and a counselling service, then refers the case to the agency', async () => {
    await page.getByTestId('act-consent').click();
    await choose(page, 'Loại đồng ý', 'chia', 'Đồng ý chia sẻ thông tin với cơ quan');
    await choose(page, 'Người đồng ý', 'giám', 'Cha mẹ / người giám hộ');
    await choose(page, 'Cơ quan được chia sẻ', agency.name.slice(0, 6), agency.name);
    await page.getByTestId('case-action-modal').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('case-action-modal').getByRole('dialog').waitFor({ state: 'hidden' });

    await page.getByTestId('act-service').click();
    await choose(page, 'Loại', 'Tư vấn', 'Tư vấn tâm lý');
    await page.getByTestId('case-action-modal').getByLabel('Đơn vị cung cấp', { exact: true }).fill('Trung tâm tư vấn học đường');
    await page.getByTestId('case-action-modal').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('case-service').filter({ hasText: 'Trung tâm tư vấn học đường' }).waitFor();

    await page.getByTestId('act-refer').click();
    await choose(page, 'Nội dung đề nghị', 'pháp', 'Trợ giúp pháp lý');
    await choose(page, 'Cơ quan', agency.name.slice(0, 6), agency.name);
    await page.getByTestId('case-action-modal').getByLabel('Ghi chú', { exact: true }).fill('Gia đình cần tư vấn pháp lý về việc gỡ bài đăng');
    await page.getByTestId('case-action-modal').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('case-referrals').getByText('Chờ trả lời').waitFor();
    await page.getByTestId('case-timeline').getByText('Gửi yêu cầu chuyển tuyến').waitFor();
    await shot(page, 'case-1280');
  });

  it('the agency officer accepts the referral from the inbox, on a phone', async () => {
    const officer = await officerContext.newPage();
    await officer.setViewportSize({ width: 390, height: 844 });
    await signIn(officer, 'canbo.coquan', OFFICER_PASSWORD);
    await officer.goto(`${base}cases/referrals`);
    const card = officer.getByTestId('referrals-table').locator('.responsive-card').filter({ hasText: caseCode });
    await card.getByText('Trợ giúp pháp lý').waitFor();
    await card.getByText('Gia đình cần tư vấn pháp lý về việc gỡ bài đăng').waitFor();
    await shot(officer, 'referrals-390');
    await checkPhoneView(officer, 'referrals inbox at 390 px');
    await card.getByTestId('referral-accept').click();
    await card.getByText('Đã nhận').waitFor();
    await officer.close();
  });

  it('the ward closes the support: the case is closed, with one timeline from the report to the closure; the phone view holds', async () => {
    await page.reload();
    await page.getByTestId('case-referrals').getByText('Đã nhận').waitFor();
    await page.getByTestId('act-close').click();
    await choose(page, 'Lý do', 'mục tiêu', 'Đã đạt mục tiêu kế hoạch');
    await page.getByTestId('case-action-modal').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('case-action-modal').getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('case-page').getByText('Đã đóng').first().waitFor();
    const timeline = (await page.getByTestId('case-timeline').textContent()) ?? '';
    for (const step of ['Mở hồ sơ', 'Ghi nhận sự đồng ý', 'Thêm dịch vụ', 'Gửi yêu cầu chuyển tuyến', 'Đơn vị nhận đồng ý chuyển tuyến', 'Đóng luồng hỗ trợ']) {
      expect(timeline, step).toContain(step);
    }
    expect(timeline).toContain(trackingCode); // the report's own history is on the same timeline
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('case-timeline').waitFor();
    await shot(page, 'case-390');
    await checkPhoneView(page, 'case page at 390 px');
    await page.goto(`${base}cases`);
    await page.getByTestId('case-list').waitFor();
    await checkPhoneView(page, 'case list at 390 px');
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
