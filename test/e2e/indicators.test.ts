/**
 * The city's indicators in a real browser against the real platform: a city leader signs in,
 * finds the three targets first on the home page, opens the indicators for 2026 and sees the
 * fixture city's values (src/indicators/test-fixtures.ts and src/testing/indicator-fixture-cases.ts, counted by
 * hand) on the three target gauges,
 * drills down to a ward, and downloads a chart's CSV. Checked at 390 px: no sideways scroll, no
 * codes or ids on screen.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW } from '../../src/indicators/test-fixtures.js';
import { DEFAULT_SETTINGS, saveCoverageSettings } from '../../src/programmes/coverage/settings.js';
import { FIXTURE_CASES_EXPECTED, insertFixtureCases } from '../../src/testing/indicator-fixture-cases.js';
import { openCityLeaderSession, signIn } from './city-leader-session.js';
import { CHROMIUM } from './console-build.js';
import type { ConsoleSession } from './session.js';

const ADMIN_PASSWORD = 'e2e-admin-password-indicators';
const LEADER_PASSWORD = 'e2e-city-leader-password-1';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('console: the city leader’s indicators (browser)', () => {
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  /** What a phone user would notice: the page scrolls sideways, or a code or an id shows. */
  const checkPhoneView = async (what: string) => {
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways, `${what}: sideways scroll`).toBeLessThanOrEqual(0);
    // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts (textContent reads hidden nodes too)
    const text = await page.locator('#main').innerText();
    expect(text, `${what}: raw code`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text, `${what}: id`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  };

  beforeAll(async () => {
    // The console's "this year so far" is the browser's year, and the fixture is dated 2026: the
    // browser's clock is fixed at the fixture's "now" (15 March 2026, as the server-side indicator
    // tests use) so that the home page and the period picker open on the fixture's year whatever
    // the real date. Only Date is fixed; timers run, so the page loads and polls as usual. The
    // server keeps the real clock: every fixture month has ended by now, and it only refuses
    // periods that start in the future, so a later real date reads the same figures.
    const opened = await openCityLeaderSession({
      name: 'indicators',
      adminPassword: ADMIN_PASSWORD,
      leader: { username: 'lanhdao.thanhpho', password: LEADER_PASSWORD },
      now: FIXTURE_NOW,
      errors: { pageErrors, cspViolations },
    });
    session = opened.session;
    ({ page, base } = session);
    // the cases behind targets 2 and 3, through the cases feature's use cases (counted by hand there)
    await insertFixtureCases(session.platform.deps, opened.schools);
    // the fixture city counts a school covered after one session (its coverage setting N = 1)
    await saveCoverageSettings(session.platform.deps.db.kysely, { ...DEFAULT_SETTINGS, minSessions: 1 }, new Date().toISOString());
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && process.env.LACHAN_E2E_SHOTS)
      await page.screenshot({ path: `${process.env.LACHAN_E2E_SHOTS}/indicators-fail-${ctx.task.name.slice(0, 20)}.png`, fullPage: true });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('signs in as a city leader and sees the three targets first on the home page', async () => {
    await signIn(page, base, 'lanhdao.thanhpho', LEADER_PASSWORD);
    await page.getByTestId('targets-panel').waitFor();
    // this year so far by the browser's fixed clock (1 January to 31 March 2026), worked out by hand:
    //   coverage: 3 of the 6 demo schools held a session (Jan: Tiểu học 1, THCS 1; Feb: THPT 1) → 3 ÷ 6 = 50 %
    //   victims: asked K1 K2 K3 K7 (K4 refused to be counted), supported K1 K3 K7 → 3 ÷ 4 = 75 %
    //   violators: reported K1 K5 K6, decided K1 (sanction) and K6 (criminal referral) → 2 ÷ 3 = 66,7 %
    const expected: Record<string, [string, string]> = {
      programme_coverage: ['50 %', '3 trên 6'],
      victims_supported: ['75 %', '3 trên 4'],
      violators_handled: ['66,7 %', '2 trên 3'],
    };
    expect(FIXTURE_CASES_EXPECTED.year2026.victims.value).toBe(75);
    expect(FIXTURE_CASES_EXPECTED.year2026.violators.value).toBe(66.7);
    for (const [code, [value, ofTotal]] of Object.entries(expected)) {
      await expect.poll(() => page.getByTestId(`target-value-${code}`).textContent()).toBe(value);
      await expect(page.getByTestId(`target-${code}`).textContent()).resolves.toContain(ofTotal);
      await page.getByTestId(`gauge-${code}`).waitFor();
    }
  });

  it('shows the fixture’s values on the three target gauges for 2026', async () => {
    await page.goto(`${base}indicators`);
    await page.getByTestId('indicators-page').waitFor();
    await page.getByTestId('period-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Năm$/ }).click();
    await page.getByTestId('period-year').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: /^2026$/ })
      .click();
    // 2026: sessions at three of the six demo schools (January: two, February: one)
    await expect.poll(() => page.getByTestId('target-value-programme_coverage').textContent()).toBe('50 %');
    await expect(page.getByTestId('target-programme_coverage').textContent()).resolves.toContain('3 trên 6');
    // the rule beside the number, with the city's N, as the programmes coverage page counts
    await expect(page.getByTestId('coverage-rule').textContent()).resolves.toContain('ít nhất 1 buổi');
    await page.getByTestId('gauge-programme_coverage').waitFor();
    // the cases (src/testing/indicator-fixture-cases.ts): 3 of 4 victims supported, 2 of 3 violators handled
    await expect(page.getByTestId('target-value-victims_supported').textContent()).resolves.toBe('75 %');
    await expect(page.getByTestId('target-victims_supported').textContent()).resolves.toContain('3 trên 4');
    await expect(page.getByTestId('target-value-violators_handled').textContent()).resolves.toBe('66,7 %');
    await expect(page.getByTestId('target-violators_handled').textContent()).resolves.toContain('2 trên 3');
    for (const code of ['victims_supported', 'violators_handled']) await page.getByTestId(`gauge-${code}`).waitFor();
    // the volumes, counted by hand: January's 4 reports and February's 1; 20 blocked look-ups
    await expect(page.getByTestId('indicator-value-reports_received').textContent()).resolves.toBe('5');
    await expect(page.getByTestId('indicator-value-blocked_lookups').textContent()).resolves.toBe('20');
    await page.getByTestId('ranking-chart').waitFor();
    const csv = await page.getByTestId('ranking-csv').getAttribute('href');
    const download = await page.evaluate(async (href) => (await fetch(href as string)).text(), csv);
    expect(download).toContain('Hoàn Kiếm');
    expect(download).toContain('Bảo vệ trẻ em');
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('drills down to a ward and its schools, and reads well on a phone', async () => {
    await page.getByTestId('ranking').getByText('Bảng số liệu').click();
    await page.getByTestId('ranking-table').getByRole('link', { name: 'Hoàn Kiếm' }).click();
    await page.waitForURL(/indicators\/wards\/00070/);
    await expect.poll(() => page.getByTestId('target-value-programme_coverage').textContent()).toMatch(/%|Chưa có dữ liệu/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}indicators`);
    await page.getByTestId('indicators-page').waitFor();
    await page.getByTestId('target-programme_coverage').waitFor();
    if (process.env.LACHAN_E2E_SHOTS) await page.screenshot({ path: `${process.env.LACHAN_E2E_SHOTS}/indicators-390.png`, fullPage: true });
    await checkPhoneView('indicators at 390 px');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('sets who signs the reports through the form', async () => {
    await page.goto(`${base}indicators/reports`);
    await page.getByTestId('report-issuer').waitFor();
    // the draft defaults are loaded into the form first
    await expect.poll(() => page.getByTestId('issuer-agencyName').inputValue()).toBe('Sở Giáo dục và Đào tạo');
    await page.getByTestId('issuer-signerName').fill('');
    await page.getByTestId('issuer-save').click();
    await page.getByText('Cần điền mục này.').waitFor();
    await page.getByTestId('issuer-signerName').fill('Trần Văn Cường');
    await page.getByTestId('issuer-signerAuthority').fill('');
    await page.getByTestId('issuer-signerPost').fill('Giám đốc');
    await page.getByTestId('issuer-save').click();
    await page.getByText('Đã lưu cơ quan ban hành và người ký.').waitFor();
    const saved = await page.evaluate(async () => (await fetch('/api/v1/indicators/report-issuer')).json());
    expect(saved).toMatchObject({ signerName: 'Trần Văn Cường', signerAuthority: '', signerPost: 'Giám đốc', agencyName: 'Sở Giáo dục và Đào tạo' });
    expect(pageErrors).toEqual([]);
  });
});
