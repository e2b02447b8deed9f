import type { Ctx } from '../../context.js';
import { topicPolicy } from '../topic.policy.js';

/** The catalogue in its order; retired topics too, flagged, so old sessions still show their topic. */
export async function listTopics(ctx: Ctx) {
  topicPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('programme_topics').selectAll().orderBy('sort').orderBy('code').execute();
}
