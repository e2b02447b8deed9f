/**
 * Issue 13's privacy check: a child's distinctive name, phone and school, given through the real
 * routes (a partner's report with them in its description, contact and file name, a hand-over
 * note, the case it becomes: the child's registration, a guardian's phone, a note), must not appear in the database's bytes — the SQLite file and its WAL, or a pg_dump of
 * the PostgreSQL database — nor in any file of the data dir. Searched as written, decomposed
 * (NFD), folded without accents (as search keys are stored), and lower-cased.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { png } from '../src/evidence/test-files.js';
import { foldVietnamese as foldText } from '../src/shared/text.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/app.js';
import { describeEachDb } from '../src/testing/databases.js';

const WARD_A = '00070';
const CHILD = { name: 'Phùng Thị Diệu Linh', phone: '0987 654 321', school: 'Trường THCS Quỳnh Lôi Xanh' };

/** Every form the secrets could take in stored text. */
function needles(): string[] {
  const out = new Set<string>();
  for (const s of [CHILD.name, CHILD.phone, CHILD.school, CHILD.phone.replace(/\s/g, '')]) {
    for (const v of [s, s.normalize('NFD'), foldText(s)]) {
      out.add(v);
      out.add(v.toLocaleLowerCase('vi'));
    }
  }
  // The distinctive parts alone (a name split across columns, a school without "Trường THCS").
  for (const part of ['Diệu Linh', 'Quỳnh Lôi Xanh', '654 321', '654321']) {
    out.add(part);
    out.add(foldText(part));
  }
  return [...out];
}

/** Which needles occur in these bytes (read as UTF-8 text, lower-cased). */
function found(bytes: Buffer, where: string): string[] {
  const text = bytes.toString('utf8');
  const lower = text.toLocaleLowerCase('vi');
  return needles()
    .filter((n) => text.includes(n) || lower.includes(n.toLocaleLowerCase('vi')))
    .map((n) => `${where}: ${n}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

describeEachDb('encryption scan: a child’s name, phone and school are nowhere in the stored bytes', (db, dialect) => {
  let t: TestApp;
  let officer: Session;

  beforeAll(async () => {
    t = await createTestApp(db());
    const admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
    const token = (await admin.request('POST', '/api/v1/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] })).json().secret as string;
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'scan-1' },
      payload: {
        incidentTypes: ['sextortion'],
        description: `Em ${CHILD.name}, học sinh ${CHILD.school}, bị một tài khoản đe doạ tung ảnh. Số của em: ${CHILD.phone}.`,
        urls: ['https://social.example/p/1'],
        reportedAccounts: [{ platform: 'facebook', account: '@ke.xau.99' }],
        victim: { ageBand: '11_14', unitId: WARD_A },
        reporter: { kind: 'parent_relative', name: `Mẹ của ${CHILD.name}`, phone: CHILD.phone, consentToContact: true },
        files: [{ filename: `${CHILD.name} - ${CHILD.school}.png`, contentBase64: (await png(40, 30)).toString('base64') }],
      },
    });
    expect(report.statusCode).toBe(201);
    const id = report.json().id as string;
    const handed = await officer.request('POST', `/api/v1/intake/reports/${id}/handover`, {
      victimSupport: true,
      violationHandling: true,
      unitId: WARD_A,
      note: `Liên hệ ${CHILD.name} qua số ${CHILD.phone}, trường ${CHILD.school}`,
    });
    expect(handed.statusCode).toBe(200);
    // The ward takes it into a case and registers the child with name, guardian's phone and school.
    const worker = await t.staff('case_worker', { unitId: WARD_A });
    const h = await db().kysely.selectFrom('intake_handovers').select('id').where('report_id', '=', id).executeTakeFirstOrThrow();
    const taken = await worker.request('POST', `/api/v1/cases/handovers/${h.id}/take`, {});
    expect(taken.statusCode).toBe(201);
    const registered = await worker.request('POST', `/api/v1/cases/${taken.json().id}/registration`, {
      version: taken.json().version,
      ageBand: '11_14',
      gender: 'female',
      name: CHILD.name,
      guardians: [{ name: `Bố của ${CHILD.name}`, relation: 'bố', phone: CHILD.phone }],
      safeContact: `Gặp ở ${CHILD.school}, gọi ${CHILD.phone} sau 17 giờ`,
    });
    expect(registered.statusCode).toBe(200);
    const noted = await worker.request('POST', `/api/v1/cases/${taken.json().id}/notes`, {
      version: registered.json().version,
      text: `${CHILD.name} đã đi học lại ở ${CHILD.school}`,
    });
    expect(noted.statusCode).toBe(200);
    // The data reads back (so it was stored, sealed, not dropped).
    const detail = (await officer.request('GET', `/api/v1/intake/reports/${id}`)).json();
    expect(detail.description).toContain(CHILD.name);
    expect(detail.handovers[0].note).toContain(CHILD.school);
    const child = await worker.request('POST', `/api/v1/cases/${taken.json().id}/reveal`, { reason: 'Liên hệ gia đình để hẹn tư vấn' });
    expect(child.statusCode).toBe(200);
    expect(JSON.stringify(child.json())).toContain(CHILD.name);
  });
  afterAll(() => t.close());

  it('none of them in the database bytes (SQLite file and WAL / pg_dump)', async () => {
    const hits: string[] = [];
    if (dialect === 'sqlite') {
      const file = db().file as string;
      for (const f of [file, `${file}-wal`, `${file}-journal`]) if (existsSync(f)) hits.push(...found(readFileSync(f), path.basename(f)));
      expect(existsSync(`${file}-wal`)).toBe(true); // the recent writes are in the WAL: it was scanned
    } else {
      const dump = execFileSync('/usr/bin/pg_dump', ['--no-owner', db().url as string], { maxBuffer: 256 * 1024 * 1024 });
      expect(dump.toString('utf8')).toContain('intake_reports'); // it is the right database
      hits.push(...found(dump, 'pg_dump'));
    }
    expect(hits).toEqual([]);
  });

  it('none of them in the data dir (evidence files, key files)', () => {
    const files = filesUnder(t.deps.config.dataDir);
    expect(files.some((f) => f.endsWith('.lce'))).toBe(true);
    expect(files.flatMap((f) => found(readFileSync(f), path.relative(t.deps.config.dataDir, f)))).toEqual([]);
  });

  it('the scan itself finds them when they are there (a plain copy is caught)', () => {
    expect(found(Buffer.from(`x ${foldText(CHILD.name)} y`), 'probe')).not.toEqual([]);
    expect(found(Buffer.from(`x ${CHILD.school.normalize('NFD')} y`), 'probe')).not.toEqual([]);
    expect(found(Buffer.from('0987654321'), 'probe')).not.toEqual([]);
  });
});
