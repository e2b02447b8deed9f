import type { Ctx } from '../../context.js';
import type { SchoolLevel } from '../../org/tables.js';
import { coveragePolicy } from '../coverage.policy.js';
import { coverageFeed } from '../feed.js';
import type { NamedPeriod } from './periods.js';
import { type PeriodQuery, resolvePeriod } from './resolve-period.js';

export interface CoverageCell {
  unitId: string;
  level: SchoolLevel;
  schools: number;
  covered: number;
}

export interface UncoveredSchool {
  schoolId: string;
  code: string;
  name: string;
  unitId: string;
  level: SchoolLevel;
  sessions: number;
}

/** The caller's own school in the period (a school administrator's view). */
export interface OwnSchoolCoverage {
  schoolId: string;
  name: string;
  covered: boolean;
  sessions: number;
}

export interface Coverage {
  period: NamedPeriod;
  minSessions: number;
  /** per ward × level, the wards the caller may see */
  cells: CoverageCell[];
  uncovered: UncoveredSchool[];
  /** the caller's own school, when the caller belongs to one it may read */
  ownSchool: OwnSchoolCoverage | null;
  /** the names of the wards above, Vietnamese and English */
  unitNames: Map<string, { vi: string; en: string }>;
}

/**
 * Coverage for one period, by the same definition the city's indicators use (feed.ts
 * coverageFeed: a school is covered with at least N sessions in the period, attributed to the ward
 * of its latest session). The city sees every ward; a ward's officer only their own; a school's
 * administrator only their own school's line.
 */
export async function readCoverage(ctx: Ctx, q: PeriodQuery & { minSessions?: number | undefined }): Promise<Coverage> {
  coveragePolicy.authorize(ctx.actor, 'read');
  const { period, settings } = await resolvePeriod(ctx.db.kysely, ctx.clock, q);
  const minSessions = q.minSessions ?? settings.minSessions;
  const rows = (await coverageFeed(ctx.db.kysely, { from: period.from, to: period.to, minSessions })).filter((r) =>
    coveragePolicy.can(ctx.actor, 'read', { unit_id: r.unitId, school_id: r.schoolId }),
  );
  const cells = new Map<string, CoverageCell>();
  for (const r of rows) {
    const key = `${r.unitId}|${r.level}`;
    let c = cells.get(key);
    if (!c) {
      c = { unitId: r.unitId, level: r.level, schools: 0, covered: 0 };
      cells.set(key, c);
    }
    c.schools++;
    if (r.covered) c.covered++;
  }
  const open = rows.filter((r) => !r.covered);
  const names = open.length
    ? await ctx.db.kysely
        .selectFrom('schools')
        .select(['id', 'code', 'name'])
        .where(
          'id',
          'in',
          open.map((r) => r.schoolId),
        )
        .execute()
    : [];
  const byId = new Map(names.map((n) => [n.id, n]));
  const unitIds = [...new Set(rows.map((r) => r.unitId))];
  const units = unitIds.length ? await ctx.db.kysely.selectFrom('units').select(['id', 'name', 'name_en']).where('id', 'in', unitIds).execute() : [];
  const mySchoolId = ctx.actor.kind === 'user' ? ctx.actor.schoolId : null;
  const mine = mySchoolId ? rows.find((r) => r.schoolId === mySchoolId) : undefined;
  const myName = mine ? ((await ctx.db.kysely.selectFrom('schools').select('name').where('id', '=', mine.schoolId).executeTakeFirst())?.name ?? '') : '';
  return {
    ownSchool: mine ? { schoolId: mine.schoolId, name: myName, covered: mine.covered, sessions: mine.sessions } : null,
    unitNames: new Map(units.map((u) => [u.id, { vi: u.name, en: u.name_en }])),
    period,
    minSessions,
    cells: [...cells.values()].sort((a, b) => (a.unitId === b.unitId ? a.level.localeCompare(b.level) : a.unitId < b.unitId ? -1 : 1)),
    uncovered: open
      .map((r) => ({
        schoolId: r.schoolId,
        code: byId.get(r.schoolId)?.code ?? '',
        name: byId.get(r.schoolId)?.name ?? '',
        unitId: r.unitId,
        level: r.level,
        sessions: r.sessions,
      }))
      .sort((a, b) => (a.unitId === b.unitId ? a.name.localeCompare(b.name, 'vi') : a.unitId < b.unitId ? -1 : 1)),
  };
}
