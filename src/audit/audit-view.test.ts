import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { actionLabel, actorLabel, isNamed, isReadAction } from './actions.js';
import { audit } from './audit.js';

/**
 * Issue 15 item 6: the audit view reads well — actions in words, filters by who, what, which
 * record and when, routine reads hidden unless asked for (still recorded: reads of identifying
 * data stay audited).
 */
type Entry = {
  seq: number;
  at: string;
  actorType: string;
  actorLabel: string;
  action: string;
  actionLabel: string;
  read: boolean;
  subjectType: string;
  subjectLabel: string;
};

const SYSTEM_CODES = ['indicators.schedule', 'audit:anchor', 'first-start', 'nightly:mystery-job'];

describeEachDb('audit view: readable actions, filters, reads on demand', (db) => {
  let t: TestApp;
  let admin: Session;
  let officer: Session & { username: string };
  const now = { t: Date.parse('2026-04-01T02:00:00Z') };
  const page = async (query: string, lang = 'vi') => {
    const res = await admin.request('GET', `/api/v1/audit${query}`, undefined, { 'accept-language': lang });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Entry[];
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now.t) });
    admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
    // reads: lists and an opened report; changes: a report filed and accepted, a user listed by the admin
    now.t += 60_000;
    const rep = await officer.request('POST', '/api/v1/intake/reports', { incidentTypes: ['scam'], description: 'Lừa nạp thẻ game' });
    expect(rep.statusCode).toBe(201);
    for (let i = 0; i < 5; i++) await officer.request('GET', '/api/v1/intake/reports');
    await officer.request('GET', `/api/v1/intake/reports/${rep.json().id}`);
    now.t += 60 * 60_000;
    await officer.request('POST', `/api/v1/intake/reports/${rep.json().id}/accept`);
    await admin.request('GET', '/api/v1/users');
    // system actors as the scheduled jobs and first start record them, and one no list knows
    for (const code of SYSTEM_CODES)
      await audit({ actor: systemActor(code), origin: { ip: null }, clock: t.deps.clock }, db().kysely, 'indicators.report_generated', { type: 'indicators' });
  });
  afterAll(() => t.close());

  it('hides routine reads by default and shows them on demand; reads of a report stay in the trail', async () => {
    const actions = await page('?limit=500');
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((e) => !e.read)).toBe(true);
    expect(actions.map((e) => e.action)).toEqual(expect.arrayContaining(['intake_report.submitted', 'intake_report.accepted']));
    expect(actions.map((e) => e.action)).not.toContain('intake_report.listed');
    const reads = await page('?limit=500&show=reads');
    expect(reads.every((e) => e.read)).toBe(true);
    expect(reads.filter((e) => e.action === 'intake_report.listed')).toHaveLength(5);
    expect(reads.map((e) => e.action)).toEqual(expect.arrayContaining(['intake_report.read', 'user.listed']));
    const all = await page('?limit=500&show=all');
    expect(all.length).toBeGreaterThanOrEqual(actions.length + reads.length);
  });

  it('names actions and kinds of record in words, Vietnamese first, English on request', async () => {
    const reads = await page('?show=reads&action=user.listed');
    expect(reads[0]).toMatchObject({ actionLabel: 'Xem danh sách người dùng', subjectLabel: 'người dùng' });
    const en = await page('?show=reads&action=user.listed', 'en');
    expect(en[0]?.actionLabel).toBe('Listed users');
    const accepted = await page('?action=intake_report.accepted');
    expect(accepted[0]?.actionLabel).toBe('Nhận xử lý phản ánh');
    for (const e of await page('?limit=500&show=all')) {
      expect(e.actionLabel).not.toMatch(/[a-z]+[._][a-z]+/);
      expect(e.subjectLabel).not.toMatch(/_/);
    }
  });

  it('names system actors in words, never by their code (vi first, en on request)', async () => {
    const vi = (await page('?limit=500&show=all')).filter((e) => e.actorType === 'system');
    const en = (await page('?limit=500&show=all', 'en')).filter((e) => e.actorType === 'system');
    const labels = vi.map((e) => e.actorLabel);
    expect(labels).toEqual(
      expect.arrayContaining(['Hệ thống — lịch báo cáo chỉ tiêu', 'Hệ thống — neo nhật ký kiểm toán', 'Hệ thống — khởi tạo lần đầu', 'Hệ thống']),
    );
    expect(en.map((e) => e.actorLabel)).toEqual(expect.arrayContaining(['System — indicator report schedule', 'System']));
    const stored = await db().kysely.selectFrom('audit_log').select('actor_label').where('actor_type', '=', 'system').execute();
    const codes = new Set([...SYSTEM_CODES, ...stored.map((r) => r.actor_label)]);
    for (const e of [...vi, ...en]) {
      expect(codes.has(e.actorLabel), e.actorLabel).toBe(false);
      for (const code of codes) expect(e.actorLabel).not.toContain(code);
      expect(e.actorLabel).not.toMatch(/[a-z]+[.:_-][a-z]+/);
    }
  });

  it('filters by who, what, which record and when', async () => {
    const byOfficer = await page(`?show=all&who=${officer.username.slice(2, 10).toUpperCase()}`);
    expect(byOfficer.length).toBeGreaterThan(0);
    expect(byOfficer.every((e) => e.actorLabel.includes(officer.username))).toBe(true);
    const reportEntries = await page('?show=all&action=intake_report.');
    expect(reportEntries.every((e) => e.action.startsWith('intake_report.'))).toBe(true);
    const submitted = reportEntries.find((e) => e.action === 'intake_report.submitted');
    const subjectId = (
      await db()
        .kysely.selectFrom('audit_log')
        .select('subject_id')
        .where('seq', '=', submitted?.seq as number)
        .executeTakeFirstOrThrow()
    ).subject_id as string;
    const one = await page(`?show=all&subjectType=intake_report&subjectId=${subjectId}`);
    expect(new Set(one.map((e) => e.action))).toEqual(new Set(['intake_report.submitted', 'intake_report.read', 'intake_report.accepted']));
    // the accept happened an hour after the rest
    const early = await page(`?show=all&subjectId=${subjectId}&to=${encodeURIComponent('2026-04-01T02:30:00Z')}`);
    expect(early.map((e) => e.action)).not.toContain('intake_report.accepted');
    const late = await page(`?show=all&subjectId=${subjectId}&from=${encodeURIComponent('2026-04-01T02:30:00Z')}`);
    expect(late.map((e) => e.action)).toEqual(['intake_report.accepted']);
    // a name with LIKE wildcards is taken literally
    expect(await page('?show=all&who=%25')).toEqual([]);
  });

  it('refuses hostile filters with the field named, and lets no one else read the trail', async () => {
    for (const q of [
      '?show=everything',
      '?action=user.listed%27%20or%201%3D1',
      `?who=${'x'.repeat(101)}`,
      '?from=yesterday',
      '?from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z',
      '?subjectType=Intake%20Report',
      '?limit=501',
      '?colour=red',
    ]) {
      const res = await admin.request('GET', `/api/v1/audit${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message, q).toBeTruthy();
    }
    expect((await admin.request('GET', '/api/v1/audit?show=everything')).json().error.message).toMatch(/show/);
    expect((await admin.request('GET', '/api/v1/audit?from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z')).json().error.message).toMatch(/from/);
    expect((await officer.request('GET', '/api/v1/audit')).statusCode).toBe(403);
    expect((await officer.request('GET', '/api/v1/audit/vocabulary')).statusCode).toBe(403);
    const vocab = (await admin.request('GET', '/api/v1/audit/vocabulary')).json();
    expect(vocab.subjects).toContainEqual({ code: 'user', label: 'người dùng' });
  });
});

describe('audit actions in words', () => {
  /** Every action literal the server writes (audit(ctx, trx, 'x.y', …) and action: 'x.y'), read from the source. */
  function actionsInSource(): string[] {
    const root = path.resolve(import.meta.dirname, '..');
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !full.includes(`${path.sep}testing${path.sep}`)) {
          const text = readFileSync(full, 'utf8');
          for (const m of text.matchAll(/audit(?:Many)?\(\s*\w+,\s*[\w.]+,\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1] as string);
          for (const m of text.matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1] as string);
          for (const m of text.matchAll(/audit\([^;]*?\? '([a-z_]+\.[a-z_]+)' : '([a-z_]+\.[a-z_]+)'/g)) {
            found.add(m[1] as string);
            found.add(m[2] as string);
          }
        }
      }
    };
    walk(root);
    return [...found].sort();
  }

  it('names every action the code writes', () => {
    const actions = actionsInSource();
    expect(actions.length).toBeGreaterThan(30);
    // a new action: name its kind of record and what happened in src/audit/actions.ts
    expect(
      actions.filter((a) => !isNamed(a)),
      'actions without words in src/audit/actions.ts',
    ).toEqual([]);
  });

  it('reads a person by name and an unknown system actor as "Hệ thống"', () => {
    expect(actorLabel('vi', 'user', 'Nguyễn Văn A')).toBe('Nguyễn Văn A');
    expect(actorLabel('vi', 'system', 'cron:whatever')).toBe('Hệ thống');
    expect(actorLabel('en', 'system', 'audit:anchor')).toBe('System — audit trail anchoring');
  });

  it('reads an unknown action as words, never as its code', () => {
    expect(actionLabel('vi', 'case_file.archived')).toBe('Thao tác khác trên bản ghi');
    expect(actionLabel('en', 'user.frobnicated')).toBe('Other action on a user');
    expect(isReadAction('user.listed')).toBe(true);
    expect(isReadAction('intake_evidence.revealed')).toBe(false);
  });
});
