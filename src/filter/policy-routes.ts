import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { badInput, notFound } from '../shared/errors.js';
import {
  BandPatchBody,
  BandPolicy,
  Category,
  CategoryCreateBody,
  CategoryPatchBody,
  ImportBody,
  ImportResult,
  List,
  ListPatchBody,
  Settings,
  SettingsPatchBody,
} from './api-schemas.js';
import { listBandPolicies } from './bands/list-band-policies.js';
import { saveBandPolicy } from './bands/save-band-policy.js';
import { listCategories } from './categories/list-categories.js';
import { saveCategory } from './categories/save-category.js';
import { deleteList } from './lists/delete-list.js';
import { importList } from './lists/import-list.js';
import { listLists } from './lists/list-lists.js';
import { refreshList } from './lists/refresh/refresh-list.js';
import { updateList } from './lists/update-list.js';
import { BANDS, type Band } from './model.js';
import { presentCategory, presentImport, presentList } from './present.js';
import { assertBlockPageAvailable } from './say-true/blockpage-status.js';
import { getSettings } from './settings/get-settings.js';
import { saveSettings } from './settings/save-settings.js';

const tags = ['filter'];
const errorsOfImport = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400] };

/** The city's policy: categories, block lists, band policies and settings. */
export async function policyRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/filter/categories',
    { schema: { tags, summary: 'Nhóm nội dung / categories', response: { 200: Type.Array(Category), ...errorResponses } } },
    async (req) => {
      const { categories, domains } = await listCategories(ctxOf(req, deps));
      return categories.map((c) => presentCategory(c, domains.get(c.code) ?? 0));
    },
  );
  app.post('/filter/categories', { schema: { tags, body: CategoryCreateBody, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await saveCategory(ctxOf(req, deps), req.body.code, req.body, true);
    return reply.status(204).send(null);
  });
  app.patch(
    '/filter/categories/:id',
    { schema: { tags, params: IdParams, body: CategoryPatchBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await saveCategory(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  app.get('/filter/lists', { schema: { tags, summary: 'Danh sách chặn / block lists', response: { 200: Type.Array(List), ...errorResponses } } }, async (req) =>
    (await listLists(ctxOf(req, deps))).map(presentList),
  );
  app.post(
    '/filter/lists',
    {
      schema: {
        tags,
        summary: 'Nhập danh sách từ URL hoặc nội dung / import a list from a URL or content',
        body: ImportBody,
        response: { 201: ImportResult, ...errorsOfImport },
      },
    },
    async (req, reply) => {
      const { name, category, url, content } = req.body;
      if (!url && !content) throw badInput('url | content');
      const r = await importList(ctxOf(req, deps), { name, category, ...(url ? { url } : { content: Buffer.from(content!, 'utf8') }) });
      return reply.status(201).send(presentImport(req.lang, r));
    },
  );
  app.post('/filter/lists/:id/refresh', { schema: { tags, params: IdParams, response: { 200: ImportResult, ...errorsOfImport } } }, async (req) =>
    presentImport(req.lang, await refreshList(ctxOf(req, deps), req.params.id)),
  );
  app.patch('/filter/lists/:id', { schema: { tags, params: IdParams, body: ListPatchBody, response: { 200: List, ...errorResponses } } }, async (req) =>
    presentList(await updateList(ctxOf(req, deps), req.params.id, req.body)),
  );
  app.delete('/filter/lists/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteList(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/filter/bands',
    { schema: { tags, summary: 'Chính sách theo cấp học / band policies', response: { 200: Type.Array(BandPolicy), ...errorResponses } } },
    async (req) => listBandPolicies(ctxOf(req, deps)),
  );
  app.patch('/filter/bands/:id', { schema: { tags, params: IdParams, body: BandPatchBody, response: { 200: BandPolicy, ...errorResponses } } }, async (req) => {
    if (!BANDS.includes(req.params.id as Band)) throw notFound();
    // "block page" without its address would silently answer NXDOMAIN: refused (issue 11)
    await assertBlockPageAvailable(deps, req.body.blockResponse);
    return saveBandPolicy(ctxOf(req, deps), req.params.id as Band, req.body);
  });

  app.get('/filter/settings', { schema: { tags, response: { 200: Settings, ...errorResponses } } }, async (req) => getSettings(ctxOf(req, deps)));
  app.patch('/filter/settings', { schema: { tags, body: SettingsPatchBody, response: { 200: Settings, ...errorResponses } } }, async (req) =>
    saveSettings(ctxOf(req, deps), req.body),
  );
}
