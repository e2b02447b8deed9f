import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { insertFixtureCity } from '../../src/indicators/test-fixtures.js';
import { type ConsoleSession, openConsoleSession } from './session.js';

/**
 * The indicator pages' set-up, shared by their browser tests: the platform and a page whose clock
 * is fixed at `now` (the console's periods follow the browser's date), the fixture city's
 * programmes, detection and filter data, and a city leader account created by the admin through
 * the API. Returns the session and the fixture's schools, for tests that add more.
 */
export async function openCityLeaderSession(o: {
  name: string;
  adminPassword: string;
  leader: { username: string; password: string };
  now: Date;
  errors: { pageErrors: string[]; cspViolations: string[] };
}): Promise<{ session: ConsoleSession; schools: Record<string, string> }> {
  const session = await openConsoleSession({ name: o.name, adminPassword: o.adminPassword, timeoutMs: 20_000, errors: o.errors });
  try {
    await session.page.clock.setFixedTime(o.now);
    const { schools } = await insertFixtureCity(session.platform.deps.db.kysely);
    const login = await fetch(`${session.api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: o.adminPassword }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await fetch(`${session.api}/users`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ username: o.leader.username, displayName: 'Lãnh đạo thành phố E2E', password: o.leader.password, role: 'city_leader' }),
    });
    expect(res.status).toBe(201);
    return { session, schools };
  } catch (e) {
    // the caller never gets the session to close: close it here
    await session.close();
    throw e;
  }
}

/** Signs in through the console's sign-in page, as a person does, and waits for the shell. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-name').waitFor();
}
