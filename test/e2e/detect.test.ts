/**
 * The harmful-content detection desk in a real browser against the real platform (its own review
 * worker analysing in the background): an analyst adds a text, an image and a link; the worker
 * scores the text, hashes the image (shown blurred, revealed only with a reason), and fetches the
 * link from a loopback fixture server (LACHAN_DETECT_FETCH_PRIVATE=true, the test-only switch; the
 * refusal of private addresses is tested in src/detect/review); harmful decisions record a takedown and add image hashes to the centre's bank;
 * the takedown is marked sent; a hash bank imports a CSV with one bad line; the overview shows
 * the counts as charts and tables. City leaders see the overview only.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CONTEXT_OPTIONS } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-3';
const ANALYST_PASSWORD = 'e2e-analyst-password-3';
const LEADER_PASSWORD = 'e2e-leader-password-3';
const HARMFUL_TEXT = 'Em ơi gửi ảnh khoả thân cho anh đi, nhớ đừng nói với bố mẹ nhé, anh sẽ cho em tiền (thử nghiệm E2E)';
/** The worker runs every 5 s; analysis of a small item takes well under a second. */
const ANALYSIS_TIMEOUT = 60_000;
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('console: harmful-content detection desk (browser)', () => {
  let session: ConsoleSession;
  let fixture: Server;
  let fixtureUrl: string;
  let fixtureHits = 0;
  let browser: Browser;
  let page: Page;
  let base: string;
  let api: string;
  const items: Record<'text' | 'image' | 'url', string> = { text: '', image: '', url: '' };
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const nav = () => page.getByRole('navigation', { name: 'Điều hướng chính' });
  /** With LACHAN_E2E_SHOTS=<dir>, a full-page screenshot of each page visited, to look at. */
  const shot = async (name: string) => {
    if (process.env.LACHAN_E2E_SHOTS) await page.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `detect-${name}.png`), fullPage: true });
  };
  /** Chooses in an antd Select with the keyboard: type, wait for the option, Enter. */
  const choose = async (combobox: ReturnType<Page['getByLabel']>, type: string, option: string | RegExp) => {
    await combobox.click();
    await combobox.pressSequentially(type);
    await page.locator('.ant-select-item-option').filter({ hasText: option }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  const signIn = async (p: Page, username: string, password: string) => {
    await p.goto(base);
    await p.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByTestId('user-name').waitFor();
  };
  const openQueue = async () => {
    await page.goto(`${base}detection`);
    await page.getByRole('heading', { name: 'Hàng đợi rà soát nội dung' }).waitFor();
  };
  /** Adds an item through the "add" dialog; the console opens the new item's page. */
  const addItem = async (kind: 'Đường dẫn' | 'Văn bản' | 'Ảnh', fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<string> => {
    await openQueue();
    await page.getByTestId('detect-add').click();
    const dialog = page.getByTestId('detect-add-modal').getByRole('dialog');
    await dialog.getByText(kind, { exact: true }).click();
    await fill(dialog);
    await dialog.getByRole('button', { name: 'Thêm nội dung cần rà soát' }).click();
    await page.getByTestId('detect-item-title').waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(id).not.toBe('');
    return id;
  };
  const decide = async (decision: string, category?: [type: string, option: RegExp], extra?: () => Promise<void>) => {
    const form = page.getByTestId('detect-decide-form');
    await form.getByText(decision, { exact: true }).click();
    if (category) await choose(form.getByLabel('Nhóm nội dung độc hại'), category[0], category[1]);
    await extra?.();
    await form.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.getByTestId('detect-outcome').waitFor();
  };

  beforeAll(async () => {
    // the page the link item points at (fixtureHits: the platform really fetched it)
    fixture = createServer((_req, res) => {
      fixtureHits++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>Trang thử</title></head><body><p>${HARMFUL_TEXT}</p></body></html>`);
    });
    await new Promise<void>((r) => fixture.listen(0, '127.0.0.1', r));
    fixtureUrl = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}/bai-viet/e2e`;
    session = await openConsoleSession({
      name: 'detect',
      adminPassword: ADMIN_PASSWORD,
      env: { LACHAN_DETECT_FETCH_PRIVATE: 'true' },
      timeoutMs: 20_000,
      errors: { pageErrors, cspViolations },
    });
    ({ browser, page, base, api } = session);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && process.env.LACHAN_E2E_SHOTS)
      await page.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `detect-fail-${ctx.task.name.slice(0, 40)}.png`) });
  });

  afterAll(async () => {
    await session?.close();
    await new Promise((r) => fixture?.close(r));
  });

  it('the administrator creates an analyst and a city leader; the analyst signs in and finds the desk in the menu', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    const csrf = ((await (await page.request.get(`${api}/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    for (const [username, displayName, password, role] of [
      ['chuyenvien.e2e', 'Chuyên viên E2E', ANALYST_PASSWORD, 'analyst'],
      ['lanhdao.e2e', 'Lãnh đạo E2E', LEADER_PASSWORD, 'city_leader'],
    ]) {
      const res = await page.request.post(`${api}/users`, { headers: { 'x-csrf-token': csrf }, data: { username, displayName, password, role } });
      expect(res.status(), await res.text()).toBe(201);
    }
    await page.getByTestId('logout').click();
    await signIn(page, 'chuyenvien.e2e', ANALYST_PASSWORD);
    await nav().getByRole('menuitem', { name: 'Phát hiện nội dung độc hại' }).click();
    for (const label of ['Hàng đợi rà soát', 'Yêu cầu gỡ bỏ', 'Kho mã băm', 'Tổng quan phát hiện'])
      await nav().getByRole('link', { name: label, exact: true }).waitFor();
    expect(await nav().getByRole('menuitem', { name: 'Quản trị' }).count()).toBe(0);
    await nav().getByRole('link', { name: 'Hàng đợi rà soát', exact: true }).click();
    await page.getByRole('heading', { name: 'Hàng đợi rà soát nội dung' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/detection');
  });

  it('adds a harmful text; the worker scores it as grooming', async () => {
    items.text = await addItem('Văn bản', (d) => d.getByRole('textbox', { name: 'Văn bản' }).fill(HARMFUL_TEXT));
    const scores = page.getByTestId('detect-scores');
    await scores.getByText('Dụ dỗ', { exact: false }).first().waitFor({ timeout: ANALYSIS_TIMEOUT });
    await page.getByText('Đã phân tích', { exact: true }).first().waitFor();
    // the text is folded away until asked for
    expect(await page.getByTestId('detect-text').count()).toBe(0);
    await page.getByRole('button', { name: /Hiện văn bản/ }).click();
    await page.getByTestId('detect-text').getByText('đừng nói với bố mẹ', { exact: false }).waitFor();
    await page.getByText('Việc xem mục này đã được ghi vào nhật ký kiểm toán.').waitFor();
    await shot('text-item');
  });

  it('adds an image: blurred by default, the original only with a reason', async () => {
    // a photo-like picture (smooth gradients and shapes) so PDQ's quality is high enough for the bank
    const image = await sharp({
      create: { width: 320, height: 240, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="320" height="240"><circle cx="110" cy="120" r="70" fill="#f5c542"/><rect x="190" y="40" width="100" height="160" fill="#c0392b"/></svg>',
          ),
          top: 0,
          left: 0,
        },
      ])
      .png()
      .toBuffer();
    items.image = await addItem('Ảnh', (d) =>
      d.page().getByTestId('detect-image-file').setInputFiles({ name: 'anh-e2e.png', mimeType: 'image/png', buffer: image }),
    );
    const thumb = page.getByTestId('detect-images').getByTestId('evidence-thumb');
    await thumb.waitFor({ timeout: ANALYSIS_TIMEOUT });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="detect-images"] [data-testid="evidence-thumb"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await thumb.evaluate((el) => getComputedStyle(el).filter)).toMatch(/blur/);
    expect(await thumb.getAttribute('src')).toMatch(/\/api\/v1\/detect\/items\/.+\/images\/0\/preview$/);
    await page.getByTestId('detect-snapshot').getByText('image/png').waitFor();
    await shot('image-item');

    await page
      .getByTestId('detect-images')
      .getByRole('button', { name: /Xem bản gốc/ })
      .click();
    const dialog = page.getByTestId('reveal-modal').getByRole('dialog');
    await dialog.getByText('Việc xem được ghi vào nhật ký kiểm toán').waitFor();
    await dialog.getByRole('button', { name: 'Tôi hiểu, hiện ảnh gốc' }).click();
    await dialog.getByText('Ít nhất 5 ký tự.', { exact: false }).first().waitFor();
    await dialog.getByLabel('Lý do cần xem ảnh gốc').fill('Xác minh ảnh trước khi đưa vào kho băm');
    await dialog.getByRole('button', { name: 'Tôi hiểu, hiện ảnh gốc' }).click();
    const shown = page.getByRole('dialog', { name: 'Ảnh gốc (đã ghi nhật ký)' });
    await shown.waitFor();
    expect(await shown.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await shown.getByRole('button', { name: /Đóng và xoá/ }).click();
    await shown.waitFor({ state: 'hidden' });
  });

  it('decides the image harmful: its hashes go to the centre’s bank', async () => {
    await decide('Độc hại', ['Tài liệu', /xâm hại tình dục trẻ em/]);
    const outcome = page.getByTestId('detect-outcome');
    await outcome.getByText(/Đã thêm [12] mã băm ảnh vào kho của Trung tâm\./).waitFor();
    await outcome.getByText('Không chặn tên miền nào.').waitFor();
    await page.getByText('Đã quyết định', { exact: true }).first().waitFor();
    await shot('image-decided');
  });

  it('adds a link to a fixture page: the worker fetches it, keeps a snapshot and scores its text', async () => {
    items.url = await addItem('Đường dẫn', (d) => d.getByLabel('Đường dẫn (URL)').fill(fixtureUrl));
    const scores = page.getByTestId('detect-scores');
    await scores.getByText('Dụ dỗ', { exact: false }).first().waitFor({ timeout: ANALYSIS_TIMEOUT });
    await page.getByText('Trang thử', { exact: true }).waitFor();
    await page.getByTestId('detect-snapshot').waitFor();
    expect(await page.getByTestId('detect-snapshot').textContent()).toMatch(/[0-9a-f]{64}/);
    await page.getByTestId('detect-url').getByText(fixtureUrl).waitFor();
    // the reported address is shown as text to copy, never as a link an analyst might click
    expect(await page.locator(`a[href*="127.0.0.1:"]`).count()).toBe(0);
    expect(fixtureHits).toBeGreaterThan(0);
    await shot('url-analysed');
  });

  it('decides the link harmful without blocking the address: a takedown request is recorded', async () => {
    await decide('Độc hại', ['Dụ dỗ', /Dụ dỗ/], async () => {
      await page.getByTestId('detect-decide-form').getByText('Không chặn', { exact: true }).click();
    });
    const outcome = page.getByTestId('detect-outcome');
    await outcome.getByText('Đã lập yêu cầu gỡ bỏ', { exact: false }).waitFor();
    await outcome.getByText('Không chặn tên miền nào.').waitFor();
    await page.getByTestId('detect-item-takedowns').getByText('Mới lập').waitFor();
    await shot('url-decided');
  });

  it('the queue lists the three items with filters; the text is sent for legal review', async () => {
    await openQueue();
    const table = page.getByTestId('detect-items-table');
    await table.getByText('Văn bản', { exact: true }).waitFor();
    await table.getByText('Ảnh', { exact: true }).waitFor();
    await table.getByText('127.0.0.1').waitFor();
    await table.getByText('Độc hại · Tài liệu xâm hại tình dục trẻ em').waitFor();
    await shot('queue');
    // the filter asks the server: no item is left in "failed" (the refused link has its decision)
    await page.getByLabel('Trạng thái').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^Lỗi$/ }).click();
    await table.getByText('Không có mục nào phù hợp.').waitFor();
    await page.goto(`${base}detection/items/${items.text}`);
    await decide('Cần xem xét pháp lý');
    await page.getByTestId('detect-outcome').getByText('Không lập yêu cầu gỡ bỏ.').waitFor();
  });

  it('reopens the legal-review decision with a reason, and decides again', async () => {
    await page.getByTestId('detect-reopen').click();
    const dialog = page.getByTestId('detect-reopen-modal').getByRole('dialog');
    await dialog.getByText('Mở lại sẽ hoàn tác những gì quyết định đã làm', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Mở lại' }).click();
    await dialog.getByText('Ít nhất 5 ký tự', { exact: false }).first().waitFor();
    await dialog.getByLabel('Lý do mở lại').fill('Cần bổ sung nhận định trước khi chuyển pháp chế');
    await dialog.getByRole('button', { name: 'Mở lại' }).click();
    await page.getByText('Đã mở lại quyết định.', { exact: false }).waitFor();
    await page.getByTestId('detect-decide-form').waitFor();
    await decide('Cần xem xét pháp lý');
    await page.getByTestId('detect-reopen').waitFor();
  });

  it('marks the takedown request as sent', async () => {
    await nav().getByRole('link', { name: 'Yêu cầu gỡ bỏ', exact: true }).click();
    await page.getByRole('heading', { name: 'Yêu cầu gỡ bỏ' }).waitFor();
    const table = page.getByTestId('takedowns-table');
    await table.getByText(fixtureUrl).waitFor();
    await table.getByText('Mới lập').waitFor();
    await table.getByRole('button', { name: 'Cập nhật' }).first().click();
    const dialog = page.getByTestId('takedown-edit-modal').getByRole('dialog');
    await dialog.getByText('Đã gửi nền tảng').first().waitFor();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã cập nhật yêu cầu gỡ bỏ.').waitFor();
    await table.getByText('Đã gửi nền tảng').waitFor();
    await shot('takedowns');
  });

  it('creates a hash bank and imports a CSV with one bad line', async () => {
    await nav().getByRole('link', { name: 'Kho mã băm', exact: true }).click();
    await page.getByRole('heading', { name: 'Kho mã băm' }).waitFor();
    await page.getByTestId('bank-create').click();
    const create = page.getByTestId('bank-create-modal').getByRole('dialog');
    await create.getByLabel('Mã kho').fill('e2e_pdq');
    await create.getByLabel('Tên kho').fill('Kho thử nghiệm E2E');
    await create.getByRole('button', { name: 'Tạo kho' }).click();
    await page.getByText('Đã tạo kho.').waitFor();
    await page.getByTestId('bank-import-e2e_pdq').click();
    const imp = page.getByTestId('bank-import-modal').getByRole('dialog');
    await imp
      .getByLabel('Nội dung CSV')
      .fill(['hash,label', `${'f'.repeat(32)}${'0'.repeat(32)},mau-1`, `${'a5'.repeat(32)},mau-2`, 'khong-phai-ma-bam,xau'].join('\n'));
    await imp.getByRole('button', { name: 'Nhập', exact: true }).click();
    const result = page.getByTestId('bank-import-result');
    await result.waitFor();
    expect(await result.getByTestId('bank-import-added').textContent()).toBe('2');
    expect(await result.getByTestId('bank-import-rejected').textContent()).toBe('1');
    await page.getByTestId('bank-rejected-lines').getByText('khong-phai-ma-bam,xau').waitFor();
    await shot('bank-import');
    await page.getByRole('dialog', { name: 'Kết quả nhập' }).locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();
    const row = page.getByTestId('banks-table').getByRole('row', { name: /Kho thử nghiệm E2E/ });
    expect(await row.getByTestId('bank-count').textContent()).toBe('2');
    expect(await row.getByRole('link', { name: /Xuất CSV/ }).getAttribute('href')).toMatch(/\/api\/v1\/detect\/banks\/.+\/export$/);
    // the image decided harmful went to the centre's PDQ bank
    const centre = page.getByTestId('banks-table').getByRole('row', { name: /confirmed_by_centre\b(?!_)/ });
    expect(Number(await centre.getByTestId('bank-count').textContent())).toBeGreaterThanOrEqual(1);
  });

  it('shows the counts on the overview as charts and tables, in both languages', async () => {
    await nav().getByRole('link', { name: 'Tổng quan phát hiện', exact: true }).click();
    await page.getByRole('heading', { name: 'Tổng quan phát hiện nội dung' }).waitFor();
    expect(await page.getByTestId('detect-total').textContent()).toBe('3');
    const decisions = page.getByTestId('detect-stats-decision');
    await decisions.getByTestId('detect-stats-decision-chart').locator('canvas').waitFor();
    const harmful = decisions.getByTestId('detect-stats-decision-table').getByRole('row', { name: /Độc hại/ });
    expect(await harmful.getByRole('cell').nth(1).textContent()).toBe('2');
    await page.getByTestId('detect-stats-category-table').getByText('Tài liệu xâm hại tình dục trẻ em').waitFor();
    await page.getByTestId('detect-stats-takedowns-table').getByText('Đã gửi nền tảng').waitFor();
    await shot('overview');
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Content detection overview' }).waitFor();
    await page.getByTestId('detect-stats-decision-table').getByText('Harmful', { exact: true }).waitFor();
    await page.getByTestId('lang-switch').getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { name: 'Tổng quan phát hiện nội dung' }).waitFor();
  });

  it('a city leader sees the detection overview only', async () => {
    const leaderContext = await browser.newContext(CONTEXT_OPTIONS);
    try {
      const p = await leaderContext.newPage();
      p.setDefaultTimeout(20_000);
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await signIn(p, 'lanhdao.e2e', LEADER_PASSWORD);
      const menu = p.getByRole('navigation', { name: 'Điều hướng chính' });
      await menu.getByRole('menuitem', { name: 'Phát hiện nội dung độc hại' }).click();
      await menu.getByRole('link', { name: 'Tổng quan phát hiện', exact: true }).waitFor();
      for (const label of ['Hàng đợi rà soát', 'Yêu cầu gỡ bỏ', 'Kho mã băm'])
        expect(await menu.getByRole('link', { name: label, exact: true }).count()).toBe(0);
      await menu.getByRole('link', { name: 'Tổng quan phát hiện', exact: true }).click();
      await p.getByTestId('detect-total').getByText('3').waitFor();
      // an item's address is no page for this role: it says so where it was asked, never a silent redirect
      await p.goto(`${base}detection/items/${items.text}`);
      await p.getByTestId('no-access').getByText('Bạn không có quyền xem trang này').waitFor();
      expect(new URL(p.url()).pathname).toBe(`/console/detection/items/${items.text}`);
    } finally {
      await leaderContext.close();
    }
  });

  it('raised no script error and no CSP violation', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
