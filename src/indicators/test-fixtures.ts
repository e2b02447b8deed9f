import type { Tx } from '../db/database.js';

/**
 * A small city computed by hand, for the indicator tests and the console's browser test. It uses
 * the demo schools the org seed creates (two in Hoàn Kiếm 00070, two in Ba Đình 00004, one in
 * 00082, one in 00008). Every expected figure in FIXTURE_EXPECTED is counted from the rows below.
 *
 * January 2026:
 *   reports  R1 00070 web [grooming, sextortion] p1, acknowledged and acted on in time
 *            R2 00070 partner [grooming] p2, acknowledged late, never acted on (past deadline)
 *            R3 00004 web [cyberbullying] p3, never acknowledged (past both deadlines)
 *            R4 00004 web, merged into R3 (not counted)
 *            R5 no ward, web [scam] p4, deadlines not reached on 15 March (not judged)
 *   detection: one item found harmful (csam), one not harmful, one pending
 *   takedowns: removed, sent, requested, withdrawn
 *   filter:  Tiểu học 1 (00070) primary: 1,000 look-ups, 7 adult + 3 gambling blocked;
 *            THCS 1 (00004) lower_secondary: 10 adult blocked
 *   sessions: Tiểu học 1 one, THCS 1 two — coverage 2 of 6 schools
 * February 2026: R6 00070 web [grooming] p2 acknowledged in time; THPT 1 one session.
 */
export const FIXTURE_NOW = new Date('2026-03-15T03:00:00.000Z');
export const JANUARY = { from: '2026-01-01', to: '2026-02-01' };

export const FIXTURE_EXPECTED = {
  january: {
    reports: 4,
    reportsByChannel: { web: 3, partner: 1 },
    reportsByCategory: { grooming: 2, sextortion: 1, cyberbullying: 1, scam: 1 },
    ack: { numerator: 1, denominator: 3, value: 33.3 },
    action: { numerator: 1, denominator: 3, value: 33.3 },
    detection: 3,
    takedowns: { numerator: 1, denominator: 2, value: 50 },
    blocked: 20,
    blockedHoanKiem: 10,
    coverage: { numerator: 2, denominator: 6, value: 33.3 },
  },
};

const at = (s: string) => `${s}:00.000Z`;

