import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { describeEachDb } from '../testing/databases.js';
import { coverageFeed, outreachFeed, safetyChecklistFeed, trainingFeed } from './feed.js';

/**
 * Hand-computed fixtures (every expected number below is counted by hand from the rows inserted
 * here). Two wards of the 2025 map (W1, W2); four schools:
 *   S1 primary in W1: sessions 2025-09-10, 2025-10-01, 2025-12-20 (semester 1), 2026-02-03
 *   S2 kindergarten in W1: one session 2025-09-15
 *   S3 lower secondary, moved from W1 to W2 on 2025-12-01: sessions 2025-10-05 (recorded in W1),
 *      2025-12-10 (recorded in W2)
 *   S4 care facility in W2: no session
 */
const W1 = '99001';
const W2 = '99002';
const [S1, S2, S3, S4] = ['s-1', 's-2', 's-3', 's-4'];
const SEM1 = { from: '2025-09-01', to: '2026-01-16' };
const EMPTY = { from: '2024-09-01', to: '2025-06-01' };

async function fixtures(k: Db['kysely']): Promise<void> {
  const now = '2026-03-01T00:00:00.000Z';
  const ts = { created_at: now, updated_at: now };
  await k
    .insertInto('units')
    .values(
      [W1, W2].map((id) => ({ id, name: `P ${id}`, full_name: `Phường ${id}`, name_en: id, kind: 'ward' as const, parent_id: null, search_key: id, ...ts })),
    )
    .execute();
  const school = (id: string, level: 'primary' | 'kindergarten' | 'lower_secondary' | 'care_facility', unit: string) => ({
    id,
    code: id.toUpperCase(),
    name: id,
    level,
    unit_id: unit,
    address: null,
    is_demo: 0,
    search_key: id,
    ...ts,
  });
  // S3 is in W2 today (moved in the reorganisation)
  await k
    .insertInto('schools')
    .values([school(S1, 'primary', W1), school(S2, 'kindergarten', W1), school(S3, 'lower_secondary', W2), school(S4, 'care_facility', W2)])
    .execute();
  const topic = await k.selectFrom('programme_topics').select('id').where('code', '=', 'cyberbullying').executeTakeFirstOrThrow();
  let n = 0;
  const session = (school_id: string, unit_id: string, held_on: string) => ({
    id: `ses-${++n}`,
    school_id,
    unit_id,
    held_on,
    topic_id: topic.id,
    audience: 'students' as const,
    grades: '[3]',
    attendance: 30,
    materials: null,
    photo_sha256: null,
    import_id: null,
    created_by: null,
    ...ts,
  });
  await k
    .insertInto('programme_sessions')
    .values([
      session(S1, W1, '2025-09-10'),
      session(S1, W1, '2025-10-01'),
      session(S1, W1, '2025-12-20'),
      session(S1, W1, '2026-02-03'),
      session(S2, W1, '2025-09-15'),
      session(S3, W1, '2025-10-05'),
      session(S3, W2, '2025-12-10'),
      session(S1, W1, '2026-01-16'), // the first day after the semester: outside [from, to)
    ])
    .execute();
  const checklist = (
    id: string,
    school_id: string,
    unit_id: string,
    assessed_on: string,
    status: 'submitted' | 'approved',
    self: number,
    score: number | null,
  ) => ({
    id,
    school_id,
    unit_id,
    assessed_on,
    answers: '{}',
    self_score: self,
    status,
    score,
    reviewed_by: null,
    reviewed_at: null,
    review_note: null,
    created_by: null,
    ...ts,
  });
  await k
    .insertInto('programme_checklists')
    .values([
      checklist('c-1', S1, W1, '2025-10-01', 'approved', 80, 75),
      checklist('c-2', S1, W1, '2025-11-01', 'submitted', 90, null), // newer, not yet reviewed
      checklist('c-3', S3, W1, '2025-10-20', 'approved', 60, 62.5),
    ])
    .execute();
  const training = (id: string, school_id: string, unit_id: string, name: string, hours: number, cert: string | null) => ({
    id,
    school_id,
    unit_id,
    held_on: '2025-10-10',
    trainee_name: name,
    trainee_role: 'teacher' as const,
    course: 'An toàn trên mạng',
    hours,
    certificate_no: cert,
    created_by: null,
    ...ts,
  });
  await k
    .insertInto('programme_trainings')
    .values([
      training('t-1', S1, W1, 'Nguyễn Thị An', 4, 'CC-1'),
      training('t-2', S1, W1, 'nguyễn thị an', 2.5, null),
      training('t-3', S3, W2, 'Trần Văn Bình', 8, 'CC-2'),
    ])
    .execute();
  const outreach = (id: string, unit_id: string, kind: 'to_dan_pho' | 'thon', name: string, participants: number, households: number | null) => ({
    id,
    unit_id,
    group_kind: kind,
    group_name: name,
    held_on: '2025-11-11',
    topic_id: topic.id,
    participants,
    households,
    note: null,
    created_by: null,
    ...ts,
  });
  await k
    .insertInto('programme_outreach')
    .values([
      outreach('o-1', W1, 'to_dan_pho', 'Tổ dân phố 5', 40, 25),
      outreach('o-2', W1, 'to_dan_pho', 'Tổ dân phố 5', 35, null),
      outreach('o-3', W2, 'thon', 'Thôn Đông', 60, 30),
    ])
    .execute();
}

