import type { RequestOrigin, TokenActor } from '../../access/actor.js';
import { appendAudit } from '../../audit/append.js';
import type { Deps } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { type Deferred, deferUntilCommit } from '../../db/group-commit.js';
import { sha256Hex } from '../../shared/secrets.js';

export const TOKEN_PREFIX = 'lct_';

/**
 * Turns a bearer secret into an actor, or null. Every use is audited (which token, which route,
 * from where), as the audit rules ask for token use. The audit write is started, not awaited:
 * the caller awaits `recorded` before answering, so the entry is durable before the response and
 * shares a group commit with the write the request itself makes (src/db/group-commit.ts).
 */
export async function resolveApiToken(
  deps: Deps,
  secret: string,
  origin: RequestOrigin,
  what: string,
): Promise<{ actor: TokenActor; recorded: Promise<void> } | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  const row = await deps.db.kysely.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256Hex(secret)).executeTakeFirst();
  const now = deps.clock();
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now.getTime())) return null;
  const actor: TokenActor = {
    kind: 'token',
    id: row.id,
    label: `token:${row.name}`,
    scopes: JSON.parse(row.scopes) as string[],
    unitId: row.unit_id,
    schoolId: row.school_id,
  };
  const recorded = deps.db.writes.run(async (trx) => {
    const use = { id: row.id, at: now.toISOString() };
    if (!deferUntilCommit(trx, tokenUses, use)) await markUsed(trx, [use]);
    await appendAudit(trx, { actor, origin, action: 'token.used', subjectType: 'api_token', subjectId: row.id, detail: { route: what } }, deps.clock);
  });
  recorded.catch(() => {}); // awaited (and reported) by the caller; this only silences the unhandled-rejection warning
  return { actor, recorded };
}

/** last_used_at: one update per token per group-commit batch, not one per request. */
async function markUsed(trx: Tx, uses: Array<{ id: string; at: string }>): Promise<void> {
  const latest = new Map<string, string>();
  for (const u of uses) if ((latest.get(u.id) ?? '') < u.at) latest.set(u.id, u.at);
  for (const [id, at] of latest) await trx.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
const tokenUses: Deferred<{ id: string; at: string }> = { name: 'api_tokens.last_used_at', flush: markUsed };
