import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { type RunningPlatform, startPlatform } from '../../src/platform.js';
import { CHROMIUM, CHROMIUM_ARGS, CONTEXT_OPTIONS, ensureConsoleBuilt } from './console-build.js';

export interface ConsoleSession {
  platform: RunningPlatform;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** `http://127.0.0.1:<port>/console/` */
  base: string;
  /** `http://127.0.0.1:<port>/api/v1` */
  api: string;
  close(): Promise<void>;
}

/**
 * The platform on a fresh data dir (SQLite, ports chosen by the OS) and a Chromium page on its
 * console, in Vietnamese, recording page errors and CSP violations into the caller's arrays.
 */
export async function openConsoleSession(o: {
  name: string;
  adminPassword: string;
  env?: Record<string, string>;
  timeoutMs: number;
  errors: { pageErrors: string[]; cspViolations: string[] };
}): Promise<ConsoleSession> {
  ensureConsoleBuilt();
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `lachan-e2e-${o.name}-`));
  const platform = await startPlatform(
    loadConfig({
      LACHAN_DATA_DIR: tmpDir,
      LACHAN_HTTP_ADDR: '127.0.0.1:0',
      LACHAN_DNS_ADDR: '127.0.0.1:0',
      LACHAN_ADMIN_PASSWORD: o.adminPassword,
      LACHAN_LOG_LEVEL: 'silent',
      ...o.env,
    }),
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext(CONTEXT_OPTIONS);
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeoutMs);
  page.on('pageerror', (e) => o.errors.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) o.errors.cspViolations.push(m.text());
  });
  return {
    platform,
    browser,
    context,
    page,
    base: `${platform.httpUrl}/console/`,
    api: `${platform.httpUrl}/api/v1`,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await platform.close();
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
