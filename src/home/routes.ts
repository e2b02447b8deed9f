import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses } from '../http/schemas.js';
import { HomeCounts } from './api-schemas.js';
import { homeCounts } from './home-counts.js';

/** The console's home page: the signed-in person's work, counted. */
export async function homeRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/home',
    {
      schema: {
        tags: ['home'],
        summary: 'Việc cần làm của tôi, đếm theo vai trò / my work, counted for my role',
        response: { 200: HomeCounts, ...errorResponses },
      },
    },
    async (req) => homeCounts(ctxOf(req, deps)),
  );
}
