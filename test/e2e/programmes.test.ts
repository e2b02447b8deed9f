/**
 * Programmes in a real browser against the real platform: a school's administrator downloads the
 * .xlsx template, uploads a filled copy with a bad row and sees it refused by sheet, line and
 * reason (nothing written), uploads the corrected file and sees its sessions listed, adds a photo
 * and sees it blurred, then the original after giving a reason, records a session through the form
 * and deletes it; the city's leader sees that school covered on the coverage page. The pages are checked at 390 px: no
 * sideways scroll, no codes or ids on screen.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-programmes';
const HEAD_PASSWORD = 'e2e-school-head-password-1';
const LEADER_PASSWORD = 'e2e-city-leader-password-1';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('console: awareness programmes (browser)', () => {
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  let api: string;
  let dir: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const signIn = async (p: Page, username: string, password: string) => {
    await p.goto(base);
    await p.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByTestId('user-name').waitFor();
  };
  const checkPhoneView = async (p: Page, what: string) => {
    const sideways = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways, `${what}: sideways scroll`).toBeLessThanOrEqual(0);
    // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts
    const text = await p.locator('#main').innerText();
    expect(text, `${what}: raw code`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text, `${what}: id`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  };
  /** The template as the platform hands it out, filled with rows and saved to a file to upload. */
  const filledTemplate = async (template: Buffer, rows: (string | number)[][], name: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Buổi học') as ExcelJS.Worksheet;
    rows.forEach((r, i) => {
      ws.getRow(i + 2).values = r;
    });
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    return file;
  };

  beforeAll(async () => {
    session = await openConsoleSession({ name: 'programmes', adminPassword: ADMIN_PASSWORD, timeoutMs: 20_000, errors: { pageErrors, cspViolations } });
    ({ page, base, api } = session);
    dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-e2e-programmes-'));
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
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${api}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const school = (await call('GET', '/schools?q=DEMO-TH-01')).items[0];
    await call('POST', '/users', {
      username: 'hieutruong.th',
      displayName: 'Hiệu trưởng E2E',
      password: HEAD_PASSWORD,
      role: 'school_admin',
      schoolId: school.id,
    });
    await call('POST', '/users', { username: 'lanhdao.tp', displayName: 'Lãnh đạo thành phố E2E', password: LEADER_PASSWORD, role: 'city_leader' });
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a school admin imports sessions from the template: a bad row refuses the file, the corrected file lands', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'hieutruong.th', HEAD_PASSWORD);
    await page.goto(`${base}programmes/import`);
    await page.getByTestId('programme-import-page').waitFor();
    await checkPhoneView(page, 'import page at 390 px');
    // the template, downloaded through the page's own link with the signed-in session
    const templateUrl = await page.getByTestId('import-template').getAttribute('href');
    const template = Buffer.from(await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u as string)).arrayBuffer())), templateUrl));
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // the day in Hà Nội
    const bad = await filledTemplate(
      template,
      [
        ['DEMO-TH-01', today, 'Bắt nạt trên mạng', 'Học sinh', '3-5', 90],
        ['DEMO-TH-01', '2099-01-01', 'Lừa đảo trực tuyến', 'Phụ huynh', '', 40],
      ],
      'sai.xlsx',
    );
    await page.locator('input[type=file]').setInputFiles(bad);
    const refusals = page.getByTestId('import-refusals');
    await refusals.waitFor();
    await expect.poll(async () => refusals.textContent()).toContain('tương lai');
    expect(await page.getByTestId('import-state').textContent()).toContain('chưa có dòng nào được ghi');
    await checkPhoneView(page, 'import refusals at 390 px');

    const good = await filledTemplate(
      template,
      [
        ['DEMO-TH-01', today, 'Bắt nạt trên mạng', 'Học sinh', '3-5', 90],
        ['DEMO-TH-01', today, 'Lừa đảo trực tuyến', 'Phụ huynh', '', 40],
      ],
      'dung.xlsx',
    );
    await page.locator('input[type=file]').setInputFiles(good);
    // the import is a background job: on a loaded machine it takes longer than poll's default second
    await expect.poll(async () => page.getByTestId('import-state').textContent(), { timeout: 30_000 }).toContain('Đã nhập 2 buổi học.');
    await page.goto(`${base}programmes`);
    // a fresh page load: as long as the page's own timeout, not poll's default second
    await expect.poll(async () => page.getByTestId('programme-sessions-page').textContent(), { timeout: 20_000 }).toContain('Bắt nạt trên mạng');
    // dates read as people in Việt Nam write them, dd/mm/yyyy, never the stored YYYY-MM-DD
    const sessionsText = (await page.getByTestId('programme-sessions-page').textContent()) ?? '';
    expect(sessionsText).toContain(today.split('-').reverse().join('/'));
    expect(sessionsText).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);

    // a photo of a session: blurred in the list, the original only after a reason (the server audits it)
    const cards = page.getByTestId('sessions-table').locator('.responsive-card');
    await cards.filter({ hasText: 'Bắt nạt trên mạng' }).getByRole('button', { name: 'Ảnh minh chứng buổi học' }).click();
    const photo = path.join(dir, 'buoi-hoc.png');
    writeFileSync(
      photo,
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 120, b: 200 } } })
        .png()
        .toBuffer(),
    );
    // issue 15 item 10: the hint names every type the server takes (WebP and GIF too, as the API
    // states them), and the picker offers them
    await expect.poll(() => page.getByTestId('session-photos').textContent()).toContain('Nhận ảnh JPEG, PNG, WebP, GIF, tối đa 8 MB mỗi ảnh');
    expect(await page.getByTestId('session-photo-input').getAttribute('accept')).toBe('image/jpeg,image/png,image/webp,image/gif');
    await page.getByTestId('session-photo-input').setInputFiles(photo);
    await page.getByTestId('evidence-thumb').waitFor();
    await page.getByRole('button', { name: 'Xem ảnh gốc: #1' }).click();
    await page.getByLabel('Lý do cần xem ảnh gốc').fill('Kiểm tra minh chứng buổi học');
    await page.getByTestId('reveal-modal').getByRole('button', { name: 'Xem ảnh gốc' }).click();
    const original = page.getByRole('img', { name: 'Ảnh gốc (đã ghi nhật ký)' });
    await original.waitFor();
    await expect.poll(async () => original.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await checkPhoneView(page, 'clear photo at 390 px');
    await page.getByRole('button', { name: 'Đóng và xoá khỏi bộ nhớ trình duyệt' }).click();
    await page
      .getByRole('dialog', { name: 'Ảnh minh chứng buổi học' })
      .getByRole('button', { name: /close|đóng/i })
      .click();

    // a session recorded through the form, then deleted with a confirmation
    await page.getByTestId('session-add').click();
    const form = page.getByRole('dialog', { name: 'Ghi nhận buổi học' });
    // issue 15 item 10: a missing field is named without antd's "trường" (which reads as a school here)
    await form.getByRole('button', { name: 'Lưu' }).click();
    const errors = form.locator('.ant-form-item-explain-error');
    await expect.poll(async () => errors.allTextContents()).toContain('Hãy nhập hoặc chọn: Số người tham dự.');
    expect((await errors.allTextContents()).join(' ')).not.toContain('thông tin cho trường');
    // issue 14 item 7: a primary school's session offers grades 1–5 only (the server's rule per level)
    await form.getByLabel('Khối lớp').click();
    await expect.poll(async () => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '4' }).click();
    await form.getByLabel('Ngày').fill(today.split('-').reverse().join('/'));
    await form.getByLabel('Ngày').press('Enter');
    await form.getByLabel('Chủ đề').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Lừa đảo trực tuyến' }).click();
    await form.getByLabel('Đối tượng').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Giáo viên' }).click();
    await form.getByLabel('Số người tham dự').fill('1200');
    await form.getByLabel('Tài liệu sử dụng').fill('Tài liệu E2E, sẽ xoá');
    await checkPhoneView(page, 'session form at 390 px');
    await form.getByRole('button', { name: 'Lưu' }).click();
    const added = cards.filter({ hasText: 'Tài liệu E2E, sẽ xoá' });
    await added.waitFor();
    expect(await added.textContent()).toContain('1.200'); // numbers as Vietnamese write them
    await added.getByRole('button', { name: 'Xoá' }).click();
    // the confirmation says the session's photos go with it
    await expect.poll(async () => page.locator('.ant-popconfirm').textContent()).toContain('Ảnh minh chứng của buổi cũng bị xoá');
    await checkPhoneView(page, 'delete confirmation at 390 px');
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Đồng ý' }).click();
    await added.waitFor({ state: 'detached' });

    // the school admin sees their own school's coverage (two sessions today: covered with N = 2)
    await page.goto(`${base}programmes/coverage`);
    const own = page.getByTestId('coverage-own-school');
    await own.waitFor();
    expect(await own.textContent()).toContain('Trường Tiểu học Lá Chắn 1 (Demo): đã đạt — 2 buổi');
    await checkPhoneView(page, 'own coverage at 390 px');
    await checkPhoneView(page, 'sessions at 390 px');
    // and on their home page (issue 14 item 8): the same two sessions, covered, none missing
    await page.goto(base);
    const tile = page.getByTestId('home-programme-sessions');
    await tile.waitFor();
    expect(await page.getByTestId('home-programme-sessions-value').textContent()).toBe('2');
    expect(await tile.textContent()).toContain('Đã đạt: trường có ít nhất 2 buổi trong kỳ');
    expect(await page.getByTestId('home-programme-missing-value').textContent()).toBe('0');
    await checkPhoneView(page, 'home with programme figures at 390 px');
  });

  it('the city leader sees the school covered and the schools not yet covered, on a phone', async () => {
    const leader = await session.browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 } });
    const p = await leader.newPage();
    await signIn(p, 'lanhdao.tp', LEADER_PASSWORD);
    await p.goto(`${base}programmes/coverage`);
    const total = p.getByTestId('coverage-total');
    await total.waitFor();
    const demoSchools = 6;
    expect(await total.textContent()).toContain(`1/${demoSchools}`);
    const uncovered = (await p.getByTestId('coverage-uncovered').textContent()) ?? '';
    expect(uncovered).toContain('Trường Mầm non Lá Chắn 1 (Demo)');
    expect(uncovered).not.toContain('Trường Tiểu học Lá Chắn 1 (Demo)');
    await checkPhoneView(p, 'coverage at 390 px');
    for (const route of ['programmes/trainings', 'programmes/outreach', 'programmes/safety']) {
      await p.goto(`${base}${route}`);
      await p.locator('#main h1, #main h2, #main h3, #main h4').first().waitFor();
      await checkPhoneView(p, `${route} at 390 px`);
    }
    await leader.close();
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
