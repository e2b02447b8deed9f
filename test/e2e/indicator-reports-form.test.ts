/**
 * The indicators console's QA defects of issue 14 in a real browser: the ward page's three target
 * cards hold their own "Định nghĩa" at 1280 px, the reports form opens on the last complete period
 * and warns when a chosen period has not ended, and the reports list writes times one way
 * (HH:mm dd/MM/yyyy). The browser's clock is fixed at 5 December 2026, the day QA walked it.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCityLeaderSession, signIn } from './city-leader-session.js';
import { CHROMIUM } from './console-build.js';
import type { ConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-indicator-form';
const LEADER_PASSWORD = 'e2e-city-leader-password-form';

describe.skipIf(!existsSync(CHROMIUM))('console: indicator reports form and ward cards (browser)', () => {
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ({ session } = await openCityLeaderSession({
      name: 'indicator-form',
      adminPassword: ADMIN_PASSWORD,
      leader: { username: 'lanhdao.bieumau', password: LEADER_PASSWORD },
      now: new Date('2026-12-05T10:53:00.000Z'),
      errors: { pageErrors, cspViolations },
    }));
    ({ page, base } = session);
    await signIn(page, base, 'lanhdao.bieumau', LEADER_PASSWORD);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  it('keeps each target’s definition inside its card on the ward page at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}indicators/wards/00070`);
    const card = page.getByTestId('target-programme_coverage');
    await card.waitFor();
    await expect(card.getByText('Định nghĩa', { exact: true }).count()).resolves.toBe(1);
    // the three cards are one row of equal height, none taller than its content needs
    const boxes = await Promise.all(['programme_coverage', 'victims_supported', 'violators_handled'].map((c) => page.getByTestId(`target-${c}`).boundingBox()));
    const heights = boxes.map((b) => Math.round(b?.height ?? 0));
    expect(new Set(boxes.map((b) => Math.round(b?.y ?? 0))).size).toBe(1);
    expect(Math.max(...heights)).toBeLessThan(600);
  });

  it('opens the form on the last complete period, warns of one not ended, and writes times one way', async () => {
    await page.goto(`${base}indicators/reports`);
    await page.getByTestId('report-generate').waitFor();
    // 5 December 2026: the last complete month is November
    const form = page.getByTestId('indicator-reports').locator('form').first();
    await expect.poll(() => form.textContent()).toContain('Tháng 11');
    await expect(page.getByTestId('report-not-ended').count()).resolves.toBe(0);
    await page.getByTestId('report-kind').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: /^Báo cáo 6 tháng$/ })
      .click();
    // the last complete half is the first; choosing the second warns that it runs to 31/12/2026
    await expect.poll(() => form.textContent()).toContain('6 tháng đầu năm');
    await page.getByTestId('report-index').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: /^6 tháng cuối năm$/ })
      .click();
    await expect.poll(() => page.getByTestId('report-not-ended').textContent()).toContain('31/12/2026');
    await page.getByTestId('report-generate').click();
    await page.getByText('Đã lập báo cáo').first().waitFor();
    const row = page.getByTestId('report-list').locator('tr.ant-table-row').first();
    await expect.poll(() => row.textContent()).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} · Theo yêu cầu/);
    await expect(row.textContent()).resolves.not.toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
