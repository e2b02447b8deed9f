import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { coveragePolicy } from '../coverage.policy.js';
import { type CoverageSettings, readCoverageSettings, saveCoverageSettings } from './settings.js';

/** The city changes what "covered" means and where its school year and semesters begin and end. */
export async function updateCoverageSettings(ctx: Ctx, input: Partial<CoverageSettings>): Promise<CoverageSettings> {
  coveragePolicy.authorize(ctx.actor, 'configure');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const next = { ...(await readCoverageSettings(trx)), ...input };
    await saveCoverageSettings(trx, next, ctx.clock().toISOString());
    await audit(ctx, trx, 'programme_coverage.settings_updated', { type: 'programme_settings', id: 'coverage' }, { ...input });
    return next;
  });
}

export async function getCoverageSettings(ctx: Ctx): Promise<CoverageSettings> {
  coveragePolicy.authorize(ctx.actor, 'read');
  return readCoverageSettings(ctx.db.kysely);
}
