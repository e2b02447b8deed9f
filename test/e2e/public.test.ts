/**
 * The public pages as a 13-year-old meets them: Chromium on a 360×740 phone screen with
 * JavaScript OFF, against the real platform (SQLite, its own clock so the confirmation's window
 * can run out). The shortest child path fits in two screens before "send"; a refused 20 MB file
 * keeps everything typed and states the limit; the confirmation survives a reload within its
 * window and not after; every public page has the quick exit and passes axe-core; the guidance
 * pages are light and never scroll sideways.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); the suite is skipped without it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningPlatform, startPlatform } from '../../src/platform.js';
import { CHROMIUM, CHROMIUM_ARGS } from './console-build.js';

const hasChromium = existsSync(CHROMIUM);
const SCREEN = { width: 360, height: 740 } as const;
// axe-core's browser source, injected into the page under test
const AXE = axe.source;

describe.skipIf(!hasChromium)('public pages in Chromium, JavaScript off, 360×740', { timeout: 90_000 }, () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** JavaScript on, CSP bypassed: where axe runs on a copy of the page under test. */
  let axeContext: BrowserContext;
  let base: string;
  let tmpDir: string;
  const now = { t: Date.parse('2026-12-05T03:00:00Z') };

  beforeAll(async () => {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-e2e-public-'));
    platform = await startPlatform(
      loadConfig({
        LACHAN_DATA_DIR: tmpDir,
        LACHAN_HTTP_ADDR: '127.0.0.1:0',
        LACHAN_DNS_ADDR: '127.0.0.1:0',
        LACHAN_ADMIN_PASSWORD: 'e2e-public-admin-password',
        LACHAN_LOG_LEVEL: 'silent',
      }),
      { clock: () => new Date(now.t) },
    );
    base = platform.httpUrl;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ javaScriptEnabled: false, viewport: SCREEN, locale: 'vi-VN', reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    axeContext = await browser.newContext({ viewport: SCREEN, locale: 'vi-VN', bypassCSP: true });
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await axeContext?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await platform?.close();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  });

  /**
   * axe-core on the page as it is now (after a POST too). axe needs JavaScript and the page runs
   * none, so the page's current HTML is served, at its own address, to a second context with
   * JavaScript on (its stylesheet still comes from the server), and axe is injected there
   * (bypassCSP: the page's CSP would refuse the injected script, as it should).
   */
  async function axeViolations(p: Page, tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']): Promise<string[]> {
    const html = await p.content();
    const url = p.url();
    const q = await axeContext.newPage();
    try {
      await q.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await q.goto(url);
      await q.addScriptTag({ content: AXE });
      return await q.evaluate(async (values) => {
        const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } })
          .axe;
        const r = await axe.run({ runOnly: { type: 'tag', values } });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }, tags);
    } finally {
      await q.close();
    }
  }

  async function quickExit(p: Page) {
    const exit = p.locator('#quick-exit');
    expect(await exit.count()).toBe(1);
    expect(await exit.getAttribute('rel')).toContain('noreferrer');
    expect(await exit.getAttribute('href')).toMatch(/^https:\/\/www\.google\.com\//);
    const box = await exit.boundingBox();
    expect(box && box.y < SCREEN.height && box.height >= 44).toBe(true);
  }

  it("fits a child's shortest path in two screens before send, then shows code, PIN and advice matched to what was reported", async () => {
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    // the danger box leads the page, with call links a thumb can hit
    const sos = await page.locator('.sos').boundingBox();
    expect(sos?.y).toBe(0);
    for (const n of ['113', '111']) expect((await page.locator(`.sos a[href="tel:${n}"]`).boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await quickExit(page);

    await page.locator('input[name="reporter"][value="child"]').check();
    await page.locator('input[name="cat"][value="sextortion"]').check();
    await page.fill('#description', 'Có người doạ tung ảnh của em nếu em không gửi thêm ảnh');
    const send = await page.locator('#send').boundingBox();
    const scrollY = await page.evaluate(() => window.scrollY);
    if (!send) throw new Error('no send button');
    // the send button's bottom edge, in page coordinates, within two screens (at most one screen of scrolling)
    const bottom = send.y + scrollY + send.height;
    expect(bottom).toBeLessThanOrEqual(2 * SCREEN.height);
    // the optional details are folded away (no JavaScript needed to open them)
    expect(await page.locator('details.more').getAttribute('open')).toBeNull();

    await page.click('#send');
    await page.waitForURL(/\/da-gui/);
    const code = (await page.locator('.code').first().textContent())?.trim() ?? '';
    const pin = (await page.locator('.code').nth(1).textContent())?.trim() ?? '';
    expect(code).toMatch(/^LC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(pin).toMatch(/^\d{6}$/);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Không gửi thêm ảnh');
    expect(text).toContain('Không trả tiền');
    expect(text).toContain('Nếu bạn là cha mẹ');
    expect(text).not.toContain('Bị bắt nạt trên mạng'); // advice for what was reported, not everything
    expect(await page.locator('a.btn').getAttribute('href')).toBe(`/trang-thai?ma=${code}`);
    await quickExit(page);
    expect(await axeViolations(page)).toEqual([]);

    // a reload (the tab brought back after Zalo) shows the same code and PIN
    now.t += 10 * 60_000;
    await page.reload();
    expect(await page.locator('.code').allTextContents()).toEqual([code, pin]);
    expect(await page.locator('main').textContent()).toContain('15 phút');

    // the status link carries the code; the status shows Vietnamese dates
    await page.click('a.btn');
    expect(await page.inputValue('#code')).toBe(code);
    await page.fill('#pin', pin);
    await page.click('button[type="submit"]');
    expect(await page.locator('.ok').textContent()).toMatch(/Ngày nhận: 05\/12\/2026/);
    await quickExit(page);
    expect(await axeViolations(page)).toEqual([]);

    // a rejected report's status says what the reporter can still do
    await platform.deps.db.kysely.updateTable('intake_reports').set({ status: 'rejected' }).where('tracking_code', '=', code).execute();
    await page.goto(`${base}/trang-thai?ma=${code}`);
    await page.fill('#pin', pin);
    await page.click('button[type="submit"]');
    expect(await page.locator('.note').textContent()).toContain('Bạn vẫn có thể');
    expect(await axeViolations(page)).toEqual([]);

    // after the window the confirmation no longer shows either code
    now.t += 6 * 60_000;
    await page.goto(`${base}/da-gui`);
    const after = await page.locator('main').textContent();
    expect(after).not.toContain(pin);
    expect(after).not.toContain(code);
    expect(after).toContain('đã hết hạn');
    expect(await page.locator('.code').count()).toBe(0);
    await quickExit(page);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a 20 MB file with every field kept, the limit stated, and the field marked', async () => {
    await page.goto(`${base}/`);
    await page.locator('input[name="reporter"][value="parent_relative"]').check();
    await page.locator('input[name="cat"][value="grooming"]').check();
    await page.locator('input[name="danger"]').check();
    await page.fill('#description', 'Một người lạ nhắn tin cho con tôi');
    await page.click('details.more summary');
    await page.selectOption('#platform', 'zalo');
    await page.fill('#urls', '0912 345 678\nnhóm Zalo lớp 7A\nhttps://zalo.me/g/abcxyz');
    await page.fill('#date', '03/12/2026');
    await page.selectOption('#age', '11_14');
    await page.fill('#cname', 'Mẹ của Lan');
    await page.fill('#cphone', '0987 654 321');
    await page.locator('input[name="consent"]').check();
    const big = path.join(tmpDir, 'video.mp4');
    writeFileSync(big, Buffer.alloc(20 * 1024 * 1024, 1));
    await page.setInputFiles('#files', big);
    await page.click('#send');
    await page.waitForLoadState();

    const alert = await page.locator('[role="alert"]').textContent();
    expect(alert).toContain('tối đa 8 MB');
    expect(alert).toContain('video.mp4');
    expect(alert).toContain('chưa được gửi và không được giữ lại');
    expect(await page.locator('input[name="reporter"][value="parent_relative"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="cat"][value="grooming"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="danger"]').isChecked()).toBe(true);
    expect(await page.inputValue('#description')).toBe('Một người lạ nhắn tin cho con tôi');
    expect(await page.locator('details.more').getAttribute('open')).not.toBeNull();
    expect(await page.inputValue('#platform')).toBe('zalo');
    expect(await page.inputValue('#urls')).toBe('0912 345 678\nnhóm Zalo lớp 7A\nhttps://zalo.me/g/abcxyz');
    expect(await page.inputValue('#date')).toBe('03/12/2026');
    expect(await page.inputValue('#age')).toBe('11_14');
    expect(await page.inputValue('#cname')).toBe('Mẹ của Lan');
    expect(await page.inputValue('#cphone')).toBe('0987 654 321');
    expect(await page.locator('input[name="consent"]').isChecked()).toBe(true);
    const files = page.locator('#files');
    expect(await files.getAttribute('aria-invalid')).toBe('true');
    expect(await files.getAttribute('aria-describedby')).toContain('err-files');
    await quickExit(page);
    expect(await axeViolations(page)).toEqual([]);

    // sent again without the file: the phone number and the group name are taken as accounts
    await page.click('#send');
    await page.waitForURL(/\/da-gui/);
    expect(await page.locator('.code').count()).toBe(2);
    expect(await page.locator('main').textContent()).toContain('Người lạ làm quen, dụ dỗ');
  });

  it('marks a field in error (aria-invalid, aria-describedby) and keeps the rest: a date in the future', async () => {
    await page.goto(`${base}/`);
    await page.locator('input[name="reporter"][value="child"]').check();
    await page.locator('input[name="cat"][value="scam"]').check();
    await page.fill('#description', 'Có người bảo em nạp thẻ để nhận quà');
    await page.click('details.more summary');
    await page.fill('#date', '01/01/2027');
    await page.click('#send');
    await page.waitForLoadState();
    const date = page.locator('#date');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await date.getAttribute('aria-describedby'))?.split(' ')[0]}`).textContent()).toContain('không thể sau hôm nay');
    expect(await page.inputValue('#description')).toBe('Có người bảo em nạp thẻ để nhận quà');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('quick exit: without JavaScript a plain link; with it, the page is replaced so "back" does not return to it', async () => {
    const neutral = /^https:\/\/www\.google\.com\//;
    const withJs = await browser.newContext({ viewport: SCREEN, locale: 'vi-VN' });
    try {
      await withJs.route(neutral, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>neutral</title><p>thời tiết</p>' }));
      const q = await withJs.newPage();
      await q.goto(`${base}/huong-dan/tre-em`);
      await q.goto(`${base}/`);
      await q.click('#quick-exit');
      await q.waitForURL(neutral);
      await q.goBack();
      // back skips the replaced form and lands on the page before it
      expect(q.url()).toBe(`${base}/huong-dan/tre-em`);
    } finally {
      await withJs.close();
    }
    // without JavaScript the same link simply leaves, telling the neutral site nothing (no referrer)
    await context.route(neutral, (r) =>
      r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>neutral</title><p>${r.request().headers().referer ?? 'no-referrer'}</p>` }),
    );
    await page.goto(`${base}/`);
    await page.click('#quick-exit');
    await page.waitForURL(neutral);
    expect(await page.locator('p').textContent()).toBe('no-referrer');
    await context.unroute(neutral);
  });

  it('guidance pages for children and parents: light, no sideways scroll at 360 px, quick exit, no axe violation, in both languages', async () => {
    for (const url of [
      '/huong-dan/tre-em',
      '/huong-dan/cha-me',
      '/huong-dan/tre-em?lang=en',
      '/huong-dan/cha-me?lang=en',
      '/trang-thai',
      '/?lang=en',
      '/?lang=vi',
    ]) {
      const res = await page.goto(`${base}${url}`);
      const html = (await res?.body()) ?? Buffer.alloc(0);
      const css = await (await page.request.get(`${base}/p/lachan.css`)).body();
      expect(html.length + css.length, url).toBeLessThan(50 * 1024);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(SCREEN.width);
      await quickExit(page);
      expect(await axeViolations(page), url).toEqual([]);
      if (url.startsWith('/huong-dan')) {
        const text = await page.locator('main').textContent();
        expect(text).toMatch(/111/);
        expect(text).toMatch(/113/);
        expect(text).toMatch(/sextortion|tung ảnh|private images/i);
      }
    }
    // the filter's block page is public too (a student in school meets it): no WCAG violation
    // (it is the filter's page; axe's best-practice rules still ask it for a <main> landmark)
    await page.goto(`${base}/blocked?domain=example.com&category=adult`);
    expect(await axeViolations(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']), '/blocked').toEqual([]);
    // the check itself can fail: a page with an unlabelled field has a violation
    await page.route(`${base}/axe-self-check`, (r) =>
      r.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="vi"><title>x</title><main><input type="text"></main></html>' }),
    );
    await page.goto(`${base}/axe-self-check`);
    expect((await axeViolations(page)).join()).toContain('label');
    await page.unroute(`${base}/axe-self-check`);
    // the icon is served (no 404 on every page)
    expect((await page.request.get(`${base}/favicon.ico`)).status()).toBe(200);
    expect((await page.request.get(`${base}/favicon.svg`)).headers()['content-type']).toContain('image/svg+xml');
  });
});
