import type { Db, Tx } from '../db/database.js';
import type { IntakePriorityRulesTable, IntakeRoutingRulesTable, IntakeSlaTable } from './tables.js';
import type { AgeBand, Category, Priority } from './vocab.js';

/**
 * Triage rules are data (tables intake_priority_rules, intake_routing_rules, intake_sla), edited
 * in the console. Submissions read them from a short-lived cache: an edit in this process clears
 * it at once, other processes pick it up within CACHE_MS.
 */
export interface RuleSet {
  priority: Array<IntakePriorityRulesTable & { cats: string[]; bands: string[] }>;
  routing: Array<IntakeRoutingRulesTable & { cats: string[]; agencyId: string | null }>;
  sla: Map<string, IntakeSlaTable>;
  /** agency id → its e-mail address, for urgent reports (cached with the rules: no look-up per report) */
  agencyEmail: Map<string, string | null>;
}

const CACHE_MS = 5_000;
const cache = new WeakMap<Db['kysely'], { at: number; rules: Promise<RuleSet> }>();

export function invalidateRules(db: Db['kysely']): void {
  cache.delete(db);
}

export async function loadRules(db: Db['kysely'] | Tx): Promise<RuleSet> {
  const [priority, routing, sla, agencies] = await Promise.all([
    db.selectFrom('intake_priority_rules').selectAll().where('active', '=', 1).orderBy('position').orderBy('id').execute(),
    db.selectFrom('intake_routing_rules').selectAll().where('active', '=', 1).orderBy('position').orderBy('id').execute(),
    db.selectFrom('intake_sla').selectAll().execute(),
    db.selectFrom('agencies').select(['id', 'code', 'email']).where('active', '=', 1).execute(),
  ]);
  const byCode = new Map(agencies.map((a) => [a.code, a.id]));
  return {
    priority: priority.map((r) => ({ ...r, cats: JSON.parse(r.categories) as string[], bands: JSON.parse(r.age_bands) as string[] })),
    routing: routing.map((r) => ({ ...r, cats: JSON.parse(r.categories) as string[], agencyId: byCode.get(r.agency_code) ?? null })),
    sla: new Map(sla.map((s) => [s.priority, s])),
    agencyEmail: new Map(agencies.map((a) => [a.id, a.email])),
  };
}

export function cachedRules(db: Db['kysely'], now = Date.now()): Promise<RuleSet> {
  const hit = cache.get(db);
  if (hit && now - hit.at < CACHE_MS) return hit.rules;
  const rules = loadRules(db);
  cache.set(db, { at: now, rules });
  rules.catch(() => cache.delete(db));
  return rules;
}

export interface Facts {
  categories: Category[];
  imminentDanger: boolean;
  ageBand: AgeBand;
  unitId: string | null;
}

const intersects = (wanted: string[], have: readonly string[]) => wanted.length === 0 || wanted.some((c) => have.includes(c));

/** The first matching active rule decides; without any, p4 (lowest) — never dropped. */
export function decidePriority(rules: RuleSet, f: Facts): { priority: Priority; ruleId: string | null } {
  let best: { priority: Priority; ruleId: string | null } | null = null;
  for (const r of rules.priority) {
    if (r.imminent_only === 1 && !f.imminentDanger) continue;
    if (!intersects(r.cats, f.categories)) continue;
    if (!intersects(r.bands, [f.ageBand])) continue;
    // Several rules may match (a report can have several categories): the most urgent wins.
    if (!best || r.priority < best.priority) best = { priority: r.priority, ruleId: r.id };
  }
  return best ?? { priority: 'p4', ruleId: null };
}

/** First matching routing rule (by position) whose agency exists; the ward is the child's ward. */
export function decideRouting(rules: RuleSet, f: Facts): { agencyId: string | null; unitId: string | null; ruleId: string | null } {
  for (const r of rules.routing) {
    if (!r.agencyId) continue;
    if (r.unit_id !== null && r.unit_id !== f.unitId) continue;
    if (!intersects(r.cats, f.categories)) continue;
    return { agencyId: r.agencyId, unitId: f.unitId, ruleId: r.id };
  }
  return { agencyId: null, unitId: f.unitId, ruleId: null };
}

const FALLBACK_SLA: Record<Priority, [number, number]> = { p1: [15, 60], p2: [60, 480], p3: [480, 4320], p4: [1440, 10080] };

export function slaDeadlines(rules: RuleSet, priority: Priority, from: Date): { ackDueAt: string; actionDueAt: string } {
  const s = rules.sla.get(priority);
  const [ack, action] = s ? [s.ack_minutes, s.action_minutes] : FALLBACK_SLA[priority];
  return { ackDueAt: new Date(from.getTime() + ack * 60_000).toISOString(), actionDueAt: new Date(from.getTime() + action * 60_000).toISOString() };
}
