import type { FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../context.js';

/** The use-case context for one request: shared dependencies + who is calling + from where. */
export const ctxOf = (req: FastifyRequest, deps: Deps): Ctx => ({ ...deps, actor: req.actor, origin: { ip: req.ip } });
