// The ceiling for the reporting-centre benchmarks: a bare Fastify app (the project's Fastify and
// TypeBox versions) with one POST route that validates a body shaped like the partner report
// (same field names and limits, JSON schema compiled by Fastify) and answers 201 with a tracking
// code, plus GET /readyz. No database, no auth, no logging, no plugins: no route of the platform
// built on the same framework can beat it on the same machine.
//   node <bundled bare.mjs> PORT      (bench/intake/run.ts and bench/startup.ts bundle and start it)
import { randomBytes, randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';

const CATEGORIES = [
  'sexual_abuse_material',
  'sextortion',
  'grooming',
  'self_harm',
  'cyberbullying',
  'harmful_content',
  'scam',
  'privacy',
  'false_info',
  'other',
];
const PLATFORMS = ['facebook', 'messenger', 'zalo', 'tiktok', 'youtube', 'instagram', 'telegram', 'discord', 'roblox', 'game', 'website', 'other'];
const lits = (xs: string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

const Body = Type.Object(
  {
    incidentTypes: Type.Array(lits(CATEGORIES), { minItems: 1, maxItems: 10 }),
    imminentDanger: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    urls: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 20 })),
    platform: Type.Optional(lits(PLATFORMS)),
    victim: Type.Optional(
      Type.Object(
        { ageBand: Type.Optional(Type.String({ maxLength: 20 })), unitId: Type.Optional(Type.String({ maxLength: 16 })) },
        { additionalProperties: false },
      ),
    ),
    reporter: Type.Optional(
      Type.Object({ kind: Type.Optional(Type.String({ maxLength: 40 })), consentToContact: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    ),
    partnerReference: Type.Optional(Type.String({ maxLength: 100 })),
    lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
app.post(
  '/api/v1/intake/reports',
  {
    schema: {
      headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
      body: Body,
    },
  },
  async (_req, reply) => {
    const r = randomBytes(10);
    let code = '';
    for (const b of r) code += ALPHABET[b & 31];
    return reply
      .status(201)
      .send({ id: randomUUID(), trackingCode: code, pin: '000000', priority: 'p3', status: 'new', createdAt: new Date().toISOString(), replayed: false });
  },
);
app.get('/readyz', async () => ({ status: 'ready' }));

const port = Number(process.argv[2] ?? 8099);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`bare fastify on 127.0.0.1:${port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
