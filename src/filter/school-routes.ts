import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { badInput } from '../shared/errors.js';
import { CheckQuery, CounsellorBody, Explanation, Rules, RulesBody, RulesParams, RulesSaved } from './api-schemas.js';
import { explain } from './explain.js';
import { cityFilterPolicy, schoolFilterPolicy } from './filter.policy.js';
import { BANDS, type Band } from './model.js';
import { presentSchoolRules } from './present.js';
import { allowEffects } from './reviews/allow-effects.js';
import { listSchoolRules } from './rules/list-school-rules.js';
import { saveSchoolRules } from './rules/save-school-rules.js';
import { setCounsellor } from './rules/set-counsellor.js';

const tags = ['filter'];

/** A school's additions to the city policy, its counsellor, and "why is this domain blocked?". */
export async function schoolRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/filter/schools/:id/rules', { schema: { tags, params: IdParams, response: { 200: Type.Array(Rules), ...errorResponses } } }, async (req) =>
    (await listSchoolRules(ctxOf(req, deps), req.params.id)).map(presentSchoolRules),
  );
  app.put(
    '/filter/schools/:id/rules/:band',
    { schema: { tags, params: RulesParams, body: RulesBody, response: { 200: RulesSaved, ...errorResponses } } },
    async (req) => {
      await saveSchoolRules(ctxOf(req, deps), req.params.id, req.params.band, req.body);
      // say what is true: an allow entry a city-mandatory category overrides does nothing (issue 11)
      const entries = req.body.allowDomains.map((domain) => ({ band: req.params.band, domain }));
      return { allowEffects: await allowEffects(deps.db.kysely, deps.config.dataDir, req.params.id, entries) };
    },
  );
  app.put(
    '/filter/schools/:id/counsellor',
    { schema: { tags, params: IdParams, body: CounsellorBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await setCounsellor(ctxOf(req, deps), req.params.id, req.body.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/filter/check',
    {
      schema: {
        tags,
        summary: 'Vì sao tên miền bị chặn? / why is this domain blocked for this band at this school?',
        querystring: CheckQuery,
        response: { 200: Explanation, ...errorResponses },
      },
    },
    async (req) => {
      const { domain, schoolId, band, at } = req.query;
      if (schoolId) schoolFilterPolicy.authorize(req.actor, 'read', { school_id: schoolId });
      else cityFilterPolicy.authorize(req.actor, 'read');
      if (!domain || !BANDS.includes(band as Band)) throw badInput('domain, band');
      return explain(deps.db.kysely, deps.config.dataDir, domain, schoolId ?? null, band as Band, at ? Date.parse(at) : undefined);
    },
  );
}
