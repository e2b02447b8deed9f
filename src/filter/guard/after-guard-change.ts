import type { Ctx } from '../../context.js';
import { publishSnapshot } from '../service.js';
import { recheckStoredLists } from './recheck-lists.js';

/** After a committed guard change: record each list's refused lines again, then publish (the compiler applies the guard). */
export async function afterGuardChange(ctx: Pick<Ctx, 'db' | 'config'>): Promise<void> {
  await recheckStoredLists(ctx.db.kysely, ctx.config.dataDir);
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}

/**
 * After a committed decision ("block this guarded name anyway", or its revocation): only the
 * city's small table changes (store.ts compileDomains). Which list lines hit the guard depends on
 * the guard entries, not on decisions, so the lists are not read again.
 */
export async function afterGuardDecision(ctx: Pick<Ctx, 'db' | 'config'>): Promise<void> {
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
