import type { RequestOrigin, TokenActor } from '../../access/actor.js';
import { audit } from '../../audit/audit.js';
import type { Deps } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { type Deferred, deferUntilCommit } from '../../db/group-commit.js';
import { prepared } from '../../db/prepared.js';
import { sha256Hex } from '../../shared/secrets.js';

export const TOKEN_PREFIX = 'lct_';

// every call with a token looks it up: the query is built once (src/db/prepared.ts). The ward of the
// school a token is limited to comes with it, as it is now (see TokenActor.schoolUnitId).
const findToken = prepared((db, hash: string) =>
  db
    .selectFrom('api_tokens')
    .leftJoin('schools', 'schools.id', 'api_tokens.school_id')
    .selectAll('api_tokens')
    .select('schools.unit_id as school_unit_id')
    .where('api_tokens.token_hash', '=', hash)
    .limit(1),
);

type TokenRow = Awaited<ReturnType<typeof findToken>>[number];

/**
 * Token rows looked up in the last two seconds, by secret hash, per database. A partner filing
 * reports calls many times a second, and looking its token up each time was 4 % of a report's CPU.
 * Revoking a token forgets them all at once in this process (forgetTokens); another process serving
 * the same database sees a revocation within TOKEN_CACHE_MS. Only tokens that exist are kept, so
 * guessing secrets fills nothing; expiry is checked on every use.
 */
const TOKEN_CACHE_MS = 2_000;
const TOKEN_CACHE_MAX = 1_000;
const tokenRows = new WeakMap<Db, Map<string, { row: TokenRow; until: number }>>();

async function lookUpToken(db: Db, hash: string, now: number): Promise<TokenRow | undefined> {
  let rows = tokenRows.get(db);
  if (!rows) {
    rows = new Map();
    tokenRows.set(db, rows);
  }
  const hit = rows.get(hash);
  if (hit && hit.until > now) return hit.row;
  const [row] = await findToken(db.kysely, hash);
  if (row && !row.revoked_at) {
    if (rows.size >= TOKEN_CACHE_MAX) rows.clear();
    rows.set(hash, { row, until: now + TOKEN_CACHE_MS });
  } else rows.delete(hash);
  return row;
}

/** After a token is revoked (or changed): the next use of any token reads it again. */
export function forgetTokens(db: Db): void {
  tokenRows.get(db)?.clear();
}

/** `last_used_at` is kept to the minute: a token in constant use writes it once a minute, not per request. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Turns a bearer secret into an actor, or null. Every use is audited once — who (the token), when,
 * what, from where — as the audit rules ask for token use. The caller calls `record` before
 * answering (src/auth/authenticate.ts), with whether the request's own audit entry already names
 * the token and is durable (`actor.use.audited`, set by such a use case, and a successful answer):
 *  - not audited: a `token.used` entry (with the route) is committed, and `last_used_at` with it;
 *  - audited: the request's entry is the record of the use, written in its own transaction; only
 *    `last_used_at` may need a write, and not within a minute of the last one. A partner system
 *    filing reports therefore costs one audit entry per report, not two.
 */
export async function resolveApiToken(
  deps: Deps,
  secret: string,
  origin: RequestOrigin,
  what: string,
): Promise<{ actor: TokenActor; record: (audited: boolean) => Promise<void> } | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  const now = deps.clock();
  const row = await lookUpToken(deps.db, sha256Hex(secret), now.getTime());
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now.getTime())) return null;
  const actor: TokenActor = {
    kind: 'token',
    id: row.id,
    label: `token:${row.name}`,
    scopes: JSON.parse(row.scopes) as string[],
    unitId: row.unit_id,
    schoolId: row.school_id,
    schoolUnitId: row.school_unit_id,
  };
  // not enumerable: the actor is logged and serialised in places; this is request bookkeeping
  Object.defineProperty(actor, 'use', { value: { audited: false }, enumerable: false });
  const use = { id: row.id, at: now.toISOString() };
  const lastUsedFresh = row.last_used_at !== null && now.getTime() - Date.parse(row.last_used_at) < LAST_USED_PRECISION_MS;
  const record = async (audited: boolean): Promise<void> => {
    if (audited && lastUsedFresh) return;
    // a cached row must not send every use within the minute to the database again
    row.last_used_at = use.at;
    await deps.db.writes.run(async (trx) => {
      if (!deferUntilCommit(trx, tokenUses, use)) await markUsed(trx, [use]);
      if (!audited) await audit({ actor, origin, clock: deps.clock }, trx, 'token.used', { type: 'api_token', id: row.id }, { route: what });
    });
  };
  return { actor, record };
}

/** last_used_at: one update per token per group-commit batch, not one per request. */
async function markUsed(trx: Tx, uses: Array<{ id: string; at: string }>): Promise<void> {
  const latest = new Map<string, string>();
  for (const u of uses) if ((latest.get(u.id) ?? '') < u.at) latest.set(u.id, u.at);
  for (const [id, at] of latest) await trx.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
const tokenUses: Deferred<{ id: string; at: string }> = { name: 'api_tokens.last_used_at', flush: markUsed };
