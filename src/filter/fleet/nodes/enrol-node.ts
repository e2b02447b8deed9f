import { type AuditContext, audit } from '../../../audit/audit.js';
import type { Tx } from '../../../db/database.js';
import { AppError } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import { cleanText } from '../../../shared/text.js';
import './messages.js';
import { ENROLMENT_PREFIX, NODE_TOKEN_PREFIX, newNodeSecret, secretHash } from './node-secrets.js';

export interface EnrolInput {
  token: string;
  name?: string | undefined;
  softwareVersion: string;
}

const refused = () => new AppError(401, 'fleet.enrolment_refused');

/**
 * Turns a one-time enrolment token into a node and its own token. The token is spent by a
 * conditional update (`used_at IS NULL`) in the transaction that creates the node: two nodes racing
 * with one token get one node between them. Unknown, spent and expired tokens get the same answer.
 */
export async function enrolNode(
  db: Tx,
  ctx: AuditContext,
  input: EnrolInput,
  address: string | null,
): Promise<{ nodeId: string; nodeToken: string; schoolIds: string[] }> {
  const hash = secretHash(input.token, ENROLMENT_PREFIX);
  if (!hash) throw refused();
  const now = ctx.clock().toISOString();
  const nodeToken = newNodeSecret();
  const nodeId = newId();
  return db.transaction().execute(async (trx) => {
    const enrolment = await trx.selectFrom('filter_fleet_enrolments').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (!enrolment || enrolment.used_at !== null || enrolment.expires_at <= now) throw refused();
    const spent = await trx
      .updateTable('filter_fleet_enrolments')
      .set({ used_at: now, node_id: nodeId })
      .where('id', '=', enrolment.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw refused();
    // the administrator's name for the node (typed in the console) is the one people see; the
    // node's own host name ('vm', 'raspberrypi') only stands in when the enrolment has none, and is
    // otherwise kept in the audit record as a detail
    const hostName = input.name ? cleanText(input.name) : '';
    const name = enrolment.name || hostName;
    await trx
      .insertInto('filter_fleet_nodes')
      .values({
        id: nodeId,
        name,
        school_ids: enrolment.school_ids,
        token_hash: secretHash(nodeToken, NODE_TOKEN_PREFIX) as string,
        enrolment_id: enrolment.id,
        enrolled_at: now,
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
        last_seen_at: now,
        address,
        software_version: cleanText(input.softwareVersion),
        policy_version: null,
        behind_since: null,
        health: null,
      })
      .execute();
    await audit(
      ctx,
      trx,
      'filter_fleet_node.enrolled',
      { type: 'filter_fleet_node', id: nodeId },
      { name, hostName: hostName || null, enrolment: enrolment.id, softwareVersion: input.softwareVersion },
    );
    return { nodeId, nodeToken, schoolIds: JSON.parse(enrolment.school_ids) as string[] };
  });
}
