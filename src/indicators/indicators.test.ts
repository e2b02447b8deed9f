import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../documents/read-docx.js';
import { DEFAULT_SETTINGS, saveCoverageSettings } from '../programmes/coverage/settings.js';
import { createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { FIXTURE_CASES_EXPECTED, insertFixtureCases } from '../testing/indicator-fixture-cases.js';
import { computeIndicators } from './compute.js';
import { generateDueReports } from './generate-report.js';
import { addMonths, checkPeriod, lastCompletePeriod, trendBuckets } from './periods.js';
import { refreshRollup } from './refresh-rollup.js';
import { reportContent } from './report-content.js';
import { DEFAULT_ISSUER, writeReportDocx } from './report-docx.js';
import type { Place } from './rollup.js';
import { exportValue } from './suppress.js';
import { FIXTURE_EXPECTED, FIXTURE_NOW, insertFixtureCity, JANUARY } from './test-fixtures.js';

type Ind = {
  code: string;
  status: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  breakdown: Array<{ dimension: string; key: string; label: string; value: number }>;
  definition: { numerator: string };
};
const E = FIXTURE_EXPECTED.january;
const C = FIXTURE_CASES_EXPECTED;
const q = (p: { from: string; to: string }, extra = '') => `from=${p.from}&to=${p.to}${extra}`;

describe('periods and suppression (no database)', () => {
  it('computes periods, buckets and the last complete periods', () => {
    expect(addMonths('2025-11-01', 3)).toBe('2026-02-01');
    expect(lastCompletePeriod('half_year', '2026-03-15')).toEqual({ from: '2025-07-01', to: '2026-01-01' });
    expect(lastCompletePeriod('quarterly', '2026-01-01')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(trendBuckets({ from: '2025-02-10', to: '2025-07-01' }, 'quarter').map((b) => b.from)).toEqual(['2025-01-01', '2025-04-01']);
    expect(() => checkPeriod({ from: '2026-02-30', to: '2026-03-01' }, '2026-03-15')).toThrow(/indicators_bad_date/);
  });

  it('suppresses small cells and percentages that would reveal one', () => {
    expect(exportValue({ status: 'ok', value: 3, numerator: 3, denominator: null, unit: 'count' }, 'vi').value).toBe('<5');
    expect(exportValue({ status: 'ok', value: 0, numerator: 0, denominator: null, unit: 'count' }, 'vi').value).toBe(0);
    // 18 of 20: two children not supported — hidden
    expect(exportValue({ status: 'ok', value: 90, numerator: 18, denominator: 20, unit: 'percent' }, 'vi')).toEqual({
      value: '*',
      numerator: '*',
      denominator: 20,
    });
    expect(exportValue({ status: 'ok', value: 50, numerator: 10, denominator: 20, unit: 'percent' }, 'vi')).toEqual({
      value: 50,
      numerator: 10,
      denominator: 20,
    });
    expect(exportValue({ status: 'no_feed', value: null, numerator: null, denominator: null, unit: 'percent' }, 'vi').value).toMatch(/Chưa có dữ liệu/);
  });
});

describeEachDb('indicators', (db) => {
  let t: TestApp;
  let leader: Session;
  let schools: Record<string, string>;
  const get = async (url: string, s: Session = leader) => {
    const res = await s.request('GET', `/api/v1${url}`);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res;
  };
  const indicators = async (query: string): Promise<Record<string, Ind> & { asOf?: string | null }> => {
    const body = (await get(`/indicators?${query}`)).json() as { asOf: string | null; indicators: Ind[] };
    return Object.assign(Object.fromEntries(body.indicators.map((i) => [i.code, i])), { asOf: body.asOf });
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => FIXTURE_NOW });
    ({ schools } = await insertFixtureCity(db().kysely));
    await insertFixtureCases(t.deps, schools);
    // the fixture city counts a school covered after one session (its coverage setting N = 1)
    await saveCoverageSettings(db().kysely, { ...DEFAULT_SETTINGS, minSessions: 1 }, FIXTURE_NOW.toISOString());
    leader = await t.staff('city_leader');
  }, 60_000);
  afterAll(() => t.close());

  function expectJanuary(i: Record<string, Ind>): void {
    expect(i.reports_received).toMatchObject({ status: 'ok', value: E.reports });
    const channels = Object.fromEntries(i.reports_received?.breakdown.filter((b) => b.dimension === 'channel').map((b) => [b.key, b.value]) ?? []);
    expect(channels).toEqual(E.reportsByChannel);
    const cats = Object.fromEntries(i.reports_received?.breakdown.filter((b) => b.dimension === 'category').map((b) => [b.key, b.value]) ?? []);
    expect(cats).toEqual(E.reportsByCategory);
    expect(i.ack_within_sla).toMatchObject({ status: 'ok', ...E.ack });
    expect(i.action_within_sla).toMatchObject({ status: 'ok', ...E.action });
    expect(i.detection_outcomes).toMatchObject({ value: E.detection });
    expect(i.takedowns_removed).toMatchObject(E.takedowns);
    expect(i.blocked_lookups).toMatchObject({ value: E.blocked });
    expect(i.programme_coverage).toMatchObject({ status: 'ok', ...E.coverage });
    // the cases, hand-counted in src/testing/indicator-fixture-cases.ts (K4's consent refused: left out)
    expect(i.victims_supported).toMatchObject({ status: 'ok', ...C.january.victims });
    expect(i.violators_handled).toMatchObject({ status: 'ok', ...C.january.violators });
  }

  it('computes the fixture city’s January by hand, read live from the feeds, with names not codes', async () => {
    const i = await indicators(q(JANUARY));
    expectJanuary(i);
    expect(i.asOf).toBeNull();
    const labels = i.reports_received?.breakdown.map((b) => b.label) ?? [];
    expect(labels.every((l) => l.length > 0 && !/^[a-z_]+$/.test(l))).toBe(true);
  });

  it('answers the same from the monthly rollup after the job ran, for the city, a ward and a school', async () => {
    const run = await refreshRollup(db().kysely, FIXTURE_NOW);
    expect(run.months).toContain('2026-01');
    const i = await indicators(q(JANUARY));
    expectJanuary(i);
    expect(i.asOf).toBe(FIXTURE_NOW.toISOString());
    const ward = await indicators(q(JANUARY, '&unitId=00070'));
    expect(ward.reports_received?.value).toBe(2);
    expect(ward.blocked_lookups?.value).toBe(E.blockedHoanKiem);
    expect(ward.programme_coverage).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(ward.detection_outcomes).toBeUndefined();
    const school = await indicators(q(JANUARY, `&schoolId=${schools['DEMO-TH-01']}`));
    expect(
      Object.keys(school)
        .filter((k) => k !== 'asOf')
        .sort(),
    ).toEqual(['blocked_lookups', 'programme_coverage']);
    expect(school.blocked_lookups?.value).toBe(10);
    // the ward rollup (the city's read) holds exactly the school rows folded per ward
    const folded = async (table: 'indicator_monthly' | 'indicator_monthly_ward') =>
      (
        await db()
          .kysely.selectFrom(table)
          .select(['metric', 'month', 'unit_id', 'dim1', 'dim2'])
          .select((eb) => eb.fn.sum<number>('value').as('v'))
          .groupBy(['metric', 'month', 'unit_id', 'dim1', 'dim2'])
          .execute()
      )
        .map((r) => `${r.metric}|${r.month}|${r.unit_id}|${r.dim1}|${r.dim2}=${Number(r.v)}`)
        .sort();
    const wardRows = await folded('indicator_monthly_ward');
    expect(wardRows.length).toBeGreaterThan(0);
    expect(wardRows).toEqual(await folded('indicator_monthly'));
    // a quarter: January and February together from the rollup (February: one more report)
    const quarter = await indicators(q({ from: '2026-01-01', to: '2026-04-01' }));
    expect(quarter.reports_received?.value).toBe(5);
    expect(quarter.programme_coverage).toMatchObject({ numerator: 3, denominator: 6 });
  });

  it('answers the three targets from the rollup exactly as live from the feeds, for every place and period shape', async () => {
    await refreshRollup(db().kysely, FIXTURE_NOW);
    // the month's sessions per school, under the ward of its latest session (fixture: Jan TH1 1, THCS1 2; Feb THPT1 1)
    const rolled = await db()
      .kysely.selectFrom('indicator_coverage_monthly')
      .select(['month', 'school_id', 'unit_id', 'sessions'])
      .orderBy('month')
      .orderBy('unit_id')
      .execute();
    expect(rolled.map((r) => [r.month, r.school_id, r.unit_id, Number(r.sessions)])).toEqual([
      ['2026-01', schools['DEMO-THCS-01'], '00004', 2],
      ['2026-01', schools['DEMO-TH-01'], '00070', 1],
      ['2026-02', schools['DEMO-THPT-01'], '00004', 1],
    ]);
    const thcs = schools['DEMO-THCS-01'] as string;
    const compare = async () => {
      const now = FIXTURE_NOW.toISOString();
      const places: Place[] = [{ kind: 'city' }, { kind: 'ward', unitId: '00070' }, { kind: 'ward', unitId: '00004' }, { kind: 'school', schoolId: thcs }];
      // January (rolled), the quarter (Jan–Feb rolled, March open: live), the year (most months not built), not whole months (live)
      const periods = [JANUARY, { from: '2026-01-01', to: '2026-04-01' }, { from: '2026-01-01', to: '2027-01-01' }, { from: '2026-01-10', to: '2026-02-20' }];
      for (const period of periods)
        for (const place of places) {
          const base = { period, place, minSessions: 1, now, lang: 'vi' as const };
          const [fast, naive] = await Promise.all([computeIndicators(db().kysely, base), computeIndicators(db().kysely, { ...base, live: true })]);
          expect(fast.indicators, `${period.from}–${period.to} ${JSON.stringify(place)}`).toEqual(naive.indicators);
          for (const minSessions of [2, 3]) {
            const [f2, n2] = await Promise.all([
              computeIndicators(db().kysely, { ...base, minSessions }),
              computeIndicators(db().kysely, { ...base, minSessions, live: true }),
            ]);
            expect(f2.indicators.find((i) => i.code === 'programme_coverage')).toEqual(n2.indicators.find((i) => i.code === 'programme_coverage'));
          }
        }
      return (
        await computeIndicators(db().kysely, { period: { from: '2026-01-01', to: '2027-01-01' }, place: { kind: 'city' }, minSessions: 1, now, lang: 'vi' })
      ).indicators;
    };
    const year = Object.fromEntries((await compare()).map((i) => [i.code, i]));
    // the year: K3's service (3 Feb) and K6's decision (20 Feb) count now, after their January opening
    expect(year.victims_supported).toMatchObject({ status: 'ok', ...C.year2026.victims });
    expect(year.violators_handled).toMatchObject({ status: 'ok', ...C.year2026.violators });
    expect(year.programme_coverage).toMatchObject({ numerator: 3, denominator: 6 });
    // THCS 1 holds February's session in Hoàn Kiếm: over the quarter it counts there (its latest
    // session), in January still in Ba Đình — the same from the rollup as from the feed
    await db()
      .kysely.insertInto('programme_sessions')
      .values({
        ...(await db().kysely.selectFrom('programme_sessions').selectAll().where('id', '=', 'fx-s2').executeTakeFirstOrThrow()),
        id: 'fx-moved',
        unit_id: '00070',
        held_on: '2026-02-20',
      })
      .execute();
    try {
      await refreshRollup(db().kysely, FIXTURE_NOW);
      await compare();
      expect((await indicators(q({ from: '2026-01-01', to: '2026-04-01' }, '&unitId=00070'))).programme_coverage).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect((await indicators(q(JANUARY, '&unitId=00004'))).programme_coverage).toMatchObject({ numerator: 1 });
    } finally {
      await db().kysely.deleteFrom('programme_sessions').where('id', '=', 'fx-moved').execute();
      await refreshRollup(db().kysely, FIXTURE_NOW);
    }
  });

  it('ranks wards (every ward listed, those without schools as no data) and a ward’s schools', async () => {
    const wards = (await get(`/indicators/programme_coverage/ranking?${q(JANUARY)}`)).json().items as Array<{
      id: string;
      name: string;
      status: string;
      value: number | null;
    }>;
    const byId = Object.fromEntries(wards.map((w) => [w.id, w]));
    expect(byId['00070']).toMatchObject({ value: 50, name: 'Hoàn Kiếm' });
    expect(byId['00004']).toMatchObject({ value: 50 });
    expect(byId['00082']).toMatchObject({ value: 0 });
    expect(wards.length).toBeGreaterThan(100);
    expect(wards.filter((w) => w.status === 'no_data').every((w) => w.value === null)).toBe(true);
    const inWard = (await get(`/indicators/blocked_lookups/ranking?${q(JANUARY, '&unitId=00070')}`)).json().items;
    expect(inWard.map((s: { value: number }) => s.value)).toEqual([10, 0]);
    expect((await leader.request('GET', `/api/v1/indicators/detection_outcomes/ranking?${q(JANUARY)}`)).statusCode).toBe(400);
  });

  it('gives a trend month by month, and "no data" for a period with nothing to divide by', async () => {
    const trend = (await get(`/indicators/ack_within_sla/trend?from=2025-12-01&to=2026-03-01&grain=month`)).json().items;
    expect(trend.map((p: { from: string; status: string; value: number | null }) => [p.from, p.status, p.value])).toEqual([
      ['2025-12-01', 'no_data', null],
      ['2026-01-01', 'ok', 33.3],
      ['2026-02-01', 'ok', 100],
    ]);
    const empty = await indicators(q({ from: '2024-01-01', to: '2024-02-01' }));
    expect(empty.ack_within_sla).toMatchObject({ status: 'no_data', value: null });
    expect(empty.reports_received).toMatchObject({ status: 'ok', value: 0 });
    expect(empty.programme_coverage).toMatchObject({ status: 'ok', value: 0, denominator: 6 });
  });

  it('counts a school that moved ward (2025 reorganisation) in its ward today, live and in the rollup', async () => {
    const thcs = schools['DEMO-THCS-01'] as string;
    await db().kysely.updateTable('schools').set({ unit_id: '00070' }).where('id', '=', thcs).execute();
    try {
      // a non-month period is read live; whole months from the rollup once the job restated the school
      const live = await indicators(q({ from: '2026-01-01', to: '2026-01-31' }, '&unitId=00070'));
      expect(live.blocked_lookups?.value).toBe(20);
      const run = await refreshRollup(db().kysely, FIXTURE_NOW);
      expect(run.restated).toBe(1);
      // the city's ward-level read follows the move (the ward rollup refolded)
      const cityWards = (await get(`/indicators/blocked_lookups/ranking?${q(JANUARY)}`)).json().items as Array<{ id: string; value: number | null }>;
      expect(cityWards.find((w) => w.id === '00070')?.value).toBe(20);
      expect((await indicators(q(JANUARY, '&unitId=00070'))).blocked_lookups?.value).toBe(20);
      expect((await indicators(q(JANUARY, '&unitId=00004'))).blocked_lookups?.value).toBe(0);
      // coverage follows the programmes feed: the ward the sessions were recorded in
      expect((await indicators(q(JANUARY, '&unitId=00004'))).programme_coverage).toMatchObject({ numerator: 1 });
    } finally {
      await db().kysely.updateTable('schools').set({ unit_id: '00004' }).where('id', '=', thcs).execute();
      await refreshRollup(db().kysely, FIXTURE_NOW);
    }
    expect((await indicators(q(JANUARY, '&unitId=00004'))).blocked_lookups?.value).toBe(10);
  });

  it('exports CSV with small cells suppressed and says so', async () => {
    const csv = (await get(`/indicators/export.csv?view=summary&${q(JANUARY)}`)).body;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const line = (label: string) => csv.split('\r\n').find((l) => l.startsWith(label)) ?? '';
    expect(line('Phản ánh tiếp nhận')).toContain(',<5,');
    expect(line('Lượt truy cập bị chặn')).toContain(',20,');
    expect(line('Phản ánh được xác nhận đúng hạn')).toContain(',*,');
    expect(line('Trẻ bị hại được hỗ trợ')).toContain(',*,');
    expect(csv).toContain('Bảo vệ trẻ em: các số từ 1 đến 4');
    const ranking = (await get(`/indicators/export.csv?view=ranking&code=blocked_lookups&${q(JANUARY)}`)).body;
    expect(ranking).toContain('Hoàn Kiếm,10,10,');
    const trend = (await get(`/indicators/export.csv?view=trend&code=reports_received&from=2026-01-01&to=2026-03-01`)).body;
    expect(trend).toContain('2026-01-01,2026-02-01,<5');
    const raw = (await get(`/indicators/raw.csv?${q(JANUARY)}`)).body;
    expect(raw).toContain('2026-01,Hoàn Kiếm,Trường Tiểu học Lá Chắn 1 (Demo),Lượt truy cập bị chặn');
    expect(raw).not.toMatch(/fx-r\d|00070/);
    const entry = await db().kysely.selectFrom('audit_log').select('action').where('action', '=', 'indicators.raw_exported').executeTakeFirst();
    expect(entry).toBeDefined();
  });

  it('exports programme coverage exactly in every CSV view, as the .xlsx and .docx print it (it counts schools, not children)', async () => {
    const read = async (url: string) => parse((await get(url)).body, { bom: true, relax_column_count: true }) as string[][];
    type Item = { name: string; status: string; value: number | null; numerator: number | null; denominator: number | null };
    // every place of the ranking as the API gives it — 1 of 2 schools is "1" and "2", not "<5" and "*"
    for (const place of ['', '&unitId=00070']) {
      const items = (await get(`/indicators/programme_coverage/ranking?${q(JANUARY, place)}`)).json().items as Item[];
      const csv = await read(`/indicators/export.csv?view=ranking&code=programme_coverage&${q(JANUARY, place)}`);
      const byName = new Map(csv.slice(1).map((r) => [r[0], r.slice(1)]));
      const ok = items.filter((i) => i.status === 'ok');
      expect(
        ok.some((i) => (i.numerator ?? 0) > 0 && (i.numerator ?? 0) < 5),
        place,
      ).toBe(true);
      for (const i of ok) expect(byName.get(i.name), `${place} ${i.name}`).toEqual([String(i.value), String(i.numerator), String(i.denominator)]);
      expect(csv.flat()).not.toContain('<5');
      expect(csv.flat()).not.toContain('*');
      expect(csv.at(-1)).toEqual(['Không loại trừ: đếm trường và buổi học, không đếm trẻ em.']);
    }
    const summary = await read(`/indicators/export.csv?view=summary&${q(JANUARY)}`);
    const coverage = summary.find((r) => r[0] === 'Trường, cơ sở được giáo dục an toàn trực tuyến');
    expect(coverage?.slice(2, 6)).toEqual([String(E.coverage.value), '%', String(E.coverage.numerator), String(E.coverage.denominator)]);
    // the children's figures beside it are still suppressed
    expect(summary.find((r) => r[0] === 'Phản ánh tiếp nhận')?.[2]).toBe('<5');
    const trend = await read(`/indicators/export.csv?view=trend&code=programme_coverage&from=2026-01-01&to=2026-03-01`);
    const points = (await get(`/indicators/programme_coverage/trend?from=2026-01-01&to=2026-03-01&grain=month`)).json().items as Array<Item & { from: string }>;
    expect(trend.slice(1, 3).map((r) => [r[0], r[2], r[3], r[4]])).toEqual(
      points.map((p) => [p.from, p.status === 'ok' ? String(p.value) : expect.any(String), String(p.numerator ?? ''), String(p.denominator ?? '')]),
    );
    const english = parse(
      (await leader.request('GET', `/api/v1/indicators/export.csv?view=ranking&code=programme_coverage&${q(JANUARY)}`, undefined, { 'accept-language': 'en' }))
        .body,
      {
        bom: true,
        relax_column_count: true,
      },
    ) as string[][];
    expect(english.at(-1)).toEqual(['Nothing excluded: counts schools and sessions, not children.']);
  });

  it('refuses hostile input with a 4xx naming the field, and writes no report', async () => {
    const before = await db()
      .kysely.selectFrom('indicator_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: Array<[string, number, RegExp]> = [
      ['/indicators?from=abc&to=2026-02-01', 400, /from/],
      ['/indicators?from=2026-02-30&to=2026-03-01', 400, /^Mục "Ngày đầu kỳ": ngày không hợp lệ/],
      ['/indicators?from=2027-01-01&to=2027-02-01', 400, /^Mục "Ngày đầu kỳ": kỳ báo cáo không thể bắt đầu trong tương lai/],
      ['/indicators?from=2026-02-01&to=2026-01-01', 400, /^Mục "Ngày sau ngày cuối kỳ": ngày kết thúc phải sau/],
      ['/indicators?from=2019-01-01&to=2019-02-01', 400, /^Mục "Ngày đầu kỳ": kỳ báo cáo không thể bắt đầu trước/],
      ['/indicators?from=2020-01-01&to=2031-01-01', 400, /^Mục "Ngày sau ngày cuối kỳ": kỳ báo cáo dài quá 10 năm/],
      [`/indicators?${q(JANUARY)}&unitId=99999`, 400, /^Mục "Phường\/xã": không có phường, xã này/],
      [`/indicators?${q(JANUARY)}&schoolId=${'x'.repeat(5000)}`, 400, /schoolId/],
      [`/indicators?${q(JANUARY)}&minSessions=-1`, 400, /minSessions/],
      [`/indicators/nope/trend?${q(JANUARY)}`, 404, /./],
      [`/indicators/reports_received/trend?${q(JANUARY)}&grain=week`, 400, /grain/],
      [`/indicators/export.csv?view=pie&${q(JANUARY)}`, 400, /view/],
    ];
    for (const [url, status, field] of cases) {
      const res = await leader.request('GET', `/api/v1${url}`);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.message, url).toMatch(field);
    }
    const posts: Array<[unknown, RegExp]> = [
      [{ kind: 'weekly', year: 2026 }, /kind/],
      [{ kind: 'monthly', year: 2026, index: 13 }, /index/],
      [{ kind: 'quarterly', year: 2026, index: 5 }, /^Mục "Kỳ số": số thứ tự kỳ phải từ 1 đến 4\.$/],
      [{ kind: 'monthly' }, /^Mục "Năm" là bắt buộc/],
      [{ kind: 'monthly', year: 2030, index: 1 }, /^Mục "Ngày đầu kỳ": /],
      [{ kind: 'ad_hoc', from: '2026-01-01' }, /^Mục "Ngày sau ngày cuối kỳ" là bắt buộc/],
      [{ kind: 'ad_hoc', from: '2026-01-01', to: '2026-01-01' }, /^Mục "Ngày sau ngày cuối kỳ": ngày kết thúc phải sau/],
      [{ kind: 'annual', year: '2026; drop table' }, /year/],
    ];
    for (const [body, field] of posts) {
      const res = await leader.request('POST', '/api/v1/indicators/reports', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(field);
    }
    const after = await db()
      .kysely.selectFrom('indicator_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps indicators from those who may not read them', async () => {
    const worker = await t.staff('case_worker', { unitId: '00070' });
    expect((await worker.request('GET', `/api/v1/indicators?${q(JANUARY)}`)).statusCode).toBe(403);
    expect((await worker.request('POST', '/api/v1/indicators/reports', { kind: 'monthly', year: 2026, index: 1 })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/indicators?${q(JANUARY)}` })).statusCode).toBe(401);
  });

  it('generates a monthly report whose .xlsx and .docx, read back, hold the right numbers', async () => {
    const res = await leader.request('POST', '/api/v1/indicators/reports', { kind: 'monthly', year: 2026, index: 1 });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ kind: 'monthly', kindLabel: 'Báo cáo tháng', from: '2026-01-01', to: '2026-02-01', origin: 'request' });
    const list = (await get('/indicators/reports')).json().items;
    expect(list.map((r: { id: string }) => r.id)).toContain(made.id);

    const xlsxRes = await get(`/indicators/reports/${made.id}/xlsx`);
    expect(xlsxRes.headers['content-disposition']).toContain('filename="bao-cao-thang-1-nam-2026.xlsx"');
    const xlsx = xlsxRes.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Tổng hợp');
    const rows = new Map<string, unknown[]>();
    summary?.eachRow((r) => {
      const v = r.values as unknown[];
      rows.set(String(v[1]), v.slice(1));
    });
    // programme coverage counts schools, not children: exported exactly (issue 14), the others still suppressed
    expect(rows.get('Trường, cơ sở được giáo dục an toàn trực tuyến')?.slice(1, 5)).toEqual([E.coverage.value, '%', E.coverage.numerator, 6]);
    // the period as a reader writes it, its last day included; January is over on 15 March: no note
    expect([...rows.keys()]).toContain('Kỳ báo cáo: tháng 1 năm 2026 (từ 01/01/2026 đến 31/01/2026)');
    expect([...rows.keys()].some((k) => k.startsWith('Lưu ý: kỳ báo cáo chưa kết thúc'))).toBe(false);
    expect(rows.get('Lượt truy cập bị chặn tại trường')?.[1]).toBe(20);
    expect(rows.get('Trẻ bị hại được hỗ trợ')?.slice(1, 5)).toEqual(['*', '%', '*', '<5']);
    const coverageSheet = wb.worksheets.find((w) => String(w.getCell('A1').value).startsWith('Trường, cơ sở được giáo dục'));
    const wardRows: unknown[][] = [];
    coverageSheet?.eachRow((r) => {
      wardRows.push((r.values as unknown[]).slice(1));
    });
    expect(wardRows.find((r) => r[0] === 'Hoàn Kiếm')?.slice(2, 4)).toEqual([expect.any(Number), 2]);
    expect(wardRows.some((r) => r.includes('*') || r.includes('<5'))).toBe(false);
    expect(wardRows.some((r) => String(r[0]).startsWith('Bảo vệ trẻ em'))).toBe(true);
    expect(wb.worksheets.length).toBe(10);

    const docx = readDocx((await get(`/indicators/reports/${made.id}/docx`)).rawPayload);
    expect(docx.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(docx.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(docx.text).toContain('BÁO CÁO');
    expect(docx.text).toContain('Hà Nội, ngày 15 tháng 3 năm 2026');
    expect(docx.text).toContain('tháng 1 năm 2026');
    expect(docx.text).toContain(`Trường, cơ sở được giáo dục an toàn trực tuyến: ${String(E.coverage.value).replace('.', ',')} % (2/6).`);
    expect(docx.text).not.toContain('chưa kết thúc');
    // tables numbered as drawn: 1, 2, 3… with no gap where a section has none
    const numbers = [...docx.text.matchAll(/Bảng (\d+)\./g)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    expect(numbers).toEqual(numbers.map((_, n) => n + 1));
    // and when the reports section has no table (QA saw "Bảng 2" then "Bảng 5"), the filter's still follow on
    const content = await reportContent(db().kysely, 'monthly', JANUARY, FIXTURE_NOW.toISOString());
    const reportsReceived = content.indicators.find((i) => i.code === 'reports_received');
    if (reportsReceived) reportsReceived.breakdown = [];
    const thin = readDocx(await writeReportDocx(content, DEFAULT_ISSUER, FIXTURE_NOW)).text;
    const thinNumbers = [...thin.matchAll(/Bảng (\d+)\./g)].map((m) => Number(m[1]));
    expect(thin).toContain('Lượt truy cập bị chặn theo loại nội dung');
    expect(thinNumbers).toEqual(thinNumbers.map((_, n) => n + 1));
    expect(docx.text).toContain('Phản ánh tiếp nhận: <5.');
    expect(docx.text).toContain('Lượt truy cập bị chặn tại trường: 20.');
    expect(docx.text).toContain('Trẻ bị hại được hỗ trợ: ẩn (số nhỏ), trên tổng số <5.');
    expect(docx.images.length).toBeGreaterThanOrEqual(1);
    const targets = docx.tables.find((tb) => tb[0]?.[0] === 'Chỉ số');
    expect(targets?.[1]).toEqual(['Trường, cơ sở được giáo dục an toàn trực tuyến', `${String(E.coverage.value).replace('.', ',')} %`, '2', '6']);
    const entry = await db().kysely.selectFrom('audit_log').select('subject_id').where('action', '=', 'indicators.report_generated').execute();
    expect(entry.map((e) => e.subject_id)).toContain(made.id);
  }, 60_000);

  it('prints the issuer and signer the city set on reports generated afterwards, and refuses bad ones whole', async () => {
    expect((await get('/indicators/report-issuer')).json()).toMatchObject({ agencyName: 'Sở Giáo dục và Đào tạo', updatedAt: null });
    const issuer = {
      agencyParent: 'Ủy ban nhân dân thành phố Hà Nội',
      agencyName: 'Sở Thông tin và Truyền thông',
      symbol: 'BC-STTTT',
      signerAuthority: '',
      signerPost: 'Giám đốc',
      signerName: 'Nguyễn Thị Bình',
    };
    const bad: Array<[unknown, RegExp]> = [
      [{ ...issuer, signerName: '' }, /signerName/],
      [{ ...issuer, signerName: '   ' }, /signerName/],
      [{ ...issuer, agencyName: 'x'.repeat(201) }, /agencyName/],
      [{ ...issuer, signerPost: 'Giám đốc\nKý thay' }, /signerPost/],
      [{ ...issuer, agencyParent: 'UBND\u0000' }, /agencyParent/],
      [{ ...issuer, symbol: { a: 1 } }, /symbol/],
      [{ ...issuer, stamp: 'x' }, /stamp/],
      [{ agencyName: 'Sở' }, /agencyParent/],
    ];
    for (const [body, field] of bad) {
      const res = await leader.request('PUT', '/api/v1/indicators/report-issuer', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(field);
    }
    const worker = await t.staff('case_worker', { unitId: '00070' });
    expect((await worker.request('PUT', '/api/v1/indicators/report-issuer', issuer)).statusCode).toBe(403);
    expect((await get('/indicators/report-issuer')).json().updatedAt).toBeNull();

    const saved = await leader.request('PUT', '/api/v1/indicators/report-issuer', { ...issuer, signerName: '  Nguyễn Thị   Bình ' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await get('/indicators/report-issuer')).json()).toMatchObject({ ...issuer, updatedAt: FIXTURE_NOW.toISOString() });
    const made = await leader.request('POST', '/api/v1/indicators/reports', { kind: 'monthly', year: 2026, index: 2 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().number).toBe('…/BC-STTTT');
    const docx = readDocx((await get(`/indicators/reports/${made.json().id}/docx`)).rawPayload);
    expect(docx.text.toUpperCase()).toContain('SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
    expect(docx.text).toContain('BC-STTTT');
    expect(docx.text).toContain('Nguyễn Thị Bình');
    expect(docx.text.toUpperCase()).toContain('GIÁM ĐỐC');
    // the head signs in their own name: no "KT." line, and nothing left of the draft signer
    expect(docx.text).not.toContain('KT.');
    expect(docx.text).not.toContain('Sở Giáo dục và Đào tạo');
    const entry = await db().kysely.selectFrom('audit_log').select('action').where('action', '=', 'indicator_report_issuer.updated').execute();
    expect(entry.length).toBe(1);
  }, 60_000);

  it('generates each periodic report once when its period has ended (the schedule job)', async () => {
    const first = await generateDueReports(t.deps);
    expect(first).toBe(4);
    expect(await generateDueReports(t.deps)).toBe(0);
    const scheduled = await db()
      .kysely.selectFrom('indicator_reports')
      .select(['kind', 'period_from'])
      .where('origin', '=', 'schedule')
      .orderBy('kind')
      .execute();
    expect(scheduled).toEqual([
      { kind: 'annual', period_from: '2025-01-01' },
      { kind: 'half_year', period_from: '2025-07-01' },
      { kind: 'monthly', period_from: '2026-02-01' },
      { kind: 'quarterly', period_from: '2025-10-01' },
    ]);
  }, 120_000);

  it('counts a school covered by the same N as the programmes coverage page (the city setting), and says so', async () => {
    const one = await indicators(q(JANUARY));
    expect(one.programme_coverage?.definition.numerator).toContain('ít nhất 1 buổi');
    await saveCoverageSettings(db().kysely, { ...DEFAULT_SETTINGS, minSessions: 2 }, FIXTURE_NOW.toISOString());
    try {
      const two = await indicators(q(JANUARY));
      expect(two.programme_coverage?.definition.numerator).toContain('ít nhất 2 buổi');
      // the same schools and sessions, counted as the coverage page counts them (programmes' own read)
      const page = (await get('/programmes/coverage?from=2026-01-01&to=2026-02-01')).json() as { cells: Array<{ schools: number; covered: number }> };
      const covered = page.cells.reduce((a, c) => a + c.covered, 0);
      const schoolsN = page.cells.reduce((a, c) => a + c.schools, 0);
      expect(two.programme_coverage).toMatchObject({ numerator: covered, denominator: schoolsN });
      expect(two.programme_coverage?.numerator ?? 0).toBeLessThanOrEqual(one.programme_coverage?.numerator ?? 0);
      // an explicit ?minSessions= still wins
      expect((await indicators(`${q(JANUARY)}&minSessions=1`)).programme_coverage?.numerator).toBe(one.programme_coverage?.numerator);
    } finally {
      await saveCoverageSettings(db().kysely, { ...DEFAULT_SETTINGS, minSessions: 1 }, FIXTURE_NOW.toISOString());
    }
  });

  it('counts a report filed, acknowledged and handed over today at once, though the rollup ran before it', async () => {
    await refreshRollup(db().kysely, FIXTURE_NOW);
    const year = q({ from: '2026-01-01', to: '2027-01-01' });
    const before = await indicators(year);
    const intake = await t.staff('intake_officer');
    const rep = await intake.request('POST', '/api/v1/intake/reports', {
      incidentTypes: ['grooming'],
      description: 'Có người dụ dỗ',
      victim: { ageBand: '11_14' },
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const id = rep.json().id as string;
    expect((await intake.request('POST', `/api/v1/intake/reports/${id}/accept`)).statusCode).toBe(200);
    const handed = await intake.request('POST', `/api/v1/intake/reports/${id}/handover`, { victimSupport: true, violationHandling: false, unitId: '00070' });
    expect(handed.statusCode, handed.body).toBeLessThan(300);
    const after = await indicators(year);
    expect(after.reports_received?.value).toBe((before.reports_received?.value ?? 0) + 1);
    expect(after.ack_within_sla?.numerator).toBe((before.ack_within_sla?.numerator ?? 0) + 1);
    expect(after.ack_within_sla?.denominator).toBe((before.ack_within_sla?.denominator ?? 0) + 1);
    expect(after.victims_supported?.denominator).toBe((before.victims_supported?.denominator ?? 0) + 1);
    // closed months still come from the rollup (asOf), the open month is read live
    expect(after.asOf).toBe(FIXTURE_NOW.toISOString());
    const march = await indicators(q({ from: '2026-03-01', to: '2026-04-01' }));
    expect(march.asOf).toBeNull();
    expect(march.reports_received?.value).toBeGreaterThanOrEqual(1);

    // the six-month report written now holds the same count
    const res = await leader.request('POST', '/api/v1/indicators/reports', { kind: 'half_year', year: 2026, index: 1 });
    expect(res.statusCode, res.body).toBe(201);
    const file = await get(`/indicators/reports/${res.json().id}/xlsx`);
    // named in Vietnamese: ASCII-folded for old clients, the Vietnamese name in filename*
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="bao-cao-6-thang-dau-nam-2026.xlsx"; filename*=UTF-8''${encodeURIComponent('Báo cáo 6 tháng đầu năm 2026.xlsx')}`,
    );
    expect((await get(`/indicators/reports/${res.json().id}/docx`)).headers['content-disposition']).toContain('filename="bao-cao-6-thang-dau-nam-2026.docx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    let received: unknown;
    wb.getWorksheet('Tổng hợp')?.eachRow((r) => {
      const v = r.values as unknown[];
      if (v[1] === 'Phản ánh tiếp nhận') received = v[2];
    });
    expect(received).toBe(after.reports_received?.value);
    // generated on 15 March, the first half of 2026 is not over: the form's warning is in both files
    const note = 'Lưu ý: kỳ báo cáo chưa kết thúc (kết thúc ngày 30/06/2026); số liệu tính đến ngày 15/03/2026 và sẽ còn thay đổi.';
    expect(String(wb.getWorksheet('Tổng hợp')?.getCell('A3').value)).toBe(note);
    expect(readDocx((await get(`/indicators/reports/${res.json().id}/docx`)).rawPayload).text).toContain(note);
  }, 60_000);
});
