import { existsSync, readFileSync } from 'node:fs';
import type { Tx } from '../db/database.js';
import { displayNames } from '../org/users/names.js';
import { FilterEngine } from './engine/engine.js';
import { ACTION, type Decision } from './engine/policy.js';
import { guardAppliesTo } from './guard/guard-set.js';
import { type ActiveGuardDecision, loadGuard } from './guard/read-guard.js';
import { rulesMatching } from './lists/parse.js';
import type { DomainTable } from './matcher.js';
import type { Band, Snapshot } from './model.js';
import { buildSnapshot, listFile } from './store.js';

/**
 * "Why is this domain blocked for this band at this school?": the decision, plus the list and
 * rule (or custom entry, schedule, canary) that made it. Slow path: reads list files.
 */
export interface Explanation {
  domain: string;
  schoolId: string | null;
  band: Band;
  decision: 'allowed' | 'blocked' | 'safe_search' | 'canary';
  category: string | null;
  mandatory: boolean;
  rule: string;
  matched: string | null;
  target: string | null;
  lists: Array<{ id: string; name: string; category: string; rules: string[] }>;
  /** the name is guarded: third-party list lines for it are refused (issue 11) */
  guard: { domain: string; reasonVi: string; reasonEn: string } | null;
  /** the block comes from the city's named decision to block a guarded name anyway */
  guardDecision: ActiveGuardDecision | null;
}

const ACTIONS = ['allowed', 'blocked', 'safe_search', 'canary'] as const;

export async function explainWith(
  db: Tx,
  dataDir: string,
  snapshot: Snapshot,
  tables: DomainTable[],
  domain: string,
  schoolId: string | null,
  band: Band,
  at?: number,
): Promise<Explanation> {
  const engine = new FilterEngine(snapshot, tables);
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  let d: Decision;
  try {
    d = engine.check(name, schoolId, band, at);
  } finally {
    engine.close();
  }
  const matched = d.level >= 0 ? name.split('.').slice(d.level).join('.') : null;
  const lists: Explanation['lists'] = [];
  const guard = await loadGuard(db);
  const hit = guard.set.match(name);
  const guarded = hit && hit.relation !== 'parent' ? hit.guard : null;
  const under = (g: string) => name === g || name.endsWith(`.${g}`);
  const decided = d.action === ACTION.BLOCK && d.rule === 'list' ? (guard.decisions.find((x) => x.category === d.category && under(x.domain)) ?? null) : null;
  // who decided, by display name as the guard decisions list shows it (the stored value is a user id)
  const guardDecision = decided && {
    ...decided,
    decidedBy: decided.decidedBy ? ((await displayNames(db, [decided.decidedBy])).get(decided.decidedBy) ?? decided.decidedBy) : null,
  };
  if (d.rule === 'list' || d.rule === 'schedule' || (d.action === ACTION.ALLOW && d.rule !== 'allow')) {
    const rows = await db
      .selectFrom('filter_lists as l')
      .innerJoin('filter_categories as c', 'c.code', 'l.category_code')
      .select(['l.id', 'l.name', 'l.category_code', 'l.code', 'l.source_type', 'c.kind'])
      .where('l.enabled', '=', 1)
      .execute();
    for (const l of rows) {
      if (d.action === ACTION.BLOCK && l.category_code !== d.category) continue;
      // the guard refused this list's lines for the name: they do not decide anything
      if (guarded && guardAppliesTo(l, l.kind)) continue;
      const f = listFile(dataDir, l.id);
      if (!existsSync(f)) continue;
      const rules = rulesMatching(readFileSync(f), name);
      if (rules.length) lists.push({ id: l.id, name: l.name, category: l.category_code, rules });
    }
  }
  return {
    domain: name,
    schoolId,
    band,
    decision: ACTIONS[d.action]!,
    category: d.category || null,
    mandatory: d.mandatory,
    rule: guardDecision ? 'guard_decision' : d.rule || 'default',
    matched,
    target: d.target,
    lists,
    guard: guarded ? { domain: guarded.domain, reasonVi: guarded.reasonVi, reasonEn: guarded.reasonEn } : null,
    guardDecision,
  };
}

export async function explain(db: Tx, dataDir: string, domain: string, schoolId: string | null, band: Band, at?: number): Promise<Explanation> {
  const { snapshot, tables } = await buildSnapshot(db, dataDir, new Date().toISOString());
  return explainWith(db, dataDir, snapshot, tables, domain, schoolId, band, at);
}
