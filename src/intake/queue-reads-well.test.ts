import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { GLOSSARY } from './glossary.js';
import { codeFragment } from './reports/list-reports.js';

/**
 * Issue 15 item 5: the queue and the history read well. Open reports by default (merged and
 * rejected behind a filter), a part of a tracking code finds the report, a merge picks from the
 * linked reports the detail lists, and the history and notifications are plain words with names
 * instead of ids, taken from one glossary the console reads too.
 */
const WARD = '00070';
const RAW_CODE = /\b[a-z]+_[a-z_]+\b|\b[0-9a-f]{8}-?[0-9a-f]{4}|[0-9A-HJKMNP-TV-Z]{26}/;

describeEachDb('reporting centre: a queue and a history that read well', (db) => {
  let t: TestApp;
  let admin: Session;
  let officer: Session;
  const now = { t: Date.parse('2026-03-02T08:00:00Z') };
  const submit = async (body: object) => {
    const res = await officer.request('POST', '/api/v1/intake/reports', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; trackingCode: string };
  };
  const list = async (query = '') => {
    const res = await officer.request('GET', `/api/v1/intake/reports${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string; trackingCode: string; status: string }[]).map((r) => r.id);
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now.t) });
    admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
  });
  afterAll(() => t.close());

  let a: { id: string; trackingCode: string };
  let b: { id: string; trackingCode: string };
  let c: { id: string; trackingCode: string };

  it('shows open reports by default; merged and rejected ones behind a filter', async () => {
    a = await submit({ incidentTypes: ['grooming'], description: 'Người lạ rủ gặp', urls: ['https://lua-dao.example/a'] });
    b = await submit({ incidentTypes: ['grooming'], description: 'Cùng trang đó', urls: ['https://lua-dao.example/a'] });
    c = await submit({ incidentTypes: ['cyberbullying'], description: 'Bị chế ảnh' });
    expect((await officer.request('POST', `/api/v1/intake/reports/${c.id}/reject`, { reason: 'no_information' })).statusCode).toBe(200);
    const open = await list();
    expect(open).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(open).not.toContain(c.id);
    expect(await list('?status=closed')).toEqual([c.id]);
    expect(await list('?status=all')).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(await list('?status=rejected')).toEqual([c.id]);
    // hostile filters: named in a 400, nothing listed
    for (const q of ['?status=opened', '?status=%27%20or%201=1', `?q=${'7'.repeat(21)}`, '?limit=-1', '?overdue=maybe']) {
      const res = await officer.request('GET', `/api/v1/intake/reports${q}`);
      expect(res.statusCode, q).toBe(400);
    }
    const bad = await officer.request('GET', '/api/v1/intake/reports?status=opened');
    expect(bad.json().error.message).toMatch(/status/);
  });

  it('finds a report by a part of its tracking code, forgiving case, dashes and look-alike letters', async () => {
    const code = a.trackingCode; // LC-XXXX-XXXX
    const tail = code.slice(-4);
    expect(await list(`?status=all&q=${tail}`)).toContain(a.id);
    expect(await list(`?status=all&q=${encodeURIComponent(code.slice(0, 6).toLowerCase())}`)).toContain(a.id);
    expect(await list(`?status=all&q=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`)).toEqual([a.id]);
    expect(codeFragment('lc-0o1l i')).toBe('00111');
    // wildcards and junk never reach LIKE: "%" and "_" find nothing special
    expect(codeFragment('%_%')).toBe('');
    expect(await list('?status=all&q=%25%25')).toEqual([]);
    expect(await list('?status=all&q=UUUU')).toEqual([]);
    expect(await list('?status=all&q=%20')).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
  });

  it('merges into a report picked from the linked reports the detail lists', async () => {
    const detail = (await officer.request('GET', `/api/v1/intake/reports/${b.id}`)).json();
    const linked = detail.links.find((l: { trackingCode: string }) => l.trackingCode === a.trackingCode);
    expect(linked).toMatchObject({ reportId: a.id, reason: 'url', status: 'new' });
    const merged = await officer.request('POST', `/api/v1/intake/reports/${b.id}/merge`, { into: linked.reportId });
    expect(merged.json()).toMatchObject({ status: 'merged' });
    expect(await list()).not.toContain(b.id);
    expect(await list('?status=merged')).toEqual([b.id]);
    const after = (await officer.request('GET', `/api/v1/intake/reports/${b.id}`)).json();
    expect(after.mergedIntoCode).toBe(a.trackingCode);
    const event = after.events.find((e: { type: string }) => e.type === 'merged');
    expect(event).toMatchObject({ title: 'Gộp vào phản ánh khác', text: `Gộp vào phản ánh ${a.trackingCode}.` });
  });

  it('writes the history with names, never ids or codes, in Vietnamese and English', async () => {
    const unit = await db().kysely.selectFrom('units').select(['full_name', 'name_en']).where('id', '=', WARD).executeTakeFirstOrThrow();
    const agency = await db().kysely.selectFrom('agencies').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow();
    expect((await officer.request('POST', `/api/v1/intake/reports/${a.id}/accept`)).statusCode).toBe(200);
    const res = await officer.request('POST', `/api/v1/intake/reports/${a.id}/handover`, {
      victimSupport: true,
      violationHandling: true,
      unitId: WARD,
      agencyId: agency.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const vi = (await officer.request('GET', `/api/v1/intake/reports/${a.id}`)).json();
    const handover = vi.events.find((e: { type: string }) => e.type === 'handed_over');
    expect(handover.title).toBe('Bàn giao');
    expect(handover.text).toBe(`Bàn giao cho ${unit.full_name} và ${agency.name} để hỗ trợ nạn nhân và xử lý vi phạm.`);
    expect(vi.events.map((e: { title: string }) => e.title)).toEqual(['Phản ánh được gửi đến', 'Nhận xử lý', 'Bàn giao']);
    expect(vi.events[0].text).toMatch(/^Qua (Trang công khai|Đối tác \(API\)), mức P[1-4] — [^.]+\.$/);
    expect(vi.handovers[0]).toMatchObject({ unitName: unit.full_name, agencyName: agency.name });
    for (const e of vi.events) {
      expect(`${e.title} ${e.text}`).not.toMatch(RAW_CODE);
      expect(e).not.toHaveProperty('detail');
    }
    const en = (await officer.request('GET', `/api/v1/intake/reports/${a.id}`, undefined, { 'accept-language': 'en' })).json();
    expect(en.events.find((e: { type: string }) => e.type === 'handed_over').text).toMatch(/^Handed over to .+ for victim support and violation handling\.$/);
    // "tiếp nhận" names the intake desk only: accepting is "nhận xử lý"
    expect(JSON.stringify(GLOSSARY.events)).not.toMatch(/[Tt]iếp nhận/);
    expect(GLOSSARY.statuses.accepted.vi).toBe('Đã nhận xử lý');
  });

  it('names the steps case management adds to the history: the hand-over taken, case work under way', async () => {
    const handover = (await officer.request('GET', `/api/v1/intake/reports/${a.id}`)).json().handovers[0] as { id: string };
    const worker = await t.staff('case_worker', { unitId: WARD });
    const taken = await worker.request('POST', `/api/v1/cases/handovers/${handover.id}/take`, {});
    expect(taken.statusCode, taken.body).toBe(201);
    const events = (await officer.request('GET', `/api/v1/intake/reports/${a.id}`)).json().events as { type: string; title: string }[];
    expect(events.slice(-2).map((e) => e.title)).toEqual(['Đơn vị nhận bàn giao', 'Đang xử lý hồ sơ vụ việc']);
    expect(events.map((e) => e.title)).not.toContain('Thay đổi khác');
    const en = (await officer.request('GET', `/api/v1/intake/reports/${a.id}`, undefined, { 'accept-language': 'en' })).json();
    expect(en.events.slice(-2).map((e: { title: string }) => e.title)).toEqual(['Hand-over taken', 'Case work under way']);
  });

  it('words notifications from the glossary: "quá hạn xác nhận", "hỗ trợ nạn nhân", P2 the same word as in the queue', async () => {
    const urgent = await submit({ incidentTypes: ['self_harm'], imminentDanger: true, description: 'Bạn em nói muốn tự tử', victim: { unitId: WARD } });
    now.t += 20 * 60_000;
    expect((await admin.request('POST', '/api/v1/intake/sla/sweep')).statusCode).toBe(200);
    const notes = (await officer.request('GET', '/api/v1/intake/notifications?limit=100')).json().items as {
      reportId: string;
      kind: string;
      message: string;
    }[];
    const overdue = notes.find((n) => n.reportId === urgent.id && n.kind === 'overdue');
    expect(overdue?.message).toMatch(/đã quá hạn xác nhận$/);
    const caseWorker = await t.staff('case_worker', { unitId: WARD });
    const handed = (await caseWorker.request('GET', '/api/v1/intake/notifications?limit=100')).json().items as { reportId: string; message: string }[];
    expect(handed.find((n) => n.reportId === a.id)?.message).toBe(
      `Phản ánh ${a.trackingCode} được bàn giao cho đơn vị của bạn để hỗ trợ nạn nhân và xử lý vi phạm`,
    );
    const en = (await officer.request('GET', '/api/v1/intake/notifications?limit=100', undefined, { 'accept-language': 'en' })).json().items as {
      reportId: string;
      kind: string;
      message: string;
    }[];
    expect(en.find((n) => n.reportId === urgent.id && n.kind === 'overdue')?.message).toMatch(/is overdue for acknowledgement$/);
    for (const n of [...notes, ...handed, ...en]) expect(n.message).not.toMatch(RAW_CODE);
    for (const n of notes.filter((x) => /mức/.test(x.message))) expect(n.message).toMatch(/mức P[1-4] — (Khẩn cấp|Cao|Trung bình|Thấp)/);
  });

  it('serves the glossary to the console with the vocabulary, in the reader language', async () => {
    const vi = (await officer.request('GET', '/api/v1/intake/vocabulary')).json();
    expect(vi.priorities).toContainEqual({ code: 'p2', label: 'P2 — Cao' });
    expect(vi.needs).toContainEqual({ code: 'victim_support', label: 'hỗ trợ nạn nhân' });
    expect(vi.rejectReasons).toContainEqual({ code: 'no_information', label: 'Không đủ thông tin' });
    const en = (await officer.request('GET', '/api/v1/intake/vocabulary', undefined, { 'accept-language': 'en' })).json();
    expect(en.statuses).toContainEqual({ code: 'accepted', label: 'Accepted' });
  });
});
