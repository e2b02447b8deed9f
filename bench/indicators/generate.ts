// Synthetic city for the indicators benchmark: schools spread over the 126 wards, five years of
// awareness sessions, reports, detection items and filter counters, written straight into each
// feature's real tables in batches (a bench may bulk-insert). Cases are written through the case
// store's own writer by bench/cases/generate.ts. Deterministic (seeded).
import { sql } from 'kysely';
import type { Tx } from '../../src/db/database.js';
import { addMonths } from '../../src/indicators/periods.js';
import { pick, rng } from '../lib/common.js';

export const START = '2021-12-01';
export const END = '2026-12-01';
const DAY = 86_400_000;
const LEVELS = ['kindergarten', 'primary', 'lower_secondary', 'upper_secondary', 'care_facility'] as const;
const BAND: Record<string, string> = {
  kindergarten: 'kindergarten',
  care_facility: 'kindergarten',
  primary: 'primary',
  lower_secondary: 'lower_secondary',
  upper_secondary: 'upper_secondary',
};
const CATS = ['grooming', 'sextortion', 'cyberbullying', 'scam', 'harmful_content', 'privacy', 'other'] as const;
const BLOCK = ['adult', 'gambling', 'violence'] as const;

async function insertChunks<T>(db: Tx, table: string, rows: T[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk)
    await db
      .insertInto(table as never)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
}

const iso = (t: number) => new Date(t).toISOString();
const months = (): string[] => {
  const out: string[] = [];
  for (let d = START; d < END; d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
};

export async function generateCity(
  db: Tx,
  o: { schools: number; reportsPerDay: number; progress: (done: number, total: number) => void },
): Promise<Record<string, number>> {
  const r = rng(14);
  const wards = (await db.selectFrom('units').select('id').where('kind', '!=', 'city').execute()).map((u) => u.id);
  const now = iso(Date.parse(END));
  const schools = Array.from({ length: o.schools }, (_, i) => {
    const level = pick(r, LEVELS);
    return {
      id: `bs-${i}`,
      code: `BS${i}`,
      name: `Trường ${i}`,
      level,
      unit_id: pick(r, wards),
      address: null,
      is_demo: 0,
      search_key: `truong ${i}`,
      created_at: now,
      updated_at: now,
    };
  });
  const steps = 5;
  let step = 0;
  const tick = () => o.progress(++step, steps);
  await insertChunks(db, 'schools', schools);
  tick();
  // sessions: each school two to four a semester (~30 a school over five years)
  const topic = (await db.selectFrom('programme_topics').select('id').executeTakeFirstOrThrow()).id;
  const t0 = Date.parse(`${START}T00:00:00Z`);
  const span = Date.parse(`${END}T00:00:00Z`) - t0;
  const sessions = [];
  let n = 0;
  for (const s of schools) {
    const count = 20 + Math.floor(r() * 20);
    for (let k = 0; k < count; k++) {
      const held = iso(t0 + Math.floor(r() * span)).slice(0, 10);
      sessions.push({
        id: `bss-${n++}`,
        school_id: s.id,
        unit_id: s.unit_id,
        held_on: held,
        topic_id: topic,
        audience: 'students',
        grades: '[5]',
        attendance: 30,
        materials: null,
        photo_sha256: null,
        import_id: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      });
    }
  }
  await insertChunks(db, 'programme_sessions', sessions);
  tick();
  // reports: reportsPerDay on average, acknowledged mostly in time
  const days = Math.round(span / DAY);
  const reports = [];
  n = 0;
  for (let d = 0; d < days; d++) {
    const k = Math.floor(r() * 2 * o.reportsPerDay);
    for (let j = 0; j < k; j++) {
      const created = t0 + d * DAY + Math.floor(r() * DAY);
      const ackLate = r() < 0.15;
      reports.push({
        id: `br-${n}`,
        tracking_code: `LC-B${n}`,
        pin_hash: 'x',
        status: 'accepted',
        source: r() < 0.8 ? 'web' : 'partner',
        partner_token_id: null,
        idem_scope: null,
        idem_key: null,
        idem_hash: null,
        reporter_kind: 'parent_relative',
        categories: JSON.stringify([pick(r, CATS)]),
        imminent_danger: 0,
        platform: null,
        when_code: 'week',
        incident_date: null,
        age_band: '11_14',
        unit_id: r() < 0.9 ? pick(r, wards) : null,
        sealed_detail: 'sealed',
        sealed_contact: null,
        contact_consent: 0,
        has_email: 0,
        lang: 'vi',
        priority: pick(r, ['p1', 'p2', 'p3', 'p4']),
        priority_rule_id: null,
        agency_id: null,
        routed_unit_id: null,
        routing_rule_id: null,
        ack_due_at: iso(created + 4 * 3_600_000),
        action_due_at: iso(created + 48 * 3_600_000),
        acknowledged_at: iso(created + (ackLate ? 6 : 1) * 3_600_000),
        first_action_at: iso(created + 24 * 3_600_000),
        overdue_notified: 0,
        spam_score: 0,
        spam_reasons: '[]',
        merged_into: null,
        reject_reason: null,
        needs_victim_support: 0,
        needs_violation_handling: 0,
        handover_unit_id: null,
        handover_agency_id: null,
        url_count: 0,
        file_count: 0,
        ip_key: null,
        created_at: iso(created),
        updated_at: iso(created),
      });
      n++;
    }
  }
  await insertChunks(db, 'intake_reports', reports, 200);
  tick();
  // detection items: a tenth of the reports' volume
  const items = Array.from({ length: Math.floor(reports.length / 10) }, (_, i) => {
    const at = iso(t0 + Math.floor(r() * span));
    const decision = pick(r, ['harmful', 'not_harmful', null]);
    return {
      id: `bi-${i}`,
      kind: 'url',
      source: 'analyst',
      status: decision ? 'decided' : 'queued',
      next_attempt_at: at,
      decision,
      decision_category: decision === 'harmful' ? 'other' : null,
      created_at: at,
      updated_at: at,
      text_truncated: 0,
      attempts: 0,
      score: 0,
      match_count: 0,
    };
  });
  await insertChunks(db, 'detect_items', items);
  tick();
  // filter counters: per school and month, one counted hour with every look-up and three blocked categories
  const counters = [];
  for (const m of months()) {
    for (const s of schools) {
      const hour = `${m}-10T09:00:00.000Z`;
      const band = BAND[s.level] as string;
      counters.push({ hour, school_id: s.id, band, category: 'all', count: 5000 + Math.floor(r() * 5000) });
      for (const c of BLOCK) counters.push({ hour, school_id: s.id, band, category: c, count: Math.floor(r() * 40) });
    }
  }
  await insertChunks(db, 'filter_counters', counters, 1000);
  tick();
  await sql`select 1`.execute(db);
  return { schools: schools.length, sessions: sessions.length, reports: reports.length, detectItems: items.length, filterCounters: counters.length };
}
