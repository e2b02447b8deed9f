import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses } from '../http/schemas.js';
import { PriorityRules, PriorityRulesBody, RoutingRules, RoutingRulesBody, SavedCount, SlaSettings, SlaSettingsBody, SweepResult } from './api-schemas.js';
import { toPriorityRule, toRoutingRule, toSlaSetting } from './present.js';
import { runSlaSweep } from './reports/sweep-overdue.js';
import { listPriorityRules, replacePriorityRules } from './settings/priority-rules.js';
import { listRoutingRules, replaceRoutingRules } from './settings/routing-rules.js';
import { listSla, updateSla } from './settings/sla.js';

const tags = ['intake'];

/** Rules as data: priority and routing rules, the SLA, and the sweep that applies it. */
export async function settingsRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const saved = { 200: SavedCount, ...errorResponses };

  app.get(
    '/intake/settings/priority-rules',
    { schema: { tags, summary: 'Quy tắc ưu tiên / priority rules', response: { 200: PriorityRules, ...errorResponses } } },
    async (req) => ({ items: (await listPriorityRules(ctxOf(req, deps))).map(toPriorityRule) }),
  );
  app.put(
    '/intake/settings/priority-rules',
    {
      schema: {
        tags,
        summary: 'Thay toàn bộ quy tắc ưu tiên (theo thứ tự) / replace the priority rules (in order)',
        body: PriorityRulesBody,
        response: saved,
      },
    },
    async (req) => ({ count: await replacePriorityRules(ctxOf(req, deps), req.body.items) }),
  );

  app.get(
    '/intake/settings/routing-rules',
    { schema: { tags, summary: 'Quy tắc chuyển xử lý / routing rules', response: { 200: RoutingRules, ...errorResponses } } },
    async (req) => ({ items: (await listRoutingRules(ctxOf(req, deps))).map(toRoutingRule) }),
  );
  app.put(
    '/intake/settings/routing-rules',
    {
      schema: {
        tags,
        summary: 'Thay toàn bộ quy tắc chuyển xử lý (theo thứ tự) / replace the routing rules (in order)',
        body: RoutingRulesBody,
        response: saved,
      },
    },
    async (req) => ({ count: await replaceRoutingRules(ctxOf(req, deps), req.body.items) }),
  );

  app.get(
    '/intake/settings/sla',
    { schema: { tags, summary: 'Thời hạn theo mức ưu tiên / SLA per priority (minutes)', response: { 200: SlaSettings, ...errorResponses } } },
    async (req) => ({ items: (await listSla(ctxOf(req, deps))).map(toSlaSetting) }),
  );
  app.put('/intake/settings/sla', { schema: { tags, summary: 'Sửa thời hạn / edit the SLA', body: SlaSettingsBody, response: saved } }, async (req) => ({
    count: await updateSla(ctxOf(req, deps), req.body.items),
  }));

  app.post(
    '/intake/sla/sweep',
    { schema: { tags, summary: 'Quét quá hạn ngay / run the SLA sweep now', response: { 200: SweepResult, ...errorResponses } } },
    async (req) => ({ reports: await runSlaSweep(ctxOf(req, deps)) }),
  );
}
