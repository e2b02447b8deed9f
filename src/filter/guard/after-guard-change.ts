import type { Ctx } from '../../context.js';
import { publishSnapshot } from '../service.js';
import { recheckStoredLists } from './recheck-lists.js';

/** After a committed guard change: record each list's refused lines again, then publish (the compiler applies the guard). */
export async function afterGuardChange(ctx: Pick<Ctx, 'db' | 'config'>): Promise<void> {
  await recheckStoredLists(ctx.db.kysely, ctx.config.dataDir);
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
