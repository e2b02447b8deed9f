import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { cleanPlatformDomain, publishLearningPlatforms, setLearningPlatformDomains } from '../../filter/learning-platforms.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { learningPlatformPolicy } from '../learning-platform.policy.js';
import { schoolRecordOf } from '../school-of.js';

export interface PlatformInput {
  name: string;
  domain: string;
}

/**
 * Replaces a school's list of approved learning platforms and, in the same transaction, the
 * allow entries they give the school's filter (filter/learning-platforms.ts); the running filter
 * reloads after the commit.
 */
export async function savePlatforms(ctx: Ctx, schoolId: string, input: PlatformInput[]): Promise<void> {
  learningPlatformPolicy.authorize(ctx.actor, 'update');
  const platforms = input.map((p, i) => {
    let domain: string;
    try {
      domain = cleanPlatformDomain(p.domain.trim().toLowerCase(), `platforms[${i}].domain`);
    } catch {
      throw new AppError(400, 'programme_domain_invalid', { value: p.domain.slice(0, 80) });
    }
    return { name: cleanText(p.name), domain };
  });
  const seen = new Set<string>();
  for (const p of platforms) {
    if (seen.has(p.domain)) throw new AppError(400, 'programme_domain_duplicate', { value: p.domain });
    seen.add(p.domain);
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const school = await schoolRecordOf(trx, schoolId);
    learningPlatformPolicy.authorize(ctx.actor, 'update', school);
    const now = ctx.clock().toISOString();
    const before = await trx.selectFrom('programme_learning_platforms').select('domain').where('school_id', '=', schoolId).execute();
    await trx.deleteFrom('programme_learning_platforms').where('school_id', '=', schoolId).execute();
    if (platforms.length > 0) {
      await trx
        .insertInto('programme_learning_platforms')
        .values(
          platforms.map((p) => ({
            id: newId(),
            school_id: schoolId,
            name: p.name,
            domain: p.domain,
            created_by: ctx.actor.id,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    await setLearningPlatformDomains(
      trx,
      schoolId,
      before.map((b) => b.domain),
      platforms.map((p) => p.domain),
      now,
    );
    await audit(ctx, trx, 'programme_learning_platforms.updated', { type: 'school', id: schoolId }, { domains: platforms.map((p) => p.domain) });
  });
  await publishLearningPlatforms(ctx.db.kysely, ctx.config.dataDir);
}

export async function listPlatforms(ctx: Ctx, schoolId: string) {
  learningPlatformPolicy.authorize(ctx.actor, 'read');
  const school = await schoolRecordOf(ctx.db.kysely, schoolId);
  learningPlatformPolicy.authorize(ctx.actor, 'read', school);
  return ctx.db.kysely.selectFrom('programme_learning_platforms').select(['id', 'name', 'domain']).where('school_id', '=', schoolId).orderBy('name').execute();
}