describeEachDb('programmes feed: hand-computed fixtures', (db) => {
  beforeAll(async () => fixtures(db().kysely));

  it('coverage: sessions per school, covered at N, the moved school in the ward of its latest session', async () => {
    const rows = await coverageFeed(db().kysely, { ...SEM1, minSessions: 2 });
    expect(rows).toEqual([
      { schoolId: S1, unitId: W1, level: 'primary', sessions: 3, covered: true },
      { schoolId: S2, unitId: W1, level: 'kindergarten', sessions: 1, covered: false },
      { schoolId: S3, unitId: W2, level: 'lower_secondary', sessions: 2, covered: true },
      { schoolId: S4, unitId: W2, level: 'care_facility', sessions: 0, covered: false },
    ]);
    // A period that ended before the move keeps S3 in its old ward.
    const before = await coverageFeed(db().kysely, { from: '2025-09-01', to: '2025-12-01', minSessions: 1 });
    expect(before.find((r) => r.schoolId === S3)).toEqual({ schoolId: S3, unitId: W1, level: 'lower_secondary', sessions: 1, covered: true });
    // Semester 2 so far: S1's February session and the one on its first day.
    const sem2 = await coverageFeed(db().kysely, { from: '2026-01-16', to: '2026-06-01', minSessions: 1 });
    expect(sem2.filter((r) => r.covered).map((r) => [r.schoolId, r.sessions])).toEqual([[S1, 2]]);
  });

  it('coverage: a period with no data lists every school, none covered, in its ward today', async () => {
    const rows = await coverageFeed(db().kysely, { ...EMPTY, minSessions: 1 });
    expect(rows.map((r) => [r.schoolId, r.unitId, r.sessions, r.covered])).toEqual([
      [S1, W1, 0, false],
      [S2, W1, 0, false],
      [S3, W2, 0, false],
      [S4, W2, 0, false],
    ]);
  });

  it('safety checklist: the latest approved score; an unreviewed newer one does not replace it', async () => {
    const rows = await safetyChecklistFeed(db().kysely, SEM1);
    expect(rows).toEqual([
      { schoolId: S1, unitId: W1, score: 75, reviewed: true, selfScore: 90 },
      { schoolId: S2, unitId: W1, score: null, reviewed: false, selfScore: null },
      { schoolId: S3, unitId: W1, score: 62.5, reviewed: true, selfScore: 60 },
      { schoolId: S4, unitId: W2, score: null, reviewed: false, selfScore: null },
    ]);
    expect((await safetyChecklistFeed(db().kysely, EMPTY)).every((r) => r.score === null && !r.reviewed)).toBe(true);
  });

  it('trainings and outreach per ward; an empty period has no rows (no fake zeros)', async () => {
    expect(await trainingFeed(db().kysely, SEM1)).toEqual([
      { unitId: W1, trainings: 2, people: 1, hours: 6.5, certified: 1 },
      { unitId: W2, trainings: 1, people: 1, hours: 8, certified: 1 },
    ]);
    expect(await outreachFeed(db().kysely, SEM1)).toEqual([
      { unitId: W1, events: 2, groups: 1, participants: 75, households: 25 },
      { unitId: W2, events: 1, groups: 1, participants: 60, households: 30 },
    ]);
    expect(await trainingFeed(db().kysely, EMPTY)).toEqual([]);
    expect(await outreachFeed(db().kysely, EMPTY)).toEqual([]);
  });
});