export async function insertFixtureCity(db: Tx): Promise<{ schools: Record<string, string> }> {
  const schoolRows = await db.selectFrom('schools').select(['id', 'code']).execute();
  const schools = Object.fromEntries(schoolRows.map((s) => [s.code, s.id]));
  const report = (
    id: string,
    o: {
      unit: string | null;
      source: 'web' | 'partner';
      cats: string[];
      priority: 'p1' | 'p2' | 'p3' | 'p4';
      created: string;
      ackDue: string;
      actionDue: string;
      ack?: string;
      action?: string;
      status?: 'new' | 'accepted' | 'merged';
    },
  ) => ({
    id,
    tracking_code: `LC-${id}`,
    pin_hash: 'x',
    status: o.status ?? 'accepted',
    source: o.source,
    partner_token_id: null,
    idem_scope: null,
    idem_key: null,
    idem_hash: null,
    reporter_kind: 'parent_relative' as const,
    categories: JSON.stringify(o.cats),
    imminent_danger: 0,
    platform: null,
    when_code: 'week' as const,
    incident_date: null,
    age_band: '11_14' as const,
    unit_id: o.unit,
    sealed_detail: 'sealed',
    sealed_contact: null,
    contact_consent: 0,
    has_email: 0,
    lang: 'vi' as const,
    priority: o.priority,
    priority_rule_id: null,
    agency_id: null,
    routed_unit_id: null,
    routing_rule_id: null,
    ack_due_at: at(o.ackDue),
    action_due_at: at(o.actionDue),
    acknowledged_at: o.ack ? at(o.ack) : null,
    first_action_at: o.action ? at(o.action) : null,
    overdue_notified: 0,
    spam_score: 0,
    spam_reasons: '[]',
    merged_into: o.status === 'merged' ? 'fx-r3' : null,
    reject_reason: null,
    needs_victim_support: 0,
    needs_violation_handling: 0,
    handover_unit_id: null,
    handover_agency_id: null,
    url_count: 0,
    file_count: 0,
    ip_key: null,
    created_at: at(o.created),
    updated_at: at(o.created),
  });
  await db
    .insertInto('intake_reports')
    .values([
      report('fx-r1', {
        unit: '00070',
        source: 'web',
        cats: ['grooming', 'sextortion'],
        priority: 'p1',
        created: '2026-01-05T10:00',
        ackDue: '2026-01-05T11:00',
        ack: '2026-01-05T10:30',
        actionDue: '2026-01-06T10:00',
        action: '2026-01-05T12:00',
      }),
      report('fx-r2', {
        unit: '00070',
        source: 'partner',
        cats: ['grooming'],
        priority: 'p2',
        created: '2026-01-10T00:00',
        ackDue: '2026-01-10T12:00',
        ack: '2026-01-11T00:00',
        actionDue: '2026-01-12T00:00',
      }),
      report('fx-r3', {
        unit: '00004',
        source: 'web',
        cats: ['cyberbullying'],
        priority: 'p3',
        created: '2026-01-20T00:00',
        ackDue: '2026-01-21T00:00',
        actionDue: '2026-01-25T00:00',
      }),
      report('fx-r4', {
        unit: '00004',
        source: 'web',
        cats: ['cyberbullying'],
        priority: 'p3',
        created: '2026-01-20T01:00',
        ackDue: '2026-01-21T00:00',
        actionDue: '2026-01-25T00:00',
        status: 'merged',
      }),
      report('fx-r5', {
        unit: null,
        source: 'web',
        cats: ['scam'],
        priority: 'p4',
        created: '2026-01-31T23:00',
        ackDue: '2026-04-01T00:00',
        actionDue: '2026-04-05T00:00',
      }),
      report('fx-r6', {
        unit: '00070',
        source: 'web',
        cats: ['grooming'],
        priority: 'p2',
        created: '2026-02-02T00:00',
        ackDue: '2026-02-02T12:00',
        ack: '2026-02-02T01:00',
        actionDue: '2026-02-04T00:00',
        action: '2026-02-02T02:00',
      }),
    ])
    .execute();
  const item = (id: string, decision: 'harmful' | 'not_harmful' | null, category: string | null, created: string) =>
    ({
      id,
      kind: 'url',
      source: 'analyst',
      status: decision ? 'decided' : 'queued',
      next_attempt_at: at(created),
      decision,
      decision_category: category,
      created_at: at(created),
      updated_at: at(created),
      text_truncated: 0,
      attempts: 0,
      score: 0,
      match_count: 0,
    }) as never;
  await db
    .insertInto('detect_items')
    .values([
      item('fx-i1', 'harmful', 'csam', '2026-01-03T00:00'),
      item('fx-i2', 'not_harmful', null, '2026-01-04T00:00'),
      item('fx-i3', null, null, '2026-01-05T00:00'),
    ])
    .execute();
  const takedown = (id: string, status: string) =>
    ({
      id,
      item_id: 'fx-i1',
      platform: 'website',
      sealed_urls: 'sealed',
      domain: null,
      legal_basis: 'x',
      status,
      requested_at: at('2026-01-06T00:00'),
      created_at: at('2026-01-06T00:00'),
      updated_at: at('2026-01-06T00:00'),
    }) as never;
  await db
    .insertInto('detect_takedowns')
    .values([takedown('fx-t1', 'removed'), takedown('fx-t2', 'sent'), takedown('fx-t3', 'requested'), takedown('fx-t4', 'withdrawn')])
    .execute();
  const th = schools['DEMO-TH-01'] as string;
  const thcs = schools['DEMO-THCS-01'] as string;
  const thpt = schools['DEMO-THPT-01'] as string;
  await db
    .insertInto('filter_counters')
    .values([
      { hour: at('2026-01-03T08:00'), school_id: th, band: 'primary', category: 'all', count: 1000 },
      { hour: at('2026-01-03T08:00'), school_id: th, band: 'primary', category: 'adult', count: 7 },
      { hour: at('2026-01-04T09:00'), school_id: th, band: 'primary', category: 'gambling', count: 3 },
      { hour: at('2026-01-15T10:00'), school_id: thcs, band: 'lower_secondary', category: 'adult', count: 10 },
      { hour: at('2025-12-31T23:00'), school_id: thcs, band: 'lower_secondary', category: 'adult', count: 99 },
    ])
    .execute();
  const topic = await db.selectFrom('programme_topics').select('id').orderBy('id').executeTakeFirstOrThrow();
  let n = 0;
  const session = (school_id: string, unit_id: string, held_on: string) => ({
    id: `fx-s${++n}`,
    school_id,
    unit_id,
    held_on,
    topic_id: topic.id,
    audience: 'students' as const,
    grades: '[5]',
    attendance: 30,
    materials: null,
    photo_sha256: null,
    import_id: null,
    created_by: null,
    created_at: at('2026-02-10T00:00'),
    updated_at: at('2026-02-10T00:00'),
  });
  await db
    .insertInto('programme_sessions')
    .values([
      session(th, '00070', '2026-01-10'),
      session(thcs, '00004', '2026-01-12'),
      session(thcs, '00004', '2026-01-20'),
      session(thpt, '00004', '2026-02-05'),
    ])
    .execute();
  return { schools };
}
