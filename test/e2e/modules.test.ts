/**
 * The reporting centre's and the school DNS filter's console pages in a real browser against the
 * real platform: the triage queue, a report (blurred evidence, audited reveal, accept, merge),
 * the overdue list, the rules, the notification bell; band policies, list import with rejected
 * lines, school networks, the "why is it blocked?" tester and the statistics (chart and table).
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeStats } from '../../src/filter/store.js';
import type { RunningPlatform } from '../../src/platform.js';
import { CHROMIUM, CONTEXT_OPTIONS } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-2';
const OFFICER_PASSWORD = 'e2e-officer-password-2';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('console: reporting centre and school DNS filter (browser)', () => {
  let session: ConsoleSession;
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  let api: string;
  let csrf: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const reports: { id: string; trackingCode: string }[] = [];

  const nav = () => page.getByRole('navigation', { name: 'Điều hướng chính' });
  /** With LACHAN_E2E_SHOTS=<dir>, a full-page screenshot of each page visited, to look at. */
  const shot = async (name: string) => {
    if (process.env.LACHAN_E2E_SHOTS) await page.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `${name}.png`), fullPage: true });
  };
  /** Chooses in an antd Select with the keyboard: type, wait for the option, Enter. */
  const choose = async (combobox: ReturnType<Page['getByLabel']>, type: string, option: string | RegExp) => {
    await combobox.click();
    await combobox.pressSequentially(type);
    await page.locator('.ant-select-item-option').filter({ hasText: option }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  const submitReport = async (body: Record<string, unknown>) => {
    const res = await page.request.post(`${api}/intake/reports`, { headers: { 'x-csrf-token': csrf }, data: body });
    expect(res.status(), await res.text()).toBe(201);
    const r = (await res.json()) as { id: string; trackingCode: string };
    reports.push(r);
    return r;
  };

  beforeAll(async () => {
    session = await openConsoleSession({ name: 'modules', adminPassword: ADMIN_PASSWORD, timeoutMs: 15_000, errors: { pageErrors, cspViolations } });
    ({ platform, browser, page, base, api } = session);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && process.env.LACHAN_E2E_SHOTS)
      await page.screenshot({ path: path.join(process.env.LACHAN_E2E_SHOTS, `${ctx.task.name.slice(0, 40)}.png`) });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('signs in; two reports arrive, one with an image', async () => {
    await page.goto(base);
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-name').waitFor();
    csrf = ((await (await page.request.get(`${api}/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const png = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .png()
      .toBuffer();
    await submitReport({
      incidentTypes: ['cyberbullying'],
      description: 'Một nhóm bạn liên tục chế giễu em trên mạng xã hội (thử nghiệm E2E).',
      urls: ['http://bat-nat.example.invalid/bai-viet/1'],
      reportedAccounts: [
        { platform: 'facebook', account: 'ke.bat.nat.e2e' },
        // typed with combining accents (NFD), as some keyboards send it
        { platform: 'zalo', account: 'Số điện thoại 0912 345 678'.normalize('NFD') },
      ],
      victim: { ageBand: '11_14' },
      files: [{ filename: 'anh-chup.png', contentBase64: png.toString('base64') }],
    });
    await submitReport({
      incidentTypes: ['cyberbullying'],
      description: 'Cùng sự việc, người khác báo lại (thử nghiệm E2E).',
      urls: ['http://bat-nat.example.invalid/bai-viet/1'],
    });
  });

  it('opens Phản ánh → Hàng đợi tiếp nhận with SLA states in words', async () => {
    await nav().getByRole('menuitem', { name: 'Phản ánh' }).click();
    await nav().getByRole('link', { name: 'Hàng đợi tiếp nhận', exact: true }).click();
    await page.getByRole('heading', { name: 'Hàng đợi phản ánh' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/reports');
    const table = page.getByTestId('reports-table');
    for (const r of reports) await table.getByText(r.trackingCode).waitFor();
    await table.getByText('Xác nhận: Đúng hạn').first().waitFor();
    await table.getByText('Mới', { exact: true }).first().waitFor();
    await shot('queue');
    // the filters narrow the list on the server
    await page.getByTestId('filter-overdue').click();
    await table.getByText('Không có phản ánh nào phù hợp.').waitFor();
    await page.getByTestId('filter-overdue').click();
    await table.getByText(reports[0]!.trackingCode).waitFor();
  });

  it('opens a report: links as text, blurred evidence, audited history', async () => {
    await page.getByTestId('reports-table').getByText(reports[0]!.trackingCode).click();
    await page.getByTestId('report-title').waitFor();
    expect(await page.getByTestId('report-title').textContent()).toBe(`Phản ánh ${reports[0]!.trackingCode}`);
    await page.getByTestId('report-urls').getByText('http://bat-nat.example.invalid/bai-viet/1').waitFor();
    expect(await page.locator('a[href*="example.invalid"]').count()).toBe(0);
    const thumb = page.getByTestId('evidence-thumb').first();
    await thumb.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="evidence-thumb"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await thumb.evaluate((el) => getComputedStyle(el).filter)).toMatch(/blur/);
    await page.getByTestId('report-history').getByText('Phản ánh được gửi đến').waitFor();
    await shot('report');
  });

  it('shows the unblurred original only after a reason and a confirmation', async () => {
    await page
      .getByRole('button', { name: /Xem bản gốc/ })
      .first()
      .click();
    const dialog = page.getByTestId('reveal-modal').getByRole('dialog');
    await dialog.getByText('Việc xem được ghi vào nhật ký kiểm toán').waitFor();
    await dialog.getByRole('button', { name: 'Tôi hiểu, hiện bản gốc' }).click();
    await dialog.getByText('Ít nhất 5 ký tự.', { exact: false }).first().waitFor();
    await dialog.getByLabel('Lý do cần xem bản gốc').fill('Xác minh nội dung bắt nạt để chuyển xử lý');
    await dialog.getByRole('button', { name: 'Tôi hiểu, hiện bản gốc' }).click();
    const shown = page.getByRole('dialog', { name: 'Bản gốc (đã ghi nhật ký)' });
    await shown.waitFor();
    await shot('revealed');
    expect(await shown.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await shown.getByRole('button', { name: /Đóng và xoá/ }).click();
    await shown.waitFor({ state: 'hidden' });
  });

  it('accepts the report, and merges the second one into it', async () => {
    await page
      .getByTestId('report-actions')
      .getByRole('button', { name: /Nhận xử lý/ })
      .click();
    await page.getByText('Đã nhận xử lý phản ánh.').waitFor();
    await page.getByText('Đã nhận xử lý', { exact: true }).first().waitFor();

    await page.goto(`${base}reports/${reports[1]!.id}`);
    await page
      .getByTestId('report-actions')
      .getByRole('button', { name: /Gộp vào phản ánh khác/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Gộp vào phản ánh khác' });
    // the linked report (same link) is offered to pick: no code to type
    await dialog.getByRole('radio', { name: new RegExp(reports[0]!.trackingCode) }).check();
    await dialog.getByRole('button', { name: 'Gộp vào phản ánh khác' }).click();
    await page.getByText('Đã gộp phản ánh.').waitFor();
    await page.getByTestId('report-links').getByText(reports[0]!.trackingCode).first().waitFor();
    await page.getByTestId('report-links').getByText('Liên quan vì: đã gộp').waitFor();
    await page.getByText('Phản ánh đã đóng, không còn thao tác tiếp nhận.').waitFor();
    await shot('merged');
  });

  it('sends the links to detection and hands the report over for case work', async () => {
    await page.goto(`${base}reports/${reports[0]!.id}`);
    const actions = page.getByTestId('report-actions');
    await actions.getByRole('button', { name: /Gửi đường dẫn sang phát hiện/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã gửi 1 đường dẫn sang phát hiện.').waitFor();
    await page.getByTestId('report-history').getByText('Gửi đường dẫn sang rà soát').waitFor();

    // a mentioned account with Vietnamese words: composed (NFC) and in the normal font, not the code font
    const account = page.getByTestId('report-accounts').getByText('Số điện thoại 0912 345 678'.normalize('NFC'), { exact: true });
    await account.waitFor();
    expect(await account.evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/mono|courier|consolas|menlo/i);

    await actions.getByRole('button', { name: /Bàn giao xử lý vụ việc/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Bàn giao để xử lý vụ việc' });
    await dialog.getByRole('button', { name: 'Bàn giao xử lý vụ việc' }).click();
    await dialog.getByText('Chọn ít nhất một nhu cầu.').waitFor();
    // no agency is pre-filled or asked for until violation handling is ticked, and then it starts empty
    expect(await dialog.getByTestId('handover-agency').count()).toBe(0);
    await dialog.getByText('Xử lý vi phạm').click();
    const agency = dialog.getByTestId('handover-agency');
    await agency.getByLabel('Cơ quan nhận').waitFor();
    // only the field's label: no agency name (the report is routed to Sở Y tế, which used to be pre-filled)
    expect((await agency.textContent())?.trim()).toBe('Cơ quan nhận');
    await dialog.getByText('Xử lý vi phạm').click();
    await agency.waitFor({ state: 'detached' });
    await dialog.getByText('Hỗ trợ nạn nhân').click();
    await choose(dialog.getByLabel('Xã/phường nhận'), 'Hoàn Kiếm', 'Hoàn Kiếm');
    await dialog.getByLabel('Ghi chú cho đơn vị nhận').fill('Cần liên hệ nhà trường trong hôm nay.');
    await dialog.getByRole('button', { name: 'Bàn giao xử lý vụ việc' }).click();
    await page.getByText('Đã bàn giao.').waitFor();
    await page.getByText('Đã bàn giao', { exact: true }).first().waitFor();
    await page.getByTestId('report-handovers').getByText('Cần liên hệ nhà trường trong hôm nay.').waitFor();
    // a ward-only victim-support hand-over: held by the ward, no agency
    const detail = (await (await page.request.get(`${api}/intake/reports/${reports[0]!.id}`)).json()) as {
      summary: { handoverUnitId: string | null; handoverAgencyId: string | null };
    };
    expect(detail.summary.handoverUnitId).toBeTruthy();
    expect(detail.summary.handoverAgencyId).toBeNull();
  });

  it('shows the overdue list, the rules and the notification bell', async () => {
    await nav().getByRole('link', { name: 'Quá hạn xử lý', exact: true }).click();
    await page.getByRole('heading', { name: 'Phản ánh quá hạn' }).waitFor();
    await page.getByTestId('reports-table').getByText('Không có phản ánh nào phù hợp.').waitFor();

    await nav().getByRole('link', { name: 'Quy tắc & thời hạn', exact: true }).click();
    await page.getByRole('heading', { name: 'Quy tắc tiếp nhận' }).waitFor();
    const firstRule = page.getByTestId('priority-rules-table').locator('tbody tr.ant-table-row').first();
    await firstRule.getByRole('button', { name: /^Sửa:/ }).click();
    const ruleForm = page.getByRole('dialog', { name: /^Sửa quy tắc:/ });
    expect(await ruleForm.getByLabel('Tên tiếng Anh').inputValue()).not.toBe('');
    await ruleForm.getByLabel('Tên tiếng Anh').fill('Edited in the browser');
    await ruleForm.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Có thay đổi chưa lưu.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Bỏ thay đổi' }).click();
    await page.getByText('Có thay đổi chưa lưu.', { exact: false }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Quy tắc chuyển xử lý' }).click();
    const firstRoute = page.getByTestId('routing-rules-table').locator('tbody tr.ant-table-row').first();
    await firstRoute.getByRole('button', { name: /^Sửa:/ }).click();
    const routeForm = page.getByRole('dialog', { name: /^Sửa quy tắc:/ });
    await routeForm.getByLabel('Cơ quan nhận').waitFor();
    expect(await routeForm.getByLabel('Tên tiếng Anh').count()).toBe(0);
    await routeForm.getByRole('button', { name: 'Huỷ' }).click();
    await page.getByRole('tab', { name: 'Thời hạn xử lý (SLA)' }).click();
    await page.getByTestId('sla-table').getByText('P4 — Thấp').waitFor();
    expect(await page.getByTestId('sla-table').locator('tbody tr.ant-table-row').count()).toBe(4);

    await page.getByTestId('notifications-bell').click();
    await page.getByTestId('notifications-panel').waitFor();
    await shot('rules-bell');
    await page.keyboard.press('Escape');
  });

  it('edits a band policy: mandatory categories stay locked on', async () => {
    await nav().getByRole('menuitem', { name: 'Bộ lọc DNS trường học' }).click();
    await nav().getByRole('link', { name: 'Chính sách theo cấp học', exact: true }).click();
    await page.getByRole('heading', { name: 'Chính sách lọc theo cấp học' }).waitFor();
    await page.getByRole('tab', { name: 'Giáo viên/nhân viên' }).click();
    const form = page.getByTestId('band-form-staff');
    const csam = form.getByRole('checkbox', { name: /Xâm hại tình dục trẻ em/ });
    await csam.waitFor();
    expect(await csam.isChecked()).toBe(true);
    expect(await csam.isDisabled()).toBe(true);
    await shot('bands');
    const safe = form.getByRole('switch', { name: /Tìm kiếm an toàn/ });
    const before = await safe.getAttribute('aria-checked');
    await safe.click();
    await form.getByTestId('band-save').click();
    await page.getByText('Đã lưu chính sách Giáo viên/nhân viên.', { exact: false }).waitFor();
    const bands = (await (await page.request.get(`${api}/filter/bands`)).json()) as { band: string; safeSearch: boolean }[];
    expect(String(bands.find((b) => b.band === 'staff')?.safeSearch)).toBe(before === 'true' ? 'false' : 'true');
  });

  it('imports a list from a file, showing counts and the rejected lines', async () => {
    await nav().getByRole('link', { name: 'Danh sách & nhóm nội dung', exact: true }).click();
    await page.getByTestId('categories-table').getByText('csam').waitFor();
    await page.getByTestId('list-import').click();
    const dialog = page.getByTestId('import-list-modal').getByRole('dialog');
    await dialog.getByLabel('Tên', { exact: true }).fill('Danh sách thử E2E');
    await choose(dialog.getByLabel('Nhóm nội dung'), 'Mạng xã', 'Mạng xã hội');
    await dialog.getByText('Từ tệp văn bản').click();
    await dialog
      .getByTestId('list-file')
      .setInputFiles({ name: 'ds.txt', mimeType: 'text/plain', buffer: Buffer.from('e2e-chan.example\n||e2e-hai.example^\nhttp://khong-phai/ten-mien\n') });
    await dialog.getByText('ds.txt').waitFor();
    await dialog.getByRole('button', { name: 'Nhập' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await page.getByTestId('import-accepted').textContent()).toBe('2');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
    await result.getByText('http://khong-phai/ten-mien').waitFor();
    await shot('import');
    await page.getByRole('dialog', { name: 'Kết quả nhập' }).getByRole('button', { name: 'Đóng' }).last().click();
    await page.getByTestId('lists-table').getByText('Danh sách thử E2E').waitFor();
  });

  it('answers "why is this domain blocked?" with the deciding rule', async () => {
    await nav().getByRole('link', { name: 'Vì sao tên miền bị chặn?', exact: true }).click();
    await page.getByLabel('Tên miền').fill('www.e2e-chan.example');
    await page
      .getByTestId('check-form')
      .getByRole('button', { name: /Kiểm tra/ })
      .click();
    await page.getByTestId('check-result').waitFor();
    expect(await page.getByTestId('check-decision').textContent()).toBe('BỊ CHẶN');
    expect(await page.getByTestId('check-rule').textContent()).toBe('Danh sách của nhóm nội dung');
    await page.getByTestId('check-result').getByText('Danh sách thử E2E').waitFor();
    await shot('check');
  });

  it('adds a school network', async () => {
    await nav().getByRole('link', { name: 'Mạng của trường', exact: true }).click();
    await page.getByTestId('network-add').click();
    const dialog = page.getByRole('dialog', { name: 'Thêm dải mạng' });
    await choose(dialog.getByLabel('Trường'), 'Demo', /Demo/);
    await dialog.getByLabel('Dải mạng (CIDR)').fill('10.99.0.0/24');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('networks-table').getByText('10.99.0.0/24').waitFor();
    await shot('networks');
  });

  it('charts the blocked look-ups and tables the same numbers', async () => {
    const schools = (await (await page.request.get(`${api}/schools`, { params: { limit: 1 } })).json()) as { items: { id: string }[] };
    const schoolId = schools.items[0]!.id;
    const hour = `${new Date().toISOString().slice(0, 13)}:00:00.000Z`;
    await storeStats(platform.deps.db.kysely, {
      hour,
      counters: [
        { schoolId, band: 'primary', category: 'all', count: 500 },
        { schoolId, band: 'primary', category: 'social', count: 37 },
        { schoolId, band: 'primary', category: 'adult', count: 5 },
      ],
      top: [{ schoolId, domain: 'e2e-chan.example', category: 'social', count: 37 }],
    });
    await nav().getByRole('link', { name: 'Thống kê chặn', exact: true }).click();
    await page.getByRole('heading', { name: 'Thống kê lượt truy cập bị chặn' }).waitFor();
    await page.getByTestId('chart-by-category').locator('canvas').waitFor();
    await page.getByTestId('chart-top').locator('canvas').waitFor();
    const row = page.getByTestId('stats-table').locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('42');
    await page.getByTestId('top-table').getByText('e2e-chan.example').waitFor();
    await shot('stats');
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Blocked look-ups' }).waitFor();
    await page.getByTestId('lang-switch').getByText('VI', { exact: true }).click();
  });

  it('rings the bell for an intake officer on an urgent report; their menu holds only their pages', async () => {
    const created = await page.request.post(`${api}/users`, {
      headers: { 'x-csrf-token': csrf },
      data: { username: 'canbo.tiepnhan.e2e', displayName: 'Cán bộ tiếp nhận E2E', password: OFFICER_PASSWORD, role: 'intake_officer' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const urgent = await submitReport({ incidentTypes: ['grooming'], imminentDanger: true, description: 'Người lạ hẹn gặp em tối nay (thử nghiệm E2E).' });
    const officerContext = await browser.newContext(CONTEXT_OPTIONS);
    try {
      const p = await officerContext.newPage();
      p.setDefaultTimeout(15_000);
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await p.goto(base);
      await p.getByLabel('Tên đăng nhập', { exact: true }).fill('canbo.tiepnhan.e2e');
      await p.getByLabel('Mật khẩu', { exact: true }).fill(OFFICER_PASSWORD);
      await p.getByRole('button', { name: 'Đăng nhập' }).click();
      const bell = p.getByTestId('notifications-bell');
      await p.getByRole('button', { name: 'Thông báo: 1 chưa đọc' }).waitFor();
      const menu = p.getByRole('navigation', { name: 'Điều hướng chính' });
      await menu.getByRole('menuitem', { name: 'Phản ánh' }).waitFor();
      expect(await menu.getByRole('menuitem', { name: 'Bộ lọc DNS trường học' }).count()).toBe(0);
      expect(await menu.getByRole('menuitem', { name: 'Quản trị' }).count()).toBe(0);
      await bell.click();
      await p
        .getByTestId('notifications-panel')
        .getByRole('button', { name: new RegExp(urgent.trackingCode) })
        .click();
      await p.getByTestId('report-title').getByText(urgent.trackingCode).waitFor();
      await p.getByText('Người báo cho biết trẻ đang gặp nguy hiểm').first().waitFor();
      await p.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    } finally {
      await officerContext.close();
    }
  });

  it('raised no script error and no CSP violation', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
