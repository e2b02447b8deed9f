import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../context.js';
import { errorResponses } from '../../../http/schemas.js';
import { loadAddressKey, SchoolAddresses } from '../../engine/school-addresses.js';
import { BANDS } from '../../model.js';
import { requireNode } from './authenticate-node.js';
import './messages.js';

const BandToken = Type.Object({
  schoolId: Type.String(),
  band: Type.Union(BANDS.map((b) => Type.Literal(b))),
  token: Type.String(),
});

/**
 * GET /fleet/addresses (issue 16): the DNS-over-HTTPS/-TLS tokens of a node's own schools, every
 * band, so that a node answers at the very addresses `lachan filter addresses` prints at the centre
 * (engine/school-addresses.ts) — a school tablet at home set to the school's address stays
 * filtered whether the centre or the school's node answers it. The node gets tokens, never the
 * centre's address key: it cannot make the address of a school it does not serve. A revoked node
 * gets 403 and nothing new (it keeps the tokens it saved, as it keeps its last policy).
 */
export async function fleetAddressRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // read on the first request, not at start: a centre whose nodes never ask makes no key
  let addresses: SchoolAddresses | null = null;
  app.get(
    '/fleet/addresses',
    {
      config: { ownBearer: true },
      schema: {
        tags: ['filter'],
        summary: 'Mã địa chỉ DoH/DoT các trường của trạm lọc / the DoH/DoT address tokens of a node’s schools',
        security: [],
        response: { 200: Type.Object({ tokens: Type.Array(BandToken) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      // a GET has no body to keep from a stranger: the node is checked first thing here
      const node = await requireNode(deps.db.kysely, req.headers.authorization);
      addresses ??= SchoolAddresses.fromKey(loadAddressKey(deps.config.dataDir));
      return reply.header('cache-control', 'no-store').send({ tokens: addresses.tokensOf(node.schoolIds) });
    },
  );
}
