/**
 * Issue 15 items 5–7 in a real browser against the real platform: the report queue at 1280 px
 * shows SLA, status and flags without scrolling sideways, lists open reports by default and finds
 * one by a part of its code; the audit view names actions in words, hides routine reads until
 * asked and filters by kind of record; an analyst decides on a link whose fetch failed, seeing the
 * try and its error in Vietnamese (the platform's own review worker fetches a loopback fixture
 * that answers 404; LACHAN_DETECT_FETCH_PRIVATE=true is the test-only switch).
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-15';
const hasChromium = existsSync(CHROMIUM);
/** The review worker runs every 5 s; a 404 is final at the first try. */
const FETCH_TIMEOUT = 60_000;
/** What must never be read on screen: snake_case codes, dotted action codes, ids. */
const RAW = /\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.(listed|read|accepted|submitted|decided)\b|\b[0-9A-HJKMNP-TV-Z]{26}\b/;

describe.skipIf(!hasChromium)('console: queue, audit view, analyst on a failed fetch (browser)', () => {
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  let api: string;
  let csrf = '';
  let fixture: Server;
  let goneUrl = '';
  const reports: { id: string; trackingCode: string }[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const post = async (url: string, data: unknown = {}) => {
    const res = await page.request.post(`${api}${url}`, { headers: { 'x-csrf-token': csrf }, data: data as object });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  // biome-ignore lint/performance/useDomNodeTextContent: what a person reads: innerText leaves out hidden elements, textContent does not
  const visibleText = () => page.evaluate(() => (document.querySelector('main') ?? document.body).innerText);
  const noSideways = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  beforeAll(async () => {
    fixture = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('không có trang này'));
    await new Promise<void>((r) => fixture.listen(0, '127.0.0.1', r));
    goneUrl = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}/da-go/e2e`;
    session = await openConsoleSession({
      name: 'queue-audit',
      adminPassword: ADMIN_PASSWORD,
      env: { LACHAN_DETECT_FETCH_PRIVATE: 'true' },
      timeoutMs: 20_000,
      errors: { pageErrors, cspViolations },
    });
    ({ page, base, api } = session);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(base);
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-name').waitFor();
    csrf = ((await (await page.request.get(`${api}/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    // two reports about the same link (linked), an urgent one, and one that is rejected
    for (const body of [
      { incidentTypes: ['grooming'], description: 'Người lạ rủ em gặp mặt (thử nghiệm E2E).', urls: ['http://lam-quen.example.invalid/a'] },
      { incidentTypes: ['grooming'], description: 'Cùng trang đó (thử nghiệm E2E).', urls: ['http://lam-quen.example.invalid/a'] },
      { incidentTypes: ['self_harm'], imminentDanger: true, description: 'Bạn em nói muốn tự làm đau mình (thử nghiệm E2E).' },
      { incidentTypes: ['other'], description: 'Không liên quan (thử nghiệm E2E).' },
    ])
      reports.push(await post('/intake/reports', body));
    await post(`/intake/reports/${reports[3]?.id}/reject`, { reason: 'not_about_children' });
    await post(`/intake/reports/${reports[0]?.id}/accept`);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && process.env.LACHAN_E2E_SHOTS)
      await page.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `queue-audit-fail-${ctx.task.name.slice(0, 40)}.png`), fullPage: true });
  });

  afterAll(async () => {
    await session?.close();
    await new Promise((r) => fixture?.close(r));
  });

  it('shows SLA, status and flags at 1280 px; open reports by default; finds a report by a part of its code', async () => {
    await page.goto(`${base}reports`);
    const table = page.getByTestId('reports-table');
    const urgent = table.locator('tr.ant-table-row').filter({ hasText: reports[2]?.trackingCode as string });
    await urgent.waitFor();
    // every column that decides the next step is on screen without scrolling the table
    for (const cell of [urgent.locator('[data-sla]').first(), urgent.getByText('Mới', { exact: true }), urgent.getByText('Nguy hiểm ngay')]) {
      const box = await cell.boundingBox();
      expect(box, 'cell rendered').not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
    }
    const linked = table.locator('tr.ant-table-row').filter({ hasText: reports[1]?.trackingCode as string });
    const badge = await linked.getByTestId('duplicates-badge').boundingBox();
    expect(badge?.x ?? Number.POSITIVE_INFINITY).toBeLessThan(1280);
    await urgent.getByText('P1 — Khẩn cấp').waitFor();
    await noSideways();
    // the rejected report is behind the "closed" filter
    expect(await table.getByText(reports[3]?.trackingCode as string).count()).toBe(0);
    await page.getByTestId('filter-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Đã đóng' }).click();
    await table.getByText(reports[3]?.trackingCode as string).waitFor();
    await table.getByText('Đã loại', { exact: true }).waitFor();
    await page.getByTestId('filter-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Đang xử lý (mặc định)' }).click();
    await table.getByText(reports[2]?.trackingCode as string).waitFor();
    // four characters of the code, lower case, find it
    const search = page.getByLabel(/Tìm theo mã theo dõi/);
    await search.fill(String(reports[1]?.trackingCode).slice(-4).toLowerCase());
    await search.press('Enter');
    await table
      .locator('tr.ant-table-row')
      .filter({ hasText: reports[1]?.trackingCode as string })
      .waitFor();
    await expect.poll(() => table.locator('tr.ant-table-row').count()).toBe(1);
    expect(await visibleText()).not.toMatch(RAW);
    // on a phone the table scrolls inside its own box; the page itself never scrolls sideways
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}reports`);
    await table.getByText(reports[2]?.trackingCode as string).waitFor();
    await noSideways();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('merges by picking the linked report; the history names it by code', async () => {
    await page.goto(`${base}reports/${reports[1]?.id}`);
    await page
      .getByTestId('report-actions')
      .getByRole('button', { name: /Gộp vào phản ánh khác/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Gộp vào phản ánh khác' });
    await dialog.getByRole('radio', { name: new RegExp(reports[0]?.trackingCode as string) }).check();
    await dialog.getByRole('button', { name: 'Gộp vào phản ánh khác' }).click();
    await page.getByText('Đã gộp phản ánh.').waitFor();
    await page.getByTestId('report-history').getByText(`Gộp vào phản ánh ${reports[0]?.trackingCode}.`).waitFor();
    expect(await visibleText()).not.toMatch(RAW);
  });

  it('the audit view names actions in words, hides routine reads until asked, filters by kind of record', async () => {
    await page.goto(`${base}admin/audit`);
    const table = page.getByTestId('audit-table');
    await table.getByText('Nhận xử lý phản ánh').first().waitFor();
    expect(await table.getByText('Xem danh sách phản ánh').count()).toBe(0);
    await page.getByTestId('audit-show-reads').click();
    await table.getByText('Xem danh sách phản ánh').first().waitFor();
    await page.getByTestId('audit-show-reads').click();
    await expect.poll(() => table.getByText('Xem danh sách phản ánh').count()).toBe(0);
    // only entries about reports
    await page.getByTestId('audit-filter-kind').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^phản ánh$/ })
      .click();
    await table.getByText('Loại phản ánh').first().waitFor();
    await expect.poll(() => table.getByText('Đăng nhập', { exact: true }).count()).toBe(0);
    const actions = await page.getByTestId('audit-action').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/phản ánh/);
    await noSideways();
    await page.setViewportSize({ width: 390, height: 844 });
    await table.getByText('Loại phản ánh').first().waitFor();
    await noSideways();
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await visibleText()).not.toMatch(RAW);
  });

  it('an analyst decides on a link whose fetch failed, seeing the try and its error in Vietnamese', async () => {
    const { id } = (await post('/detect/items', { url: goneUrl })) as { id: string };
    await page.goto(`${base}detection/items/${id}`);
    // the page polls while the link waits; the worker's 404 is final at the first try
    await page.getByTestId('detect-failure').waitFor({ timeout: FETCH_TIMEOUT });
    await page
      .getByTestId('detect-tries')
      .getByText(/Lỗi, không thử lại nữa: Máy chủ trả lỗi HTTP/)
      .waitFor();
    expect(await page.getByTestId('detect-failure').textContent()).toBe('Máy chủ trả lỗi HTTP');
    const form = page.getByTestId('detect-decide-form');
    await form.getByText('Cần xem xét pháp lý', { exact: true }).click();
    await form.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.getByTestId('detect-outcome').waitFor();
    await page.getByTestId('detect-reopen').waitFor();
    expect(await visibleText()).not.toMatch(RAW);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
