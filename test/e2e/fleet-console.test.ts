/**
 * The console's "Trạm lọc" page (issue 16) in Chromium against the real platform: the system
 * administrator creates an enrolment token (the command is shown once), a node enrols with it and
 * beats; the page shows its school, address, versions and health; a node that stops beating is
 * flagged silent; revoking asks for a reason. On a 390 px phone the nodes are cards with no
 * sideways scroll. SQLite (the data paths are tested on both databases in src/filter/fleet/nodes).
 * Needs Debian's chromium at /usr/bin/chromium; skipped without it. With LACHAN_E2E_SHOTS=<dir>,
 * screenshots to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './console-build.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-fleet';
const SHOTS = process.env.LACHAN_E2E_SHOTS;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `fleet-${name}.png`), fullPage: true });
};

describe.skipIf(!existsSync(CHROMIUM))('console: filter nodes (browser)', () => {
  let s: ConsoleSession;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    s = await openConsoleSession({ name: 'fleet', adminPassword: ADMIN_PASSWORD, timeoutMs: 20_000, errors: { pageErrors, cspViolations } });
    page = s.page;
    await page.goto(s.base);
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-name').waitFor();
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('enrols a node from the page, shows it with its school and health, flags silence, revokes with a reason', async () => {
    await page.goto(`${s.base}school-filter/fleet`);
    await page.getByRole('heading', { name: 'Trạm lọc' }).waitFor();
    await page.getByTestId('fleet-enrol').click();
    const form = page.getByTestId('fleet-enrol-form');
    await form.getByLabel('Tên trạm').fill('Trạm Tiểu học thử');
    await form.getByTestId('fleet-schools').click();
    // the code first: a phone cuts the end of a long option, never the code
    await page.getByText('DEMO-TH-01 · ', { exact: false }).first().click();
    // a click beside the picker closes its list, which would cover the buttons
    await form.getByText('Mã chỉ dùng được một lần', { exact: false }).click();
    await form.getByRole('button', { name: 'Tạo mã' }).click();
    const command = ((await page.getByTestId('fleet-command').textContent()) ?? '').trim();
    // with the address and data directory a school node needs (the defaults, 127.0.0.1:5353 and ./data, serve nobody)
    expect(command).toMatch(
      /^LACHAN_DNS_ADDR=0\.0\.0\.0:53 LACHAN_DATA_DIR=\/var\/lib\/lachan lachan filter --central http:\/\/127\.0\.0\.1:\d+ --token lce_\S+$/,
    );
    await page.getByTestId('fleet-enrolment-created').getByText('LACHAN_DNS_ADDR là địa chỉ thiết bị của trường hỏi DNS', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Đã sao chép, đóng' }).click();

    // the node does what `lachan filter --central … --token …` does: enrol, then beat
    const token = command.split(' ').at(-1)!;
    const enrolled = await fetch(`${s.api}/fleet/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, softwareVersion: '0.9.0' }),
    });
    expect(enrolled.status).toBe(201);
    const { nodeToken } = (await enrolled.json()) as { nodeToken: string };
    const beat = await fetch(`${s.api}/fleet/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${nodeToken}` },
      body: JSON.stringify({
        softwareVersion: '0.9.0',
        policyVersion: 0,
        upstreams: [
          { server: '1.1.1.1:53', up: true },
          { server: '8.8.8.8:53', up: false },
        ],
        qps: 12.5,
        cacheHitRatio: 0.75,
      }),
    });
    expect(beat.status).toBe(204);

    await page.reload();
    const table = page.getByTestId('fleet-nodes');
    await table.getByText('Trạm Tiểu học thử').waitFor();
    await table.getByText('(DEMO-TH-01)').waitFor();
    await table.getByText('127.0.0.1').waitFor();
    await table.getByText('Máy chủ DNS gốc: 1/2 hoạt động').waitFor();
    await table.getByText('12,5 truy vấn/giây').waitFor();
    await table.getByText('Bộ nhớ đệm: 75% trúng').waitFor();

    // the home page: nodes needing a look, none while the node beats
    await page.goto(s.base);
    await page.getByTestId('home-fleet-needing-look-value').waitFor();
    expect(await page.getByTestId('home-fleet-needing-look-value').textContent()).toBe('0');

    // silent for more than two minutes: flagged (the last beat moved back in time)
    await s.platform.deps.db.kysely
      .updateTable('filter_fleet_nodes')
      .set({ last_seen_at: new Date(Date.now() - 5 * 60_000).toISOString() })
      .execute();
    await page.goto(`${s.base}school-filter/fleet`);
    await page.getByTestId('node-alert-silent').waitFor();
    await page.getByTestId('fleet-summary').getByText('1 trạm cần kiểm tra', { exact: false }).waitFor();
    await shot(page, 'laptop');
    // the home page counts it, in the warning colour, and leads to the fleet page
    await page.goto(s.base);
    const tile = page.getByTestId('home-fleet-needing-look');
    await tile.waitFor();
    expect(await page.getByTestId('home-fleet-needing-look-value').textContent()).toBe('1');
    expect(await page.getByTestId('home-fleet-needing-look-value').getAttribute('class')).toContain('tile-alarm');
    await tile.getByText('Trạm lọc cần kiểm tra').waitFor();
    await shot(page, 'home');
    await tile.click();
    await page.waitForURL(/\/school-filter\/fleet$/);
    await page.getByTestId('node-alert-silent').waitFor();

    // a phone: cards, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByText('Trạm Tiểu học thử').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'phone');

    // revoke: a reason is required
    await page.getByRole('button', { name: 'Thu hồi: Trạm Tiểu học thử' }).click();
    const revoke = page.getByTestId('fleet-revoke-form');
    await revoke.getByRole('button', { name: 'Thu hồi' }).click();
    await revoke.getByText('Hãy ghi lý do thu hồi.').waitFor();
    await revoke.getByLabel('Lý do').fill('Máy của trạm được thay mới');
    await revoke.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Lý do thu hồi: Máy của trạm được thay mới').waitFor();
    // nothing left to do on a revoked node: its card has no bare "Thao tác" label
    expect(await page.getByTestId('fleet-nodes').getByText('Thao tác', { exact: true }).count()).toBe(0);
    await shot(page, 'phone-revoked');
    // the enrolment picker on a phone: the code is seen whole
    await page.getByTestId('fleet-enrol').click();
    await page.getByTestId('fleet-enrol-form').getByTestId('fleet-schools').click();
    const option = page.locator('.ant-select-item-option').filter({ hasText: 'DEMO-TH-01 · ' }).first();
    await option.waitFor();
    const clipped = await option.evaluate((el) => {
      const content = el.querySelector('.ant-select-item-option-content') as HTMLElement;
      const range = document.createRange();
      range.setStart(content.firstChild!, 0);
      range.setEnd(content.firstChild!, 'DEMO-TH-01'.length);
      return range.getBoundingClientRect().right > content.getBoundingClientRect().right;
    });
    expect(clipped).toBe(false);
    await shot(page, 'phone-picker');
    await page.keyboard.press('Escape');
    const after = await fetch(`${s.api}/fleet/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${nodeToken}` },
      body: JSON.stringify({ softwareVersion: '0.9.0', policyVersion: 0, upstreams: [], qps: 0, cacheHitRatio: 0 }),
    });
    expect(after.status).toBe(403);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);
});
