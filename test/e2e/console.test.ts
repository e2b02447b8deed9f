/**
 * The web console in a real browser against the real platform: Vietnamese sign-in, the shell,
 * the admin schools page with the demo schools, the switch to English, sign-out.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 * Builds the console (dist/console) first when it is missing or older than ui/.
 */
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../src/platform.js';
import { CHROMIUM } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(`[e2e] skipped: ${CHROMIUM} not found. Install it with: apt-get install -y chromium`);
}

describe.skipIf(!hasChromium)('web console (browser)', () => {
  let session: ConsoleSession;
  let platform: RunningPlatform;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    session = await openConsoleSession({
      name: 'console',
      adminPassword: ADMIN_PASSWORD,
      timeoutMs: 15_000,
      errors: { pageErrors, cspViolations },
    });
    ({ platform, context, page, base } = session);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the sign-in page in Vietnamese, with nothing logged as an error in the browser console', async () => {
    const consoleErrors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    };
    page.on('console', onConsole);
    await page.goto(base);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.waitForLoadState('networkidle');
    page.off('console', onConsole);
    // without a session cookie the page does not ask /auth/me, whose 401 Chromium would log as an error
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expect(page.getByLabel('Tên đăng nhập', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Mật khẩu', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it("shows the server's message for a wrong password", async () => {
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    await alert.waitFor();
  });

  it('signs in and shows the shell', async () => {
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('Quản trị hệ thống');
    expect(await page.getByTestId('user-role').textContent()).toBe('Quản trị hệ thống');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    for (const label of ['Tổng quan', 'Phản ánh', 'Vụ việc', 'Bộ lọc DNS trường học', 'Quản trị']) {
      await nav.getByRole('menuitem', { name: label }).first().waitFor();
    }
    await page.getByTestId('overview').waitFor();
  });

  it('opens Vụ việc → Danh sách vụ việc from the menu (every module has landed: none is "coming soon")', async () => {
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('menuitem', { name: 'Vụ việc' }).first().click();
    await nav.getByRole('link', { name: 'Danh sách vụ việc', exact: true }).click();
    await page.getByTestId('case-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/cases');
    // the header names the page on screen, not the console in general
    expect(await page.getByTestId('header-title').textContent()).toBe('Danh sách vụ việc');
  });

  it('opens Quản trị → Trường học and lists the demo schools', async () => {
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('menuitem', { name: 'Quản trị' }).click();
    await nav.getByRole('link', { name: 'Trường học', exact: true }).click();
    await page.getByRole('heading', { name: 'Trường học' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/admin/schools');
    const demoRows = page.getByTestId('schools-table').locator('tbody tr').filter({ hasText: '(Demo)' });
    await demoRows.first().waitFor();
    expect(await demoRows.count()).toBeGreaterThanOrEqual(3);
    // Units resolve to names, levels to Vietnamese labels.
    await page.getByTestId('schools-table').getByText('Phường Hoàn Kiếm').first().waitFor();
    await page.getByTestId('schools-table').getByText('Tiểu học').first().waitFor();
  });

  it('imports schools from a CSV file: a checked preview first, then the real import', async () => {
    await page.getByTestId('schools-import').click();
    const dialog = page.getByRole('dialog', { name: 'Nhập danh sách trường từ tệp' });
    const csv = 'mã trường,tên trường,cấp học,phường/xã\nE2E-01,Trường Thử E2E,tiểu học,Hoàn Kiếm\nE2E-02,Trường Sai,đại học,Hoàn Kiếm\n';
    await dialog.locator('input[type=file]').setInputFiles({ name: 'truong.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-preview').waitFor();
    // The dry run lists the rejected row with the server's reason, and nothing is written yet.
    await dialog.getByRole('cell', { name: /đại học/ }).waitFor();
    expect(await page.getByTestId('import-confirm').textContent()).toBe('Nhập 1 trường');
    expect(await page.getByTestId('schools-table').getByText('E2E-01').count()).toBe(0);
    await page.getByTestId('import-confirm').click();
    await dialog.getByText('Đã thêm 1 trường, cập nhật 0 trường.').waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).last().click();
    await page.getByTestId('schools-table').getByText('E2E-01').waitFor();
  });

  it('verifies the audit chain', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký kiểm toán', exact: true }).click();
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^Chuỗi nhật ký toàn vẹn: \d+ bản ghi đã được kiểm tra\./);
  });

  it('moves through the side menu with the keys of a WAI-ARIA menu: Up/Down, Home/End, Right/Left, Enter/Space; one Tab stop', async () => {
    await page.goto(base);
    await page.getByTestId('overview').waitFor();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    const items = nav.locator('[data-menu-key]');
    const keys = () => items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.menuKey));
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.menuKey ?? null);
    const top = await keys();
    // the groups start closed on the overview: Tổng quan, the modules, Quản trị
    expect(top[0]).toBe('/');
    expect(top.at(-1)).toBe('admin');
    // one Tab stop, the current page: Tab leaves the menu, the arrows move inside it
    expect(await nav.locator('[data-menu-key][tabindex="0"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.menuKey))).toEqual(['/']);
    await nav.getByRole('link', { name: 'Tổng quan', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(top[1]);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('/');
    await page.keyboard.press('ArrowUp'); // wraps round to the last
    expect(await focused()).toBe('admin');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('/');
    await page.keyboard.press('End');
    expect(await focused()).toBe('admin');
    const admin = nav.getByRole('menuitem', { name: 'Quản trị' });
    expect(await admin.getAttribute('aria-expanded')).toBe('false');
    // Right opens the group and enters it; Down walks its pages; Left goes back up and closes it
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('/admin/units');
    expect(await admin.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('/admin/agencies');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => admin.getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toBe('admin');
    // Enter opens it as a click does (a button's own key); Space follows a page's link as Enter does
    await page.keyboard.press('Enter');
    await expect.poll(() => admin.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('/admin/agencies');
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/admin/agencies');
    await expect.poll(() => page.getByTestId('header-title').textContent()).toBe('Cơ quan');
    // the last page focused is the menu's Tab stop now, and Tab moves on out of the menu
    expect(await nav.locator('[data-menu-key][tabindex="0"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.menuKey))).toEqual([
      '/admin/agencies',
    ]);
    await nav.locator('[data-menu-key="/admin/agencies"]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('nav') === null)).toBe(true);
    // Enter on a page's link follows it too
    await nav.locator('[data-menu-key="/admin/units"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/admin/units');
  });

  it('says "not found" at an unknown console path, keeping the address and the session', async () => {
    await page.goto(`${base}khong-co-trang-nay`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('not-found').textContent()).toBe('Không tìm thấy trang');
    expect(new URL(page.url()).pathname).toBe('/console/khong-co-trang-nay');
    await page.getByTestId('user-name').waitFor();
  });

  it('switches to English and remembers it', async () => {
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of ['Overview', 'Reports', 'Cases', 'School DNS filter', 'Administration']) {
      await nav.getByRole('menuitem', { name: label }).first().waitFor();
    }
    expect(await page.getByTestId('user-role').textContent()).toBe('System administrator');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('menuitem', { name: 'Overview' }).waitFor();
  });

  it('goes back to sign-in when the session is lost, and returns to the same page after', async () => {
    // let the shell's own first calls (the notification bell loads lazily) finish with the session
    await page.getByTestId('notifications-bell').waitFor();
    await page.waitForLoadState('networkidle');
    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('menuitem', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/admin/users');
  });

  it('signs out back to the (English) sign-in page', async () => {
    await page.getByTestId('logout').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const me = await page.request.get(`${platform.httpUrl}/api/v1/auth/me`, { headers: { 'accept-language': 'en' } });
    expect(me.status()).toBe(401);
  });

  it('raised no script error and no CSP violation', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
